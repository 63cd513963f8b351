import * as assert from 'node:assert/strict';
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
});
