import * as assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/engine/fixes';
import blockingCall from '../../server/src/rules/blocking-call';
import floatingPromise from '../../server/src/rules/floating-promise';
import misusedPromise from '../../server/src/rules/misused-promise';
import nestedRun from '../../server/src/rules/nested-run';
import type { AnyRule } from '../../server/src/rules/types';
import { assertFixKeepsCodeValid, runRule, type ValidCase } from '../helpers/ruleTester';

/** The whole file after the fix `fixId` of the only finding that offers it; checked to parse and type-check as before. */
function fixed(rule: AnyRule, testCase: ValidCase, fixId: string): string {
  const result = runRule(rule, testCase);
  const fixes = result.findings.flatMap((finding) => finding.fixes.filter((fix) => fix.id === fixId));
  assert.equal(fixes.length, 1, `expected one ${fixId} fix, found ${fixes.length}`);
  const output = applyEdits(testCase.code, fixes[0].edits);
  assertFixKeepsCodeValid(result, output, fixId);
  return output;
}

const save = 'declare function save(id?: number): Promise<void>;\ndeclare function query(sql: string): Promise<void>;\n';
const on = 'declare function on(event: string, listener: (...args: unknown[]) => void): void;\n';

describe('fix text', () => {
  describe('the void-callback wrap keeps the values of literals in the moved body', () => {
    it('template, string and regular expression literals spanning or starting lines', () => {
      const code =
        `${save}${on}` +
        "on('x', async () => {\n" +
        '  await query(`SELECT id\n' +
        'FROM users\n' +
        '    WHERE ${"a" + `\n' +
        'nested`}\n' +
        '  `);\n' +
        "  await query('one \\\n" +
        "  two');\n" +
        '  await query(/a b/.source);\n' +
        '});\n';
      assert.equal(
        fixed(misusedPromise, { code }, 'handleInVoidSlot'),
        `${save}${on}` +
          "on('x', () => {\n" +
          '  void (async () => {\n' +
          '    await query(`SELECT id\n' +
          'FROM users\n' +
          '    WHERE ${"a" + `\n' +
          'nested`}\n' +
          '  `);\n' +
          "    await query('one \\\n" +
          "  two');\n" +
          '    await query(/a b/.source);\n' +
          '  })().catch((error: unknown) => {\n' +
          '    console.error(error);\n' +
          '  });\n' +
          '});\n',
      );
    });

    it('adds no whitespace to blank lines', () => {
      const code = `${save}${on}on('x', async () => {\n  await save();\n\n  await save();\n});\n`;
      const output = fixed(misusedPromise, { code }, 'handleInVoidSlot');
      assert.equal(
        output,
        `${save}${on}on('x', () => {\n  void (async () => {\n    await save();\n\n    await save();\n  })().catch((error: unknown) => {\n    console.error(error);\n  });\n});\n`,
      );
      assert.doesNotMatch(output, /\n[ \t]+\n/);
    });
  });

  it('the wrap of an annotated async arrow whose parameters are laid out one per line (prettier) keeps the `)`', () => {
    const code =
      'declare function register(handler: (a: string, b: number) => void): void;\n' +
      'register(async (\n' +
      '  a: string,\n' +
      '  b: number,\n' +
      '): Promise<void> => {\n' +
      '  console.log(a, b);\n' +
      '});\n';
    assert.equal(
      fixed(misusedPromise, { code }, 'handleInVoidSlot'),
      'declare function register(handler: (a: string, b: number) => void): void;\n' +
        'register((\n' +
        '  a: string,\n' +
        '  b: number,\n' +
        ') => {\n' +
        '  void (async (): Promise<void> => {\n' +
        '    console.log(a, b);\n' +
        '  })().catch((error: unknown) => {\n' +
        '    console.error(error);\n' +
        '  });\n' +
        '});\n',
    );
  });

  it('a tab-indented file gets tabs', () => {
    const code = `${save}${on}function setup(): void {\n\ton('x', async () => {\n\t\tawait save();\n\t});\n}\nsetup();\n`;
    assert.equal(
      fixed(misusedPromise, { code }, 'handleInVoidSlot'),
      `${save}${on}function setup(): void {\n\ton('x', () => {\n\t\tvoid (async () => {\n\t\t\tawait save();\n\t\t})().catch((error: unknown) => {\n\t\t\tconsole.error(error);\n\t\t});\n\t});\n}\nsetup();\n`,
    );
  });

  it('a four-space file gets four spaces', () => {
    const code = `${save}${on}function setup(): void {\n    on('x', async () => {\n        await save();\n    });\n}\nsetup();\n`;
    assert.equal(
      fixed(misusedPromise, { code }, 'handleInVoidSlot'),
      `${save}${on}function setup(): void {\n    on('x', () => {\n        void (async () => {\n            await save();\n        })().catch((error: unknown) => {\n            console.error(error);\n        });\n    });\n}\nsetup();\n`,
    );
  });

  it('a file without semicolons gets none', () => {
    const save2 = 'declare function save(id?: number): Promise<void>\n';
    const code = `${save2}${on.replace(/;\n$/, '\n')}on('x', async () => {\n  await save()\n})\nexport function f(): void {\n  save()\n}\n`;
    assert.equal(
      fixed(misusedPromise, { code }, 'handleInVoidSlot'),
      `${save2}${on.replace(/;\n$/, '\n')}on('x', () => {\n  void (async () => {\n    await save()\n  })().catch((error: unknown) => {\n    console.error(error)\n  })\n})\nexport function f(): void {\n  save()\n}\n`,
    );
    assert.equal(
      fixed(floatingPromise, { code }, 'addCatch'),
      `${save2}${on.replace(/;\n$/, '\n')}on('x', async () => {\n  await save()\n})\nexport function f(): void {\n  save().catch((error: unknown) => {\n    console.error(error)\n  })\n}\n`,
    );
  });

  it('a CRLF file gets CRLF only', () => {
    const code = `${save}${on}on('x', async () => {\n  await save();\n});\nexport function f(): void {\n  save();\n}\n`.replace(/\n/g, '\r\n');
    const wrapped = fixed(misusedPromise, { code }, 'handleInVoidSlot');
    const caught = fixed(floatingPromise, { code }, 'addCatch');
    for (const output of [wrapped, caught]) assert.doesNotMatch(output, /[^\r]\n/);
    assert.equal(
      wrapped,
      `${save}${on}on('x', () => {\n  void (async () => {\n    await save();\n  })().catch((error: unknown) => {\n    console.error(error);\n  });\n});\nexport function f(): void {\n  save();\n}\n`.replace(/\n/g, '\r\n'),
    );
  });

  it('the executor rewrite keeps a multi-line template and dedents the code around it', () => {
    const code =
      'declare function query(sql: string): Promise<string>;\n' +
      'export function read(): Promise<string> {\n' +
      '  return new Promise(async (resolve, reject) => {\n' +
      '    try {\n' +
      '      const text = await query(`SELECT 1\n' +
      '        FROM dual`);\n' +
      '\n' +
      '      resolve(text.trim());\n' +
      '    } catch (error) {\n' +
      '      reject(error);\n' +
      '    }\n' +
      '  });\n' +
      '}\n';
    assert.equal(
      fixed(nestedRun, { code }, 'asyncFunctionBody'),
      'declare function query(sql: string): Promise<string>;\n' +
        'export function read(): Promise<string> {\n' +
        '  return (async () => {\n' +
        '    const text = await query(`SELECT 1\n' +
        '        FROM dual`);\n' +
        '\n' +
        '    return text.trim();\n' +
        '  })();\n' +
        '}\n',
    );
  });

  it('the blocking-call replacement adds no `;` in a file without semicolons', () => {
    const code = "import { readFileSync } from 'node:fs'\n\nexport async function load(path: string): Promise<string> {\n  return readFileSync(path, 'utf8')\n}\n";
    const result = runRule(blockingCall, { code, node: true });
    const outputs = result.findings.flatMap((finding) => finding.fixes).map((fix) => applyEdits(code, fix.edits));
    assert.ok(outputs.length > 0);
    for (const output of outputs) assert.doesNotMatch(output, /;/, output);
  });
});
