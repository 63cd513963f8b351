import * as assert from 'node:assert/strict';
import { Linter } from '../../server/src/engine/linter';
import { silentLogger } from '../../server/src/base/logger';
import { MAX_NESTING, nestingDepth } from '../../server/src/project/nesting';
import { ts } from '../../server/src/typescript';
import { tempProject } from '../helpers/tempProject';

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', strict: true, module: 'ESNext', moduleResolution: 'Bundler' }, include: ['src'] });

/** A finding of another rule in the same file, that must survive whatever happens to the shape above it. */
const OTHERS = 'import { readFileSync } from "node:fs";\nasync function save(): Promise<void> {}\nexport async function load(): Promise<string> {\n  return readFileSync("a", "utf8");\n}\nexport function later(): void {\n  save();\n}\n';

function lint(files: Record<string, string>, file: string) {
  const project = tempProject({ 'tsconfig.json': TSCONFIG, 'node_modules/@types/node/fs.d.ts': 'declare module "node:fs" { export function readFileSync(path: string, encoding: string): string; }\n', ...files });
  try {
    const result = new Linter(silentLogger).lint(project.file(file))!;
    return {
      findings: result.findings.map((finding) => `${result.sourceFile.getLineAndCharacterOfPosition(finding.start).line + 1} ${finding.ruleId}`),
      errors: result.errors.map((error) => `${error.rule ?? '-'}: ${error.reason}`),
    };
  } finally {
    project.dispose();
  }
}

describe('recursive types and deep trees', () => {
  const shapes: Record<string, string> = {
    'the JSON type passed as an argument, and an async callback next to it':
      'type Json = string | number | boolean | null | Json[] | { [key: string]: Json };\ndeclare function send(value: Json, done: () => void): void;\nexport function post(value: Json): void {\n  send(value, async () => {});\n}\n',
    'a reply type that holds itself':
      'type Reply = string | Reply[];\ndeclare function reply(value: Reply, done: () => void): void;\nexport function answer(value: Reply): void {\n  reply(value, async () => {});\n}\n',
    'a recursive thenable, in a condition and a callback slot':
      'interface Chain { then(onDone: (value: Chain) => Chain): Chain; }\ndeclare function chain(): Chain;\ndeclare function each(items: Chain[][], visit: (item: Chain[]) => void): void;\nexport function run(): void {\n  if (chain()) {}\n  each([], async () => {});\n}\n',
  };
  for (const [name, shape] of Object.entries(shapes)) {
    it(`${name}: analyzed completely, with the file's other findings`, () => {
      const { findings, errors } = lint({ 'src/a.ts': shape + OTHERS }, 'src/a.ts');
      assert.deepEqual(errors, []);
      const offset = shape.split('\n').length - 1;
      assert.ok(findings.includes(`${offset + 4} blocking-call`), findings.join('; '));
      assert.ok(findings.includes(`${offset + 7} floating-promise`), findings.join('; '));
      assert.ok(findings.some((finding) => finding.endsWith('misused-promise')), `the async callback is still reported: ${findings.join('; ')}`);
    });
  }

  it("typescript-eslint's recursive-generic case, which overflows the checker itself, is reported, and the other rules' findings are kept", () => {
    // The TypeScript checker overflows its stack describing this call's type error (tsc crashes too).
    const shape = [
      'interface CustomNode<P> {',
      '  getNextNode: () => CustomNode<P>;',
      '}',
      'declare const createNode: () => {',
      '  getNextNode: <T>() => CustomNode<T>;',
      '};',
      'function wrapNode<T>(getNode: () => CustomNode<T>) {',
      '  return getNode;',
      '}',
      '(async () => {',
      '  wrapNode(() => {',
      '    const node = createNode();',
      '    return wrapNode<typeof node.getNextNode<any>>(node.getNextNode);',
      '  });',
      '})().catch(() => {});',
      '',
    ].join('\n');
    const { findings, errors } = lint({ 'src/a.ts': shape + OTHERS, 'src/b.ts': OTHERS }, 'src/a.ts');
    assert.ok(findings.includes('19 blocking-call'), findings.join('; '));
    for (const error of errors) assert.match(error, /^[a-z-]+: the rule failed, its findings for this file are left out: RangeError/);
    // Whatever the checker survives on this machine, nothing is dropped without a word.
    if (!findings.includes('22 floating-promise')) assert.ok(errors.some((error) => error.startsWith('floating-promise:')), errors.join('; '));
  });

  it('a file nested deeper than the compiler can bind is skipped with a reason; the files beside it are analyzed', () => {
    const links = Array.from({ length: 1500 }, (_, i) => `\n  .set("k${i}", ${i})`).join('');
    const chain = `class Builder { set(key: string, value: number): Builder { return this; } }\nexport const built = new Builder()${links};\n`;
    const project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': OTHERS, 'scripts/chain.ts': chain + OTHERS });
    try {
      const linter = new Linter(silentLogger);
      assert.equal(linter.lint(project.file('scripts/chain.ts')), undefined);
      assert.match(linter.skipped(project.file('scripts/chain.ts'))!.reason, /^skipped: its syntax is nested too deeply for the TypeScript compiler/);
      const other = linter.lint(project.file('src/a.ts'))!;
      assert.deepEqual(other.errors, []);
      assert.deepEqual(other.findings.map((finding) => finding.ruleId), ['blocking-call', 'floating-promise']);
    } finally {
      project.dispose();
    }
  });

  it('our rules walk trees as deep as the bound lets through without overflowing', function () {
    this.timeout(240_000);
    const head = 'async function p(): Promise<number> { return 1; }\ndeclare const c: boolean;\ndeclare const n: number | undefined;\n';
    const files: Record<string, string> = {
      'src/comma.ts': `export function f(): void {\n  ${Array(1000).fill('p()').join(', ')};\n}\n`,
      'src/sum.ts': `export async function f(): Promise<number> {\n  return ${Array(1000).fill('(await p())').join(' + ')};\n}\n`,
      'src/or.ts': `export function f(): void {\n  if (${Array(380).fill('c').join(' || ')}) {}\n}\n`,
      'src/coalesce.ts': `export const v = ${Array(380).fill('n').join(' ?? ')};\n`,
      'src/arrows.ts': `export const f = ${'() => '.repeat(450)}p();\n`,
      'src/conditions.ts': `export function f(): void {\n  ${'c ? p() : '.repeat(200)}p();\n}\n`,
      'src/calls.ts': `declare function g(x: unknown): unknown;\nexport const v = ${'g('.repeat(190)}p()${')'.repeat(190)};\n`,
      'src/chain.ts': `export function f(): void {\n  p()${'.then(() => 1)'.repeat(120)};\n}\n`,
    };
    const project = tempProject({ 'tsconfig.json': TSCONFIG, ...Object.fromEntries(Object.entries(files).map(([name, text]) => [name, head + text + OTHERS])) });
    try {
      const linter = new Linter(silentLogger);
      for (const name of Object.keys(files)) {
        const sourceFile = ts.createSourceFile(name, head + files[name], ts.ScriptTarget.Latest);
        assert.ok(nestingDepth(sourceFile, MAX_NESTING) <= MAX_NESTING, `${name} is within the bound`);
        const result = linter.lint(project.file(name));
        assert.ok(result, `${name} analyzed`);
        assert.deepEqual(result.errors, [], name);
        assert.ok(result.findings.some((finding) => finding.ruleId === 'blocking-call'), `${name} keeps its other findings`);
      }
    } finally {
      project.dispose();
    }
  });
});
