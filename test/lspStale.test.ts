import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { TestLspClient } from './helpers/lspClient';
import { tempProject } from './helpers/tempProject';

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', types: [] }, include: ['src'] });
const SYNC_API = 'export function load(): number {\n  return 1;\n}\n';
const ASYNC_API = 'export async function load(): Promise<number> {\n  return 1;\n}\n';
const FLOATING = 'async function save(): Promise<void> {}\nexport function run(): void {\n  save();\n}\n';

const codes = (params: { diagnostics: { code?: number | string }[] }) => params.diagnostics.map((d) => d.code).join(',');

describe('no stale results in the editor', function () {
  this.timeout(90_000);
  let client: TestLspClient;
  let project: ReturnType<typeof tempProject>;
  const uriOf = (name: string) => pathToFileURL(project.file(name)).toString();
  const latest = (name: string) => client.allPublished.filter((params) => params.uri === uriOf(name)).at(-1);
  afterEach(async () => {
    await client.stop();
    project.dispose();
  });

  it('an unsaved edit reaches the inferred-project test file and the dependents through import() and import types', async () => {
    const files = {
      'package.json': '{ "name": "app", "private": true }',
      'tsconfig.json': TSCONFIG,
      'src/api.ts': SYNC_API,
      'src/lazy.ts': "export async function run(): Promise<void> {\n  const api = await import('./api');\n  api.load();\n}\n",
      'src/typed.ts': "export function use(get: typeof import('./api').load): void {\n  get();\n}\n",
      'test/api.test.ts': "import { load } from '../src/api';\nexport function check(): void {\n  load();\n}\n",
    };
    project = tempProject(files);
    client = new TestLspClient();
    await client.initialize(pathToFileURL(project.root).toString());
    const dependents = ['src/lazy.ts', 'src/typed.ts', 'test/api.test.ts'];
    await Promise.all(['src/api.ts', ...dependents].map((name) => client.open(uriOf(name), files[name as keyof typeof files])));
    const first = await Promise.all(dependents.map((name) => client.diagnostics(uriOf(name))));
    assert.deepEqual(first.map(codes), ['', '', '']);
    await client.change(uriOf('src/api.ts'), 2, ASYNC_API);
    await client.until(() => dependents.every((name) => codes(latest(name)!) === 'floating-promise'), 'every dependent re-checked with the unsaved text');
    // And back: the dependents follow the editor's text, never the disk's.
    await client.change(uriOf('src/api.ts'), 3, SYNC_API);
    await client.until(() => dependents.every((name) => codes(latest(name)!) === ''), 'every dependent re-checked again');
    assert.equal(await fs.promises.readFile(project.file('src/api.ts'), 'utf8'), SYNC_API);
  });

  it('documents with no local file are left alone, and the others keep working', async () => {
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': FLOATING, 'src/b.ts': FLOATING });
    client = new TestLspClient();
    await client.initialize(pathToFileURL(project.root).toString());
    await client.open(uriOf('src/a.ts'), FLOATING);
    assert.equal(codes(await client.diagnostics(uriOf('src/a.ts'))), 'floating-promise');
    const bad = ['file:///a%2Fb.ts', 'file://server/share/x.ts', 'git:/src/a.ts', 'vscode-vfs://github/x/y.ts'];
    await Promise.all(bad.map((uri) => client.open(uri, FLOATING)));
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 42, languageId: 'typescript', version: 1, text: FLOATING } });
    await client.open(uriOf('src/b.ts'), FLOATING);
    assert.equal(codes(await client.diagnostics(uriOf('src/b.ts'))), 'floating-promise', 'a document opened after them');
    await client.change(uriOf('src/a.ts'), 2, `${FLOATING}export function again(): void {\n  run();\n}\n`);
    await client.diagnostics(uriOf('src/a.ts'), (params) => params.version === 2);
    await Promise.all(bad.map((uri) => client.change(uri, 2, `${FLOATING}\n`)));
    await client.change(uriOf('src/b.ts'), 2, 'export const fine = 1;\n');
    assert.equal(codes(await client.diagnostics(uriOf('src/b.ts'), (params) => params.version === 2)), '', 'an edit after them');
    const codeActions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: bad[0] },
      range: { start: { line: 2, character: 2 }, end: { line: 2, character: 2 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(codeActions, []);
    await Promise.all(bad.map((uri) => client.close(uri)));
    assert.ok(!client.allPublished.some((params) => bad.includes(params.uri)), 'nothing published for them');
    assert.ok(!client.logs.some((line) => /failed|Uncaught|Unhandled/i.test(line)), client.logs.join('\n'));
  });

  it('workspace diagnostics follow changes on disk: the changed file and the files that import it', async () => {
    project = tempProject({
      'tsconfig.json': TSCONFIG,
      'src/api.ts': SYNC_API,
      'src/user.ts': "import { load } from './api';\nexport function check(): void {\n  load();\n}\n",
      'src/other.ts': FLOATING,
    });
    client = new TestLspClient();
    client.settings = { workspaceDiagnostics: true };
    await client.initialize(pathToFileURL(project.root).toString());
    await client.until(() => ['src/api.ts', 'src/user.ts', 'src/other.ts'].every((name) => latest(name) !== undefined), 'the first run');
    assert.equal(codes(latest('src/user.ts')!), '');
    const otherPublications = () => client.allPublished.filter((params) => params.uri === uriOf('src/other.ts')).length;
    const before = otherPublications();
    await fs.promises.writeFile(project.file('src/api.ts'), `${ASYNC_API}export function warm(): void {\n  load();\n}\n`);
    await client.filesChanged([{ uri: uriOf('src/api.ts'), type: 2 }]);
    await client.until(() => codes(latest('src/user.ts')!) === 'floating-promise' && codes(latest('src/api.ts')!) === 'floating-promise', 'the changed file and its importer');
    await fs.promises.writeFile(project.file('src/other.ts'), 'export const fine = 1;\n');
    await client.filesChanged([{ uri: uriOf('src/other.ts'), type: 2 }]);
    await client.until(() => codes(latest('src/other.ts')!) === '', 'the fixed file');
    assert.equal(otherPublications(), before + 1, 'a file that imports nothing changed is analyzed only for its own change');
    await fs.promises.rm(project.file('src/api.ts'));
    await client.filesChanged([{ uri: uriOf('src/api.ts'), type: 3 }]);
    await client.until(() => latest('src/api.ts')!.diagnostics.length === 0, 'the deleted file withdrawn');
  });

  it('workspace diagnostics set at start: the progress begins once the folders are known, and ends', async () => {
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': FLOATING });
    client = new TestLspClient();
    client.settings = { workspaceDiagnostics: true };
    await client.initialize(pathToFileURL(project.root).toString());
    await client.until(() => client.progress.some((value) => value.kind === 'end'), 'the progress to end');
    await client.diagnostics(uriOf('src/a.ts'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const begins = client.progress.filter((value) => value.kind === 'begin');
    assert.equal(begins.length, client.progress.filter((value) => value.kind === 'end').length, JSON.stringify(client.progress));
    assert.ok(!begins.some((value) => value.message === 'Analyzing 0 files'), JSON.stringify(client.progress));
  });
});
