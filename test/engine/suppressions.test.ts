import * as assert from 'node:assert/strict';
import { ts } from '../../server/src/typescript';
import { MIRRORED_RULES, parseSuppressions } from '../../server/src/engine/suppressions';

function suppressed(text: string, ruleId: string, line: number, honorEslintDisable = true): boolean {
  const sourceFile = ts.createSourceFile('/a.ts', text, ts.ScriptTarget.Latest, true);
  return parseSuppressions(sourceFile, { honorEslintDisable }).isSuppressed(ruleId, line);
}

describe('suppressions of ESLint and oxlint', () => {
  const cases: [string, string][] = Object.entries(MIRRORED_RULES);

  for (const [eslintName, ruleId] of cases) {
    it(`eslint-disable-next-line ${eslintName} suppresses ${ruleId} on the next line only`, () => {
      const text = `// eslint-disable-next-line ${eslintName}\nf();\nf();\n`;
      assert.equal(suppressed(text, ruleId, 1), true);
      assert.equal(suppressed(text, ruleId, 2), false);
      // Another of our rules on the same line is still reported.
      const other = Object.values(MIRRORED_RULES).find((id) => id !== ruleId)!;
      assert.equal(suppressed(text, other, 1), false);
    });
  }

  it('takes the line forms in line and block comments, with a reason after --', () => {
    const text = [
      'f(); // eslint-disable-line @typescript-eslint/no-floating-promises',
      'f(); /* eslint-disable-line no-await-in-loop -- triaged */',
      '/* eslint-disable-next-line n/no-sync, @typescript-eslint/await-thenable -- legacy */',
      'f();',
    ].join('\n');
    assert.equal(suppressed(text, 'floating-promise', 0), true);
    assert.equal(suppressed(text, 'sequential-await', 1), true);
    assert.equal(suppressed(text, 'floating-promise', 1), false);
    assert.equal(suppressed(text, 'blocking-call', 3), true);
    assert.equal(suppressed(text, 'await-non-promise', 3), true);
  });

  it('takes oxlint directives, with its own prefixes for the same rules', () => {
    const text = '// oxlint-disable-next-line typescript/no-floating-promises\nf();\n// oxlint-disable-next-line @typescript-eslint/no-misused-promises\ng();\n';
    assert.equal(suppressed(text, 'floating-promise', 1), true);
    assert.equal(suppressed(text, 'misused-promise', 3), true);
  });

  it('a block eslint-disable lasts until the eslint-enable that names the rule, or the end of the file', () => {
    const text = [
      'a();',
      '/* eslint-disable @typescript-eslint/no-floating-promises, no-async-promise-executor */',
      'b();',
      '/* eslint-enable @typescript-eslint/no-floating-promises */',
      'c();',
    ].join('\n');
    assert.equal(suppressed(text, 'floating-promise', 0), false);
    assert.equal(suppressed(text, 'floating-promise', 2), true);
    assert.equal(suppressed(text, 'floating-promise', 4), false);
    assert.equal(suppressed(text, 'nested-run', 4), true, 'still disabled: the enable did not name it');
  });

  it('a bare eslint-disable turns off every rule, as it does every ESLint rule', () => {
    const text = '/* eslint-disable */\na();\n/* eslint-enable */\nb();\n// eslint-disable-next-line\nc();\n';
    assert.equal(suppressed(text, 'missing-timeout', 1), true);
    assert.equal(suppressed(text, 'floating-promise', 3), false);
    assert.equal(suppressed(text, 'unbounded-fan-out', 5), true);
  });

  it('rules it does not mirror, and look-alike text in strings, change nothing', () => {
    const text = '// eslint-disable-next-line no-console, @typescript-eslint/no-unused-vars\nf();\nconst s = "// eslint-disable-next-line no-await-in-loop";\ng();\n';
    assert.equal(suppressed(text, 'floating-promise', 1), false);
    assert.equal(suppressed(text, 'sequential-await', 3), false);
  });

  it('honorEslintDisable: false reads only our own comments', () => {
    const text = '// eslint-disable-next-line @typescript-eslint/no-floating-promises\nf();\n// async-pitfalls-disable-next-line floating-promise\ng();\n';
    assert.equal(suppressed(text, 'floating-promise', 1, false), false);
    assert.equal(suppressed(text, 'floating-promise', 3, false), true);
  });
});
