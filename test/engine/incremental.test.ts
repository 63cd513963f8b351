import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { generateFiles } from '../../bench/corpus';
import { Linter, type LintResult } from '../../server/src/engine/linter';
import { seededRandom } from '../helpers/random';
import { syntaxShape } from '../helpers/syntaxShape';
import { tempProject } from '../helpers/tempProject';

const quiet = { info() {}, warn() {}, error() {} };

/** Statements a user might type into a function body: mistakes of every rule, fixes of them, and noise. */
const TYPED = [
  "    this.audit(id, 'typed');\n",
  "    void this.audit(id, 'typed');\n",
  "    await this.audit(id, 'typed');\n",
  '    await 42;\n',
  "    readFileSync('typed.json', 'utf8');\n",
  "    await fetch('https://api.example.com/typed');\n",
  '    for (const item of [1, 2, 3]) {\n      await sleep(item);\n    }\n',
  '    [1, 2].forEach(async (n) => {\n      await sleep(n);\n    });\n',
  '    if (Promise.resolve(1)) {\n      return undefined as never;\n    }\n',
  '    await Promise.all([1, 2, 3].map(async (n) => sleep(n)));\n',
  '    new Promise(async (resolve) => resolve(1));\n',
  '    const typed = 1;\n',
  '    {\n',
  '    }\n',
  '    // a comment\n',
];

/**
 * An analysis of only the edited function, merged with the previous findings, must equal an analysis of
 * the whole edited file, every time the engine takes that shortcut. Seeded edits over a generated project
 * (async services with one mistake in eight methods): statements typed, lines deleted and duplicated,
 * characters typed into the middle of a line (half-typed code, syntax errors).
 */
describe('partial analysis of an edited function', () => {
  it('gives the findings of a whole-file analysis, on seeded edits', function () {
    this.timeout(180_000);
    const generated = generateFiles({ name: 'incremental', files: 40, seed: 7 });
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023', 'DOM'], types: ['node'], typeRoots: [path.resolve(__dirname, '../../node_modules/@types')], skipLibCheck: true }, include: ['src'] }),
    };
    for (const [name, text] of generated.files) files[name] = text;
    const project = tempProject(files);
    try {
      const random = seededRandom(20261122);
      const linter = new Linter(quiet, { loading: 'lazy' });
      const services = [...generated.files.keys()].filter((name) => !name.includes('/core/')).slice(0, 12);
      let partial = 0;
      let edits = 0;
      for (const name of services) {
        const filePath = project.file(name);
        let text = files[name];
        linter.workspace.openDocument(filePath, text);
        let previous: LintResult = linter.lint(filePath)!;
        for (let round = 0; round < 12; round++) {
          text = edited(text, random);
          edits++;
          linter.workspace.openDocument(filePath, text);
          const quick = linter.lint(filePath, {}, previous)!;
          const whole = linter.lint(filePath)!;
          if (quick.partial) {
            partial++;
            assert.deepEqual(quick.findings, whole.findings, `${name}, edit ${round + 1}:\n${text}`);
          }
          previous = round % 3 === 2 ? whole : quick;
        }
        linter.workspace.closeDocument(filePath);
      }
      // The shortcut must be taken often enough for the comparison to mean something.
      assert.ok(partial > edits / 4, `only ${partial} of ${edits} edits were analyzed partially`);
    } finally {
      project.dispose();
    }
  });
});

describe('trees handed out by the linter', () => {
  it('stay intact through a fix-all of the same document (its passes do not re-parse incrementally from them)', () => {
    // Two async executors in the try/catch shape: nested-run's safe fix rewrites both.
    const executor = (name: string) =>
      `export function ${name}(): Promise<number> {\n  return new Promise(async (resolve, reject) => {\n    try {\n      resolve(await Promise.resolve(1));\n    } catch (error) {\n      reject(error);\n    }\n  });\n}\n`;
    const code = `${executor('first')}${executor('second')}`;
    const project = tempProject({ 'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022' }, include: ['src'] }), 'src/a.ts': code });
    try {
      const linter = new Linter(quiet, { loading: 'lazy' });
      const filePath = project.file('src/a.ts');
      linter.workspace.openDocument(filePath, code);
      const before = linter.lint(filePath)!;
      const shapeBefore = syntaxShape(before.sourceFile);
      const fixed = linter.fixAll(filePath)!;
      assert.notEqual(fixed.fixed, code, 'fix-all changed something');
      assert.deepEqual(syntaxShape(before.sourceFile), shapeBefore);
      assert.deepEqual(syntaxShape(before.sourceFile), syntaxShape(ts.createSourceFile(filePath, code, ts.ScriptTarget.ES2022, true)));
    } finally {
      project.dispose();
    }
  });
});


function edited(text: string, random: () => number): string {
  const lines = text.split('\n');
  // Lines inside method bodies: indented by four spaces and not closing the method.
  const candidates = lines.map((line, index) => ({ line, index })).filter(({ line }) => /^ {4}\S/.test(line) && line.trim() !== '}');
  const { index, line } = candidates[Math.floor(random() * candidates.length)];
  const kind = random();
  if (kind < 0.5) lines.splice(index, 0, TYPED[Math.floor(random() * TYPED.length)].replace(/\n$/, ''));
  else if (kind < 0.7) lines.splice(index, 1);
  else if (kind < 0.8) lines.splice(index, 0, line);
  else {
    const at = Math.floor(random() * line.length);
    const typed = ['(', ')', '{', 'a', '.', ';', 'await ', '"'][Math.floor(random() * 8)];
    lines[index] = line.slice(0, at) + typed + line.slice(at);
  }
  return lines.join('\n');
}
