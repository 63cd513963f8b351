import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Linter } from '../../server/src/engine/linter';
import { projectTypeScript } from '../../server/src/project/compilerDefaults';
import { builtCli, repositoryRoot, tempProject } from '../helpers/tempProject';

const FIXTURE = path.join(repositoryRoot, 'test/fixtures/typescript5-project');
const quiet = { info() {}, warn() {}, error() {} };

/** The fixture's files, read from disk, with `replace` applied (a null value leaves the file out). */
function fixtureFiles(replace: Record<string, string | null> = {}): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (directory: string) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(FIXTURE, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(FIXTURE);
  for (const [name, text] of Object.entries(replace)) {
    if (text === null) delete files[name];
    else files[name] = text;
  }
  return files;
}

function rulesFound(root: string): Record<string, string[]> {
  const linter = new Linter(quiet);
  const found: Record<string, string[]> = {};
  for (const name of ['src/files.ts', 'src/startup.ts', 'scripts/build.ts']) {
    found[name] = linter.lint(path.join(root, name))!.findings.map((finding) => finding.ruleId);
  }
  return found;
}

const TS5_FINDINGS = { 'src/files.ts': ['floating-promise'], 'src/startup.ts': [], 'scripts/build.ts': ['floating-promise'] };
/** TypeScript 6 defaults: strict on and no @types package unless listed; the inferred project still loads @types/node. */
const TS6_FINDINGS = { 'src/files.ts': [], 'src/startup.ts': ['misused-promise'], 'scripts/build.ts': ['floating-promise'] };
const typescriptManifest = (version: string) => JSON.stringify({ name: 'typescript', version });

describe("the project's own TypeScript defaults", () => {
  let project: ReturnType<typeof tempProject> | undefined;
  afterEach(() => {
    project?.dispose();
    project = undefined;
  });

  it('a project pinned to TypeScript 5 (the fixture): not strict without `strict`, and every @types package loaded', () => {
    assert.deepEqual(projectTypeScript(FIXTURE), { major: 5, version: '5.4.5', from: path.join(FIXTURE, 'node_modules/typescript/package.json') });
    assert.deepEqual(rulesFound(FIXTURE), TS5_FINDINGS);
  });

  it('the same project on TypeScript 6 gets its defaults: strict, and no @types package unless listed', () => {
    project = tempProject(fixtureFiles({ 'node_modules/typescript/package.json': typescriptManifest('6.0.2') }));
    assert.deepEqual(rulesFound(project.root), TS6_FINDINGS);
  });

  it('options the config sets win over either version’s defaults', () => {
    const tsconfig = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    tsconfig.compilerOptions.strict = true;
    tsconfig.compilerOptions.types = [];
    project = tempProject(fixtureFiles({ 'tsconfig.json': JSON.stringify(tsconfig) }));
    assert.deepEqual(rulesFound(project.root), { ...TS6_FINDINGS, 'scripts/build.ts': ['floating-promise'] });
  });

  it('TypeScript 7 (the native compiler) keeps the TypeScript 6 defaults', () => {
    project = tempProject(
      fixtureFiles({
        'node_modules/typescript/package.json': null,
        'node_modules/@typescript/native-preview/package.json': JSON.stringify({ name: '@typescript/native-preview', version: '7.0.0-dev.20260101.1' }),
      }),
    );
    assert.equal(projectTypeScript(project.root)?.major, 7);
    assert.deepEqual(rulesFound(project.root), TS6_FINDINGS);
  });

  it('no installed TypeScript: the version package.json asks for, else the bundled defaults', () => {
    project = tempProject(fixtureFiles({ 'node_modules/typescript/package.json': null }));
    assert.deepEqual(projectTypeScript(project.root), { major: 5, version: '~5.4.5', from: project.file('package.json') });
    assert.deepEqual(rulesFound(project.root), TS5_FINDINGS);
    project.dispose();
    project = tempProject(fixtureFiles({ 'node_modules/typescript/package.json': null, 'package.json': JSON.stringify({ name: 'x', private: true }) }));
    assert.equal(projectTypeScript(project.root), undefined);
    assert.deepEqual(rulesFound(project.root), TS6_FINDINGS);
  });

  it('the nearest installed TypeScript wins, as Node would resolve it', () => {
    project = tempProject({
      'node_modules/typescript/package.json': typescriptManifest('6.0.2'),
      'packages/legacy/node_modules/typescript/package.json': typescriptManifest('4.9.5'),
      'packages/legacy/package.json': '{}',
      'packages/current/package.json': JSON.stringify({ devDependencies: { typescript: '^5.0.0' } }),
      'packages/broken/node_modules/typescript/package.json': '{ not json',
    });
    assert.equal(projectTypeScript(project.file('packages/legacy'))?.major, 4);
    assert.equal(projectTypeScript(project.file('packages/current'))?.major, 6, 'installed beats declared');
    assert.equal(projectTypeScript(project.file('packages/broken'))?.major, 6, 'an unreadable manifest is passed over');
  });

  it('the CLI analyzes with the same defaults', () => {
    // A copy: the repository's own config ignores its test fixtures.
    project = tempProject(fixtureFiles());
    const result = spawnSync(process.execPath, [builtCli, '--format', 'json', '.'], { cwd: project.root, encoding: 'utf8' });
    const report = JSON.parse(result.stdout) as { findings: { file: string; rule: string }[] };
    assert.deepEqual(
      report.findings.map((finding) => `${finding.file} ${finding.rule}`),
      ['scripts/build.ts floating-promise', 'src/files.ts floating-promise'],
      result.stderr,
    );
  });
});
