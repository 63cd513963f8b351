import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Workspace } from '../../server/src/project/workspace';
import { tempProject } from '../helpers/tempProject';

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022' }, include: ['src'] });

describe('workspace model', () => {
  let project: ReturnType<typeof tempProject>;
  afterEach(() => project.dispose());

  it('gives each file the nearest tsconfig/jsconfig that includes it, else an inferred project', () => {
    project = tempProject({
      'tsconfig.json': TSCONFIG,
      'src/a.ts': 'export const a = 1;\n',
      'scripts/tool.ts': 'export const t = 1;\n',
      'packages/web/jsconfig.json': JSON.stringify({ compilerOptions: { checkJs: false }, include: ['**/*.js'] }),
      'packages/web/app.js': 'export const w = 1;\n',
    });
    const workspace = new Workspace({ info() {}, warn() {}, error() {} });
    const a = workspace.hostFor(project.file('src/a.ts'));
    assert.equal(a.kind, 'configured');
    assert.equal(a.key, project.file('tsconfig.json'));
    const web = workspace.hostFor(project.file('packages/web/app.js'));
    assert.equal(web.key, project.file('packages/web/jsconfig.json'));
    const tool = workspace.hostFor(project.file('scripts/tool.ts'));
    assert.equal(tool.kind, 'inferred', 'scripts/ is not in the tsconfig include');
    assert.equal(workspace.hostFor(project.file('src/a.ts')), a, 'the same project is reused');
  });

  it('falls back to the inferred project when a tsconfig is broken, and says so once', () => {
    project = tempProject({ 'tsconfig.json': '{ "extends": "./missing.json", ', 'src/a.ts': 'export const a = 1;\n' });
    const warnings: string[] = [];
    const workspace = new Workspace({ info() {}, warn: (message) => warnings.push(message), error() {} });
    const host = workspace.hostFor(project.file('src/a.ts'));
    assert.equal(host.kind, 'inferred');
    assert.ok(host.target(project.file('src/a.ts')));
    workspace.hostFor(project.file('src/b.ts'));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /Could not load .*tsconfig\.json/);
  });

  it('an open document overlays the disk; closing it goes back to the disk', () => {
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': 'export const a = 1;\n' });
    const workspace = new Workspace({ info() {}, warn() {}, error() {} });
    const file = project.file('src/a.ts');
    workspace.openDocument(file, 'export const a = 2;\n');
    assert.equal(workspace.target(file)!.sourceFile.text, 'export const a = 2;\n');
    workspace.closeDocument(file);
    assert.equal(workspace.target(file)!.sourceFile.text, 'export const a = 1;\n');
  });

  it('an edit replaces one source file and the program reuses the others', () => {
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 1;\n' });
    const workspace = new Workspace({ info() {}, warn() {}, error() {} });
    const a = project.file('src/a.ts');
    const b = project.file('src/b.ts');
    const host = workspace.hostFor(a);
    const first = workspace.target(a)!.getProgram();
    const bBefore = first.getSourceFile(b);
    workspace.openDocument(a, 'export const a = 2;\n');
    const second = workspace.target(a)!.getProgram();
    assert.notEqual(first, second);
    assert.equal(second.getSourceFile(b), bBefore, 'the unchanged file is the same object');
    assert.equal(workspace.hostFor(b), host);
  });

  it('finds the files that depend on a change through every kind of import, and only those', () => {
    project = tempProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', allowJs: true, checkJs: true }, include: ['src'] }),
      'src/base.ts': 'export const base = 1;\n',
      'src/static.ts': "import { base } from './base.js';\nexport const s = base;\n",
      'src/typeOnly.ts': "import type { base } from './base.js';\nexport type T = typeof base;\n",
      'src/reexport.ts': "export * from './base.js';\n",
      'src/dynamic.ts': "export async function d(): Promise<number> {\n  return (await import('./base.js')).base;\n}\n",
      'src/importType.ts': "export type U = typeof import('./base.js').base;\n",
      'src/legacy.cjs': "const { base } = require('./base.js');\nmodule.exports = base;\n",
      'src/documented.js': "/** @param {import('./base.js').base} value */\nexport function f(value) {\n  return value;\n}\n",
      'src/tagged.js': "/** @import { base } from './base.js' */\n/** @type {typeof base} */\nexport const g = 1;\n",
      'src/second.ts': "import type { T } from './typeOnly.js';\nexport const x: T = 1;\n",
      'src/unrelated.ts': "import { other } from './other.js';\nexport const u = other;\n",
      'src/other.ts': 'export const other = 1;\n',
    });
    const workspace = new Workspace({ info() {}, warn() {}, error() {} });
    const names = ['static', 'typeOnly', 'reexport', 'dynamic', 'importType', 'second', 'unrelated', 'other', 'base'].map((name) => `src/${name}.ts`).concat('src/legacy.cjs', 'src/documented.js', 'src/tagged.js');
    const files = names.map((name) => project.file(name));
    for (const file of files) assert.ok(workspace.target(file), file);
    const dependents = workspace.dependentsOf([project.file('src/base.ts')], files).map((file) => path.relative(project.root, file).split(path.sep).join('/'));
    assert.deepEqual(dependents.sort(), ['src/documented.js', 'src/dynamic.ts', 'src/importType.ts', 'src/legacy.cjs', 'src/reexport.ts', 'src/second.ts', 'src/static.ts', 'src/tagged.js', 'src/typeOnly.ts']);
    assert.deepEqual(workspace.dependentsOf([project.file('src/other.ts')], files), [project.file('src/unrelated.ts')]);
  });

  it('an open document is what every project reads, also the projects that do not own it', () => {
    project = tempProject({
      'package.json': '{}',
      'tsconfig.json': TSCONFIG,
      'src/a.ts': 'export const a = 1;\n',
      'test/a.test.ts': "import { a } from '../src/a';\nexport const b = a;\n",
    });
    const workspace = new Workspace({ info() {}, warn() {}, error() {} });
    const a = project.file('src/a.ts');
    const test = project.file('test/a.test.ts');
    const typeOfB = () => {
      const target = workspace.target(test)!;
      const checker = target.getProgram().getTypeChecker();
      const statement = target.sourceFile.statements[1] as import('typescript').VariableStatement;
      return checker.typeToString(checker.getTypeAtLocation(statement.declarationList.declarations[0].name));
    };
    assert.equal(workspace.hostFor(test).kind, 'inferred');
    assert.equal(typeOfB(), '1');
    workspace.openDocument(a, "export const a = 'two';\n");
    assert.equal(typeOfB(), '"two"', 'the open text, not the disk');
    workspace.openDocument(a, 'export const a = 3;\n');
    assert.equal(typeOfB(), '3', 'an edit of it');
    workspace.closeDocument(a);
    assert.equal(typeOfB(), '1', 'the disk again once it is closed');
  });
});
