import * as assert from 'node:assert/strict';
import { addedSyntaxErrors, changedLiterals, excess, literalsOf } from '../ecosystem/fixes';

/** The edit that replaces `find` (its first occurrence) in `text` with `by`, and the text it gives. */
function replace(text: string, find: string, by: string) {
  const start = text.indexOf(find);
  assert.ok(start >= 0, `${find} not in the text`);
  const range = { start, end: start + find.length, newText: by };
  return { range, after: text.slice(0, start) + by + text.slice(range.end) };
}

describe('ecosystem check: fixes', () => {
  it('counts what a multiset has in excess, as often as it is', () => {
    assert.deepEqual(excess(['a', 'b', 'a'], ['a', 'a', 'a', 'c', 'b']), ['a', 'c']);
    assert.deepEqual(excess(['a'], []), []);
  });

  describe('syntax errors a fix adds', () => {
    it('finds none when the result parses', () => {
      assert.deepEqual(addedSyntaxErrors('a.ts', 'f();\n', 'void f();\n'), []);
    });

    it('finds the error an edit adds', () => {
      const added = addedSyntaxErrors('a.ts', 'f();\n', 'void (f();\n');
      assert.equal(added.length, 1);
      assert.match(added[0], /^TS1005: '\)' expected/);
    });

    it('does not count an error the file already had, wherever the edit moved it', () => {
      assert.deepEqual(addedSyntaxErrors('a.ts', 'const = 1;\nf();\n', 'g();\nconst = 1;\nvoid f();\n'), []);
      // A second copy of the same error is one more.
      const once = addedSyntaxErrors('a.ts', '', 'const = 1;\n');
      assert.ok(once.length > 0);
      assert.deepEqual(addedSyntaxErrors('a.ts', 'const = 1;\n', 'const = 1;\nconst = 1;\n'), once);
    });

    it('parses by the file name: type syntax is an error in JavaScript only', () => {
      assert.deepEqual(addedSyntaxErrors('a.ts', 'f();\n', 'f() as unknown;\n'), []);
      assert.equal(addedSyntaxErrors('a.js', 'f();\n', 'f() as unknown;\n').length, 1);
      assert.deepEqual(addedSyntaxErrors('a.tsx', 'f();\n', 'f(<div />);\n'), []);
    });
  });

  describe('literals', () => {
    it('lists strings, template pieces and regular expressions as written', () => {
      const text = "const a = 'x\\n', b = \"y\", c = `t${a}u${b}v`, d = /re[/]/g, e = `plain`; x = 1 / 2 / 3;\n";
      assert.deepEqual(
        literalsOf('a.js', text).map((l) => l.text),
        ["'x\\n'", '"y"', '`t${', '}u${', '}v`', '/re[/]/g', '`plain`'],
      );
    });

    it('finds no change when the fix only wraps code', () => {
      const before = "send('a');\nlog(`b${c}`);\n";
      const { range, after } = replace(before, "send('a')", "void send('a')");
      assert.deepEqual(changedLiterals('a.ts', before, after, [range]), { lost: [], added: [] });
    });

    it('allows a literal the fix moved inside its range, and one it writes', () => {
      const before = "const r = await fetch('u');\n";
      const { range, after } = replace(before, "await fetch('u')", "await fetch('u', { signal: AbortSignal.timeout(\"30s\".length) })");
      assert.deepEqual(changedLiterals('a.ts', before, after, [range]), { lost: [], added: [] });
    });

    it('reports a literal outside the fixed range that changed', () => {
      const before = "f();\nconst s = 'a  b';\n";
      const fix = replace(before, 'f();', 'void f();');
      const after = fix.after.replace("'a  b'", "'a b'");
      assert.deepEqual(changedLiterals('a.ts', before, after, [fix.range]), { lost: ["'a  b'"], added: ["'a b'"] });
    });

    it('reports a literal inside the range that the fix rewrote', () => {
      const before = "f('a\\tb');\n";
      const { range, after } = replace(before, "f('a\\tb')", "void f('a b')");
      // The fix wrote the rewritten literal itself: it counts as written, not as moved.
      assert.deepEqual(changedLiterals('a.ts', before, after, [{ ...range, newText: 'void f(x)' }]), { lost: [], added: ["'a b'"] });
    });

    it('reports a template whose text a fix re-indented', () => {
      const before = 'f();\nconst q = `\n  select 1\n`;\n';
      const fix = replace(before, 'f();', 'void f();');
      const after = fix.after.replace('  select', '    select');
      const changed = changedLiterals('a.ts', before, after, [fix.range]);
      assert.deepEqual(changed.lost, ['`\n  select 1\n`']);
    });
  });
});
