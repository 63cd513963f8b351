import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { TestLspClient } from './helpers/lspClient';
import { tempProject } from './helpers/tempProject';

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', strict: true, module: 'ESNext', moduleResolution: 'Bundler' }, include: ['src'] });
const FLOATING = 'async function save(): Promise<void> {}\nexport async function run(): Promise<void> {\n  save();\n}\n';

describe('language server protocol (dist/server.js --stdio)', function () {
  this.timeout(60000);
  let client: TestLspClient;
  let project: ReturnType<typeof tempProject>;

  beforeEach(async () => {
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': FLOATING, 'src/b.ts': 'export function save(): void {}\n' });
    client = new TestLspClient();
    await client.initialize(pathToFileURL(project.root).toString());
  });
  afterEach(async () => {
    await client.stop();
    project.dispose();
  });

  it('publishes diagnostics with source, code and documentation link', async () => {
    const uri = pathToFileURL(project.file('src/a.ts')).toString();
    await client.open(uri, FLOATING);
    const { diagnostics, version } = await client.diagnostics(uri);
    assert.equal(version, 1);
    assert.equal(diagnostics.length, 1);
    const [diagnostic] = diagnostics;
    assert.equal(diagnostic.source, 'async-pitfalls');
    assert.equal(diagnostic.code, 'floating-promise');
    assert.match(diagnostic.codeDescription!.href, /docs\/rules\/floating-promise\.md$/);
    assert.deepEqual(diagnostic.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 9 } });
    assert.equal(diagnostic.severity, 2);
  });

  it('links the rule to the command the client names for its bundled pages, and to the web page otherwise', async () => {
    const uri = pathToFileURL(project.file('src/a.ts')).toString();
    const linkWith = async (documentationCommand: unknown): Promise<string | undefined> => {
      const other = new TestLspClient();
      other.initializationOptions = { documentationCommand };
      try {
        await other.initialize(pathToFileURL(project.root).toString());
        await other.open(uri, FLOATING);
        return (await other.diagnostics(uri)).diagnostics[0]?.codeDescription?.href;
      } finally {
        await other.stop();
      }
    };
    const href = await linkWith('asyncPitfalls.showRuleDocumentation');
    assert.equal(href, 'command:asyncPitfalls.showRuleDocumentation?%5B%22floating-promise%22%5D');
    assert.deepEqual(JSON.parse(decodeURIComponent(href!.slice(href!.indexOf('?') + 1))), ['floating-promise']);
    // Only a command id is taken: anything else keeps the web page.
    const webPage = /^https:\/\/.*docs\/rules\/floating-promise\.md$/;
    assert.match((await linkWith('javascript:alert(1)')) ?? '', webPage);
    assert.match((await linkWith(42)) ?? '', webPage);
  });

  it('offers the rule fixes as code actions, labelled by kind, none preferred unless safe', async () => {
    const uri = pathToFileURL(project.file('src/a.ts')).toString();
    await client.open(uri, FLOATING);
    const { diagnostics } = await client.diagnostics(uri);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics },
    })) as CodeAction[];
    const titles = actions.map((action) => action.title);
    assert.deepEqual(titles, [
      'Add await (unsafe: changes behaviour) (floating-promise)',
      'Mark as intentionally not awaited (void) (suppression: hides the report) (floating-promise)',
      'Add .catch(...) that reports the error (unsafe: changes behaviour) (floating-promise)',
      'Disable floating-promise for this line (suppression: hides the report)',
      'Disable floating-promise for this file (suppression: hides the report)',
      'Show documentation for floating-promise',
    ]);
    assert.deepEqual(actions.filter((action) => action.isPreferred), [], 'neither an unsafe fix nor a suppression is preferred');
  });

  it('prefers the safe fix, with versioned edits', async () => {
    const uri = pathToFileURL(project.file('src/c.ts')).toString();
    const executor = 'export function read(): Promise<number> {\n  return new Promise(async (resolve, reject) => {\n    try {\n      resolve(await Promise.resolve(1));\n    } catch (error) {\n      reject(error);\n    }\n  });\n}\n';
    await client.open(uri, executor);
    const { diagnostics } = await client.diagnostics(uri, (params) => params.diagnostics.length > 0);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics },
    })) as CodeAction[];
    const preferred = actions.filter((action) => action.isPreferred);
    assert.deepEqual(preferred.map((action) => action.title), ['Replace the Promise with an async function (nested-run)']);
    const edit = preferred[0].edit!.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(edit.textDocument, { uri, version: 1 });
    assert.equal(edit.edits.length, 1);
    assert.match(edit.edits[0].newText, /^\(async \(\) => \{/);
    assert.equal(preferred[0].kind, 'quickfix');
  });

  it('re-checks an open file when a file it imports changes, without saving', async () => {
    const aUri = pathToFileURL(project.file('src/a.ts')).toString();
    const bUri = pathToFileURL(project.file('src/b.ts')).toString();
    const caller = "import { save } from './b';\nexport function run(): void {\n  save();\n}\n";
    await client.open(aUri, caller);
    await client.open(bUri, 'export function save(): void {}\n');
    const before = await client.diagnostics(aUri);
    assert.deepEqual(before.diagnostics, []);
    await client.change(bUri, 2, 'export async function save(): Promise<void> {}\n');
    const after = await client.diagnostics(aUri, (params) => params.diagnostics.length > 0);
    assert.equal((after.diagnostics[0] as Diagnostic).code, 'floating-promise');
  });

  it('updates diagnostics as the document is edited', async () => {
    const uri = pathToFileURL(project.file('src/a.ts')).toString();
    await client.open(uri, FLOATING);
    await client.diagnostics(uri, (params) => params.diagnostics.length === 1);
    await client.change(uri, 2, FLOATING.replace('  save();', '  await save();'));
    const fixed = await client.diagnostics(uri, (params) => params.version === 2);
    assert.deepEqual(fixed.diagnostics, []);
  });

  it('turns a rule off through asyncPitfalls.rules without a restart', async () => {
    const uri = pathToFileURL(project.file('src/a.ts')).toString();
    await client.open(uri, FLOATING);
    await client.diagnostics(uri, (params) => params.diagnostics.length === 1);
    client.settings = { rules: { 'floating-promise': 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const after = await client.diagnostics(uri, (params) => params.diagnostics.length === 0);
    assert.deepEqual(after.diagnostics, []);
  });

  it("leaves to TypeScript the await it reports itself (80007), and keeps what it does not report", async () => {
    const text = 'function total(): number {\n  return 1;\n}\nexport async function f(values: number[]): Promise<void> {\n  await total();\n  for await (const v of values) void v;\n}\n';
    const uri = pathToFileURL(project.file('src/c.ts')).toString();
    await client.open(uri, text);
    const { diagnostics } = await client.diagnostics(uri);
    // The CLI reports both (test/engine/typeScriptSuggestions.test.ts); the editor shows TypeScript's own for line 5.
    assert.deepEqual(
      diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]),
      [['await-non-promise', 5]],
    );
  });

  it('analyzes untitled documents and files outside any tsconfig', async () => {
    await client.open('untitled:Untitled-1', 'async function f() {}\nf();\n', 'javascript');
    const untitled = await client.diagnostics('untitled:Untitled-1');
    assert.deepEqual(untitled.diagnostics.map((d) => d.range.start), [{ line: 1, character: 0 }]);
  });

  it('keeps answering after a document full of syntax errors', async () => {
    const uri = pathToFileURL(project.file('src/a.ts')).toString();
    await client.open(uri, 'async function ((( {{{ \n save(; ]]] \u0000\u0001');
    await client.diagnostics(uri);
    const other = pathToFileURL(project.file('src/c.ts')).toString();
    await client.open(other, FLOATING);
    const { diagnostics } = await client.diagnostics(other);
    assert.equal(diagnostics.length, 1);
  });
});
