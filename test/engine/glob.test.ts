import * as assert from 'node:assert/strict';
import picomatch from 'picomatch';
import { compileGlob } from '../../server/src/config/glob';
import { seededRandom } from '../helpers/random';

function matcher(pattern: string): (path: string) => boolean {
  const compiled = compileGlob(pattern);
  if ('error' in compiled) throw new Error(`${pattern}: ${compiled.error}`);
  return compiled.matcher;
}

describe('ignore globs', () => {
  it('matches the documented syntax', () => {
    const cases: [string, string, boolean][] = [
      ['dist/**', 'dist', true],
      ['dist/**', 'dist/a/b.js', true],
      ['dist/**', 'distant/a.js', false],
      ['dist/', 'dist/a.js', true],
      ['./dist/**', 'dist/a.js', true],
      ['**/*.gen.ts', 'x.gen.ts', true],
      ['**/*.gen.ts', 'src/deep/x.gen.ts', true],
      ['**/*.gen.ts', 'src/x.gen.tsx', false],
      ['*.ts', 'src/a.ts', false],
      ['src/**/test/*.ts', 'src/test/a.ts', true],
      ['src/**/test/*.ts', 'src/a/b/test/a.ts', true],
      ['src/**/test/*.ts', 'src/a/b/test/c/a.ts', false],
      ['a?c', 'abc', true],
      ['a?c', 'a/c', false],
      ['[ab]x', 'bx', true],
      ['[a-c]x', 'dx', false],
      ['[!a]x', 'bx', true],
      ['[!a]x', 'ax', false],
      ['{src,lib}/*.js', 'lib/a.js', true],
      ['{src,lib}/*.js', 'test/a.js', false],
      ['a\\*b', 'a*b', true],
      ['a\\*b', 'axb', false],
      ['**/.cache/**', 'x/.cache/y', true],
      ['**', 'a/b/c', true],
    ];
    for (const [pattern, path, expected] of cases) assert.equal(matcher(pattern)(path), expected, `${pattern} on ${path}`);
  });

  it('agrees with picomatch on random patterns of the common syntax', () => {
    const next = seededRandom(18);
    const random = { int: (n: number) => Math.floor(next() * n), pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] };
    const atoms = ['a', 'b', '.', '*', '?', '[ab]', '[a-b]', '**', '/'];
    const alphabet = ['a', 'b', '.', '/'];
    for (let round = 0; round < 3000; round++) {
      let pattern = '';
      for (let n = 1 + random.int(6); n > 0; n--) pattern += random.pick(atoms);
      pattern = pattern.replace(/\/{2,}/g, '/').replace(/^\/|\/$/g, '');
      if (!pattern) continue;
      const expected = picomatch(pattern, { dot: true });
      const ours = matcher(pattern);
      for (let k = 0; k < 10; k++) {
        let path = '';
        for (let n = 1 + random.int(7); n > 0; n--) path += random.pick(alphabet);
        if (/\/\/|^\/|\/$|(^|\/)\.\.?(\/|$)/.test(path)) continue;
        // Documented: `x/**` matches the folder x itself, whatever x is (picomatch: only for a literal x).
        const folderItself = pattern.endsWith('/**') && matcher(pattern.slice(0, -3))(path);
        if (!folderItself) assert.equal(ours(path), expected(path), `${pattern} on ${path}`);
      }
    }
  });

  it('rejects what it does not support, saying why', () => {
    for (const [pattern, reason] of [
      ['!dist/**', /negated/],
      ['+(a|b)', /extended glob/],
      ['x{1..3}', /range/],
      ['[[:alpha:]]', /POSIX/],
      ['', /empty/],
      ['{a,b}'.repeat(7), /alternatives/],
    ] as const) {
      const compiled = compileGlob(pattern);
      assert.ok('error' in compiled && reason.test(compiled.error), `${pattern}: ${JSON.stringify(compiled)}`);
    }
  });

  it('takes time linear in the path even for the patterns that make backtracking engines hang', () => {
    // Under the wildcard limit, still exponential for a backtracking matcher.
    const match = matcher('**/*a*a*a*a*a*a*a*b');
    const started = performance.now();
    for (let i = 0; i < 100; i++) assert.equal(match(`src/${'a'.repeat(200)}`), false);
    assert.ok(performance.now() - started < 1000);
  });
});
