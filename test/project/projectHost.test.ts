import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { ts } from 'ts-morph';
import { ProjectHost } from '../../server/src/project/projectHost';
import { seededRandom } from '../helpers/random';
import { syntaxShape } from '../helpers/syntaxShape';
import { tempProject } from '../helpers/tempProject';

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler' }, include: ['src'] });
const MINIFIED = Array.from({ length: 4000 }, (_, i) => `function a${i}(b){return b.then(function(c){return c+1})};`).join('');

describe('project host', () => {
  let project: ReturnType<typeof tempProject>;
  afterEach(() => project.dispose());

  const programFiles = (program: ts.Program) => program.getSourceFiles().map((file) => file.fileName);

  it('eager: every file of the config is in the program, with the default lib', () => {
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 1;\n' });
    const host = ProjectHost.configured(project.file('tsconfig.json'), 'eager');
    const program = host.target(project.file('src/a.ts'))!.getProgram();
    assert.ok(program.getSourceFile(project.file('src/b.ts')), 'b.ts is a root without being asked for');
    assert.ok(program.getSourceFiles().some((file) => program.isSourceFileDefaultLibrary(file)), 'the lib files are served');
    const checker = program.getTypeChecker();
    const declaration = program.getSourceFile(project.file('src/a.ts'))!.statements[0] as ts.VariableStatement;
    assert.equal(checker.typeToString(checker.getTypeAtLocation(declaration.declarationList.declarations[0].name)), '1');
  });

  it('lazy: only the files asked for and what they import enter the program; includes() follows the config', () => {
    project = tempProject({
      'tsconfig.json': TSCONFIG,
      'src/a.ts': "import { b } from './b';\nexport const a = b;\n",
      'src/b.ts': 'export const b = 1;\n',
      'src/c.ts': 'export const c = 1;\n',
      'scripts/tool.ts': 'export const t = 1;\n',
    });
    const host = ProjectHost.configured(project.file('tsconfig.json'), 'lazy');
    const program = host.target(project.file('src/a.ts'))!.getProgram();
    assert.ok(program.getSourceFile(project.file('src/b.ts')), 'the import is in');
    assert.equal(program.getSourceFile(project.file('src/c.ts')), undefined, 'an unrelated file stays out');
    assert.ok(host.includes(project.file('src/c.ts')));
    assert.ok(!host.includes(project.file('scripts/tool.ts')));
  });

  it('builds the program when asked for, and keeps it until the documents change', () => {
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': 'export const a = 1;\n' });
    const host = ProjectHost.configured(project.file('tsconfig.json'), 'lazy');
    const file = project.file('src/a.ts');
    const target = host.target(file)!;
    assert.equal(target.sourceFile.statements[0].parent, target.sourceFile, 'parents are set before any checker binds the file');
    const program = target.getProgram();
    assert.equal(program.getSourceFile(file), target.sourceFile, 'the program takes the tree analysis was given');
    assert.equal(host.target(file)!.getProgram(), program);
    host.setOverlay(file, 'export const a = 1;\n');
    assert.equal(host.target(file)!.getProgram(), program, 'the same text keeps the program');
    host.setOverlay(file, 'export const a = 2;\n');
    assert.notEqual(host.target(file)!.getProgram(), program);
  });

  it('an edit re-parses only the edited file: the others keep their source file objects', () => {
    project = tempProject({
      'tsconfig.json': TSCONFIG,
      'src/a.ts': "import { b } from './b';\nexport const a = b;\n",
      'src/b.ts': 'export const b = 1;\n',
    });
    const host = ProjectHost.configured(project.file('tsconfig.json'), 'eager');
    const a = project.file('src/a.ts');
    const first = host.target(a)!.getProgram();
    const before = new Map(first.getSourceFiles().map((file) => [file.fileName, file]));
    host.setOverlay(a, "import { b } from './b';\nexport const a = b + 1;\n");
    const second = host.target(a)!.getProgram();
    const replaced = second.getSourceFiles().filter((file) => before.get(file.fileName) !== file);
    assert.deepEqual(
      replaced.map((file) => file.fileName),
      [first.getSourceFile(a)!.fileName],
    );
    assert.equal(second.getSourceFiles().length, before.size);
  });

  it('closing a document: a configured project goes back to the disk text, an inferred one lets the file go', () => {
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': 'export const a = 1;\n', 'loose/b.ts': 'export const b = 1;\n' });
    const configured = ProjectHost.configured(project.file('tsconfig.json'), 'lazy');
    const a = project.file('src/a.ts');
    configured.setOverlay(a, 'export const a = 2;\n');
    assert.equal(configured.target(a)!.sourceFile.text, 'export const a = 2;\n');
    configured.removeOverlay(a);
    assert.equal(configured.getProgram().getSourceFile(a)!.text, 'export const a = 1;\n');

    const inferred = ProjectHost.inferred(project.file('loose'), []);
    const b = project.file('loose/b.ts');
    inferred.setOverlay(b, 'export const b = 2;\n');
    assert.ok(inferred.target(b)!.getProgram().getSourceFile(b));
    inferred.removeOverlay(b);
    assert.equal(inferred.getProgram().getSourceFile(b), undefined);
  });

  it('a file deleted on disk leaves; a changed one is read again; a created one resolves a waiting import', () => {
    project = tempProject({
      'tsconfig.json': TSCONFIG,
      'src/a.ts': "import { b } from './b';\nimport { c } from './c';\nexport const a = [b, c];\n",
      'src/b.ts': 'export const b = 1;\n',
    });
    const host = ProjectHost.configured(project.file('tsconfig.json'), 'lazy');
    const [a, b, c] = ['src/a.ts', 'src/b.ts', 'src/c.ts'].map((name) => project.file(name));
    assert.equal(host.target(a)!.getProgram().getSourceFile(c), undefined);

    fs.writeFileSync(c, 'export const c = 1;\n');
    host.addNewFilesFromConfig([c]);
    const program = host.getProgram();
    const importOfC = program.getSourceFile(a)!.statements[1] as ts.ImportDeclaration;
    assert.ok(program.getTypeChecker().getSymbolAtLocation(importOfC.moduleSpecifier), 'the import of the new file resolves');

    fs.writeFileSync(b, 'export const b = 2;\n');
    host.refreshFromDisk(b);
    assert.equal(host.getProgram().getSourceFile(b)!.text, 'export const b = 2;\n');

    fs.rmSync(b);
    host.refreshFromDisk(b);
    assert.equal(host.getProgram().getSourceFile(b), undefined);
  });

  it('a minified file never enters a program, even when imported, and says why', () => {
    project = tempProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { allowJs: true, module: 'ESNext', moduleResolution: 'Bundler' }, include: ['src'] }),
      'src/a.ts': "import './bundle.js';\nexport const a = 1;\n",
      'src/bundle.js': MINIFIED,
    });
    const host = ProjectHost.configured(project.file('tsconfig.json'), 'eager');
    const bundle = project.file('src/bundle.js');
    assert.equal(host.target(project.file('src/a.ts'))!.getProgram().getSourceFile(bundle), undefined);
    assert.equal(host.target(bundle), undefined);
    assert.match(host.unreadableReason(bundle)!, /minified/);
  });

  it('a file nested too deeply for the parser is skipped with a reason, and the others still get a program', () => {
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': 'export const a = 1;\n' });
    const host = ProjectHost.configured(project.file('tsconfig.json'), 'lazy');
    const deep = project.file('src/deep.ts');
    host.setOverlay(deep, `export const x = ${'('.repeat(50000)}1${')'.repeat(50000)};\n`);
    assert.equal(host.target(deep), undefined);
    assert.equal(host.unreadableReason(deep), 'it is nested too deeply for the TypeScript parser');
    assert.ok(host.target(project.file('src/a.ts'))!.getProgram().getSourceFile(project.file('src/a.ts')));
    host.setOverlay(deep, 'export const x = 1;\n');
    assert.ok(host.target(deep), 'a fixed text is analyzed again');
  });

  it('a config that is not JSON throws; one with an extends cycle or a missing extends target still loads', () => {
    project = tempProject({
      'broken/tsconfig.json': '{ "compilerOptions": { "strict": true, ',
      'cycle/tsconfig.json': '{ "extends": "./base.json", "include": ["src"] }',
      'cycle/base.json': '{ "extends": "./tsconfig.json" }',
      'cycle/src/a.ts': 'export const a = 1;\n',
      'missing/tsconfig.json': '{ "extends": "./nowhere.json", "include": ["src"] }',
      'missing/src/a.ts': 'export const a = 1;\n',
    });
    assert.throws(() => ProjectHost.configured(project.file('broken/tsconfig.json')));
    for (const name of ['cycle', 'missing']) {
      const host = ProjectHost.configured(project.file(`${name}/tsconfig.json`));
      assert.ok(host.target(project.file(`${name}/src/a.ts`))!.getProgram().getSourceFile(project.file(`${name}/src/a.ts`)));
    }
  });

  it('re-parses an edited document incrementally into the tree a whole parse gives, edit after edit', () => {
    const original = fs.readFileSync(require.resolve('../../server/src/rules/misused-promise.ts'), 'utf8');
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': original });
    const host = ProjectHost.configured(project.file('tsconfig.json'), 'lazy');
    const file = project.file('src/a.ts');
    const random = seededRandom(11);
    const typed = ['await ', '(', ')', '{', '}', ';\n', 'x', '`', '/*', '"', '\n  if (a) {\n'];
    let text = original;
    let previous = host.target(file)!.sourceFile;
    let reused = 0;
    for (let edit = 0; edit < 60; edit++) {
      // Taken before the edit: once the new tree exists, the old one may not be read.
      const previousStatements = new Set<ts.Node>(previous.statements);
      const at = Math.floor(random() * text.length);
      text = random() < 0.3 ? text.slice(0, at) + text.slice(at + Math.floor(random() * 40)) : text.slice(0, at) + typed[Math.floor(random() * typed.length)] + text.slice(at);
      host.setOverlay(file, text);
      const sourceFile = host.target(file)!.sourceFile;
      assert.notEqual(sourceFile, previous);
      const whole = ts.createSourceFile(sourceFile.fileName, text, ts.ScriptTarget.ES2022, true);
      assert.deepEqual(syntaxShape(sourceFile), syntaxShape(whole), `edit ${edit + 1}`);
      // The program takes the same tree.
      assert.equal(host.getProgram().getSourceFile(sourceFile.fileName), sourceFile);
      if (sourceFile.statements.some((statement) => previousStatements.has(statement))) reused++;
      previous = sourceFile;
    }
    assert.ok(reused > 30, `only ${reused} of 60 edits reused the previous tree's statements`);
  });

  it('release() lets go of the program and of the trees of files not open; open documents stay, and analysis goes on', () => {
    project = tempProject({
      'tsconfig.json': TSCONFIG,
      'src/a.ts': "import { b } from './b';\nexport const a = b;\n",
      'src/b.ts': 'export const b = 1;\n',
      'src/c.ts': 'export const c = 2;\n',
    });
    const host = ProjectHost.configured(project.file('tsconfig.json'), 'lazy');
    host.setOverlay(project.file('src/a.ts'), "import { b } from './b';\nexport const a = b + 1;\n");
    host.preload([project.file('src/c.ts')]);
    const before = host.target(project.file('src/a.ts'))!;
    const program = before.getProgram();
    const treeOfB = program.getSourceFile(project.file('src/b.ts'));
    assert.ok(treeOfB && program.getSourceFile(project.file('src/c.ts')));
    host.release();
    const after = host.target(project.file('src/a.ts'))!;
    assert.equal(after.sourceFile, before.sourceFile, 'the open document keeps its tree');
    assert.match(after.sourceFile.text, /b \+ 1/);
    const rebuilt = after.getProgram();
    assert.notEqual(rebuilt, program, 'a new program, with a new checker');
    assert.notEqual(rebuilt.getSourceFile(project.file('src/b.ts')), treeOfB, 'the import is read again');
    assert.equal(rebuilt.getSourceFile(project.file('src/c.ts')), undefined, 'a file no longer asked for stays out');
    const checker = rebuilt.getTypeChecker();
    const declaration = after.sourceFile.statements[1] as ts.VariableStatement;
    assert.equal(checker.typeToString(checker.getTypeAtLocation(declaration.declarationList.declarations[0].name)), 'number');
  });
});
