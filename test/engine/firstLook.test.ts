import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { generateFiles } from '../../bench/corpus';
import { defaultConfig } from '../../server/src/config/config';
import { Analyzer } from '../../server/src/engine/analyzer';
import { Linter } from '../../server/src/engine/linter';
import { FIRST_LOOK_MIN_FILES } from '../../server/src/project/projectHost';
import type { Finding } from '../../server/src/rules/types';
import { tempProject } from '../helpers/tempProject';

const quiet = { info() {}, warn() {}, error() {} };
const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023', 'DOM'], types: ['node'], typeRoots: [path.resolve(__dirname, '../../node_modules/@types')], skipLibCheck: true },
  include: ['src'],
});

const key = (finding: Finding) => `${finding.ruleId}@${finding.start}-${finding.end}: ${finding.message}`;

/** Files that make a project big enough for a first look. */
function padding(): Record<string, string> {
  return Object.fromEntries(Array.from({ length: FIRST_LOOK_MIN_FILES }, (_, i) => [`src/pad/p${i}.ts`, `export const p${i} = ${i};\n`]));
}

describe('the first look at a file opened in a big project', () => {
  it('reports only what the complete analysis reports, and most of it, on a generated project', function () {
    this.timeout(240_000);
    const generated = generateFiles({ name: 'first-look', files: FIRST_LOOK_MIN_FILES + 20, seed: 11 });
    const files: Record<string, string> = { 'tsconfig.json': TSCONFIG, ...Object.fromEntries(generated.files) };
    const project = tempProject(files);
    try {
      const sample = [...generated.files.keys()].filter((name) => !name.includes('/core/'));
      const linter = new Linter(quiet, { loading: 'lazy' });
      // Every first look before any complete analysis: a file that a program already holds needs none.
      const firstLooks = sample.map((name) => linter.firstLook(project.file(name)));
      let seen = 0;
      let expected = 0;
      sample.forEach((name, index) => {
        const first = firstLooks[index];
        assert.ok(first, `${name} had a first look`);
        const complete = new Set(linter.lint(project.file(name))!.findings.map(key));
        for (const finding of first.findings) assert.ok(complete.has(key(finding)), `${name}: the first look reported ${key(finding)}, the complete analysis did not`);
        seen += first.findings.length;
        expected += [...complete].filter((finding) => /^(floating-promise|misused-promise|blocking-call|nested-run)@/.test(finding)).length;
      });
      // The first look must find most of what its rules find, or it would show little at first.
      assert.ok(expected > 10, `the sample holds ${expected} findings of the first look's rules`);
      assert.ok(seen >= expected * 0.8, `the first look found ${seen} of ${expected}`);
    } finally {
      project.dispose();
    }
  });

  it('leaves project files imported at second hand out, and keeps packages and declaration files', () => {
    const project = tempProject({
      'tsconfig.json': TSCONFIG,
      ...padding(),
      'src/app.ts': "import { store } from './services';\nexport function run(): void {\n  store('x');\n}\n",
      'src/services.ts': "import { readFile } from 'node:fs/promises';\nimport { KEY } from './keys';\nimport type { Shape } from './shapes';\nexport async function store(id: string): Promise<Shape> {\n  await readFile(KEY + id);\n  return { id };\n}\n",
      'src/keys.ts': "export const KEY = 'k';\n",
      'src/shapes.d.ts': 'export interface Shape { id: string }\n',
    });
    try {
      const linter = new Linter(quiet, { loading: 'lazy' });
      const program = linter.workspace.firstLookTarget(project.file('src/app.ts'))!.getProgram();
      const names = program.getSourceFiles().map((file) => path.relative(project.root, file.fileName));
      assert.ok(names.includes('src/app.ts') && names.includes('src/services.ts'), 'the file and its imports');
      assert.ok(names.includes('src/shapes.d.ts'), 'a declaration file at second hand');
      assert.ok(!names.includes('src/keys.ts'), 'a project file at second hand');
      assert.ok(names.some((name) => name.endsWith('@types/node/fs/promises.d.ts') || name.endsWith('@types/node/fs.d.ts')), 'a package at second hand');
      assert.deepEqual(linter.firstLook(project.file('src/app.ts'))!.findings.map((finding) => finding.ruleId), ['floating-promise']);
      // Once the complete program holds the file, it needs no first look any more.
      linter.lint(project.file('src/app.ts'));
      assert.equal(linter.firstLook(project.file('src/app.ts')), undefined);
    } finally {
      project.dispose();
    }
  });

  it('holds back rules that report what a type lacks: an unknown base type would make them wrong', () => {
    // Channel extends a thenable from a module the first look leaves out: there, Channel has no `then`.
    const project = tempProject({
      'tsconfig.json': TSCONFIG,
      ...padding(),
      'src/app.ts': "import { openChannel } from './channel';\nexport async function run(): Promise<void> {\n  await openChannel();\n}\n",
      'src/channel.ts': "import type { Pending } from './pending';\nexport interface Channel extends Pending<void> { name: string }\nexport declare function openChannel(): Channel;\n",
      'src/pending.ts': 'export interface Pending<T> { then(onDone: (value: T) => void, onError: (error: unknown) => void): void }\n',
    });
    try {
      const linter = new Linter(quiet, { loading: 'lazy' });
      const file = project.file('src/app.ts');
      const everyRule = new Analyzer(quiet).analyze(linter.workspace.firstLookTarget(file)!, defaultConfig());
      assert.deepEqual(everyRule.map((finding) => finding.ruleId), ['await-non-promise'], 'all rules on the first-look program');
      assert.deepEqual(linter.firstLook(file)!.findings, []);
      assert.deepEqual(linter.lint(file)!.findings, [], 'the complete analysis');
    } finally {
      project.dispose();
    }
  });

  it('is not taken in a small project, where the complete program is about as quick', () => {
    const project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': 'async function save(): Promise<void> {}\nsave();\n' });
    try {
      const linter = new Linter(quiet, { loading: 'lazy' });
      assert.equal(linter.firstLook(project.file('src/a.ts')), undefined);
    } finally {
      project.dispose();
    }
  });
});
