import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestLspClient } from './helpers/lspClient';
import { tempProject } from './helpers/tempProject';

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', strict: true, module: 'ESNext', moduleResolution: 'Bundler' }, include: ['src'] });
const SAVE = 'async function save(): Promise<void> {}\n';
const TWO_FLOATING = `${SAVE}export function a(): void {\n  save();\n  if (Math.random() > 0.5) {\n    save().then(() => 1);\n  }\n}\n`;
/** nested-run's try/catch executor, whose fix is safe, and what it becomes. */
const EXECUTOR = 'export function read(): Promise<number> {\n  return new Promise(async (resolve, reject) => {\n    try {\n      resolve(await Promise.resolve(1));\n    } catch (error) {\n      reject(error);\n    }\n  });\n}\n';
const EXECUTOR_FIXED = 'export function read(): Promise<number> {\n  return (async () => {\n    return await Promise.resolve(1);\n  })();\n}\n';

function applyAction(text: string, action: CodeAction): string {
  const edits = (action.edit!.documentChanges![0] as TextDocumentEdit).edits as TextEdit[];
  return TextDocument.applyEdits(TextDocument.create('file:///x.ts', 'typescript', 1, text), edits);
}

describe('editor experience through the protocol', function () {
  this.timeout(60000);
  let client: TestLspClient;
  let project: ReturnType<typeof tempProject>;
  const uriOf = (name: string) => pathToFileURL(project.file(name)).toString();

  async function start(files: Record<string, string>, settings: Record<string, unknown> = {}): Promise<void> {
    project = tempProject({ 'tsconfig.json': TSCONFIG, ...files });
    client = new TestLspClient();
    client.settings = settings;
    await client.initialize(pathToFileURL(project.root).toString());
  }
  afterEach(async () => {
    await client.stop();
    project.dispose();
  });

  async function actionsAt(uri: string, only?: string[]): Promise<CodeAction[]> {
    const { diagnostics } = await client.diagnostics(uri);
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    })) as CodeAction[];
  }

  it('offers disable-for-line (indented), disable-for-file and the rule documentation', async () => {
    await start({});
    const uri = uriOf('src/a.ts');
    await client.open(uri, TWO_FLOATING);
    const actions = await actionsAt(uri);
    const byTitle = new Map(actions.map((action) => [action.title, action]));
    const line = byTitle.get('Disable floating-promise for this line (suppression: hides the report)')!;
    assert.equal(applyAction(TWO_FLOATING, line), TWO_FLOATING.replace('  save();', '  // async-pitfalls-disable-next-line floating-promise\n  save();'));
    const file = byTitle.get('Disable floating-promise for this file (suppression: hides the report)')!;
    assert.equal(applyAction(TWO_FLOATING, file), `/* async-pitfalls-disable floating-promise */\n${TWO_FLOATING}`);
    const docs = byTitle.get('Show documentation for floating-promise')!;
    assert.deepEqual(docs.command, { title: 'Show documentation for floating-promise', command: 'asyncPitfalls.showRuleDocumentation', arguments: ['floating-promise'] });
    // The inserted comment really silences the finding.
    await client.change(uri, 2, applyAction(TWO_FLOATING, line));
    const after = await client.diagnostics(uri, (params) => params.version === 2);
    assert.equal(after.diagnostics.length, 1);
  });

  it('fix-all applies every safe fix at once, never an unsafe fix or a suppression, and a second fix-all changes nothing', async () => {
    await start({});
    const uri = uriOf('src/a.ts');
    const text = `${TWO_FLOATING}${EXECUTOR}`;
    await client.open(uri, text);
    const [fixAll] = await actionsAt(uri, ['source.fixAll']);
    assert.equal(fixAll.kind, 'source.fixAll.asyncPitfalls');
    assert.deepEqual((fixAll.edit!.documentChanges![0] as TextDocumentEdit).textDocument, { uri, version: 1 });
    const fixed = applyAction(text, fixAll);
    assert.equal(fixed, `${TWO_FLOATING}${EXECUTOR_FIXED}`, 'the floating promises keep their findings: no void in bulk');
    await client.change(uri, 2, fixed);
    await client.diagnostics(uri, (params) => params.version === 2 && params.diagnostics.length === 2);
    assert.deepEqual(await actionsAt(uri, ['source.fixAll.asyncPitfalls']), []);
  });

  it('codeActionsOnSave.rules limits fix-all to the chosen rules', async () => {
    await start({}, { codeActionsOnSave: { rules: ['floating-promise'] } });
    const uri = uriOf('src/a.ts');
    await client.open(uri, EXECUTOR);
    await client.diagnostics(uri, (params) => params.diagnostics.length === 1);
    assert.deepEqual(await actionsAt(uri, ['source.fixAll']), [], 'nested-run is not among the chosen rules');
    await client.setSettings({ codeActionsOnSave: { rules: ['nested-run'] } });
    // The server pulls the new settings after the notification: ask until they have arrived.
    let actions: CodeAction[] = [];
    for (let attempt = 0; attempt < 50 && actions.length === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      actions = await actionsAt(uri, ['source.fixAll']);
    }
    assert.equal(actions.length, 1);
    assert.equal(applyAction(EXECUTOR, actions[0]), EXECUTOR_FIXED);
  });

  it('run: onSave analyzes on save only', async () => {
    await start({}, { run: 'onSave' });
    const uri = uriOf('src/a.ts');
    await client.open(uri, `${SAVE}export async function a() {}\n`);
    await client.diagnostics(uri, (params) => params.version === 1);
    await client.change(uri, 2, TWO_FLOATING);
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.ok(!client.allPublished.some((params) => params.uri === uri && params.version === 2), 'no analysis while typing');
    await client.save(uri);
    const saved = await client.diagnostics(uri, (params) => params.version === 2);
    assert.equal(saved.diagnostics.length, 2);
  });

  it('enable: false clears the diagnostics; true brings them back', async () => {
    await start({});
    const uri = uriOf('src/a.ts');
    await client.open(uri, TWO_FLOATING);
    await client.diagnostics(uri, (params) => params.diagnostics.length === 2);
    const count = client.allPublished.length;
    await client.setSettings({ enable: false });
    await client.until(() => client.allPublished.slice(count).some((p) => p.uri === uri && p.diagnostics.length === 0), 'cleared diagnostics');
    const again = client.allPublished.length;
    await client.setSettings({ enable: true });
    await client.until(() => client.allPublished.slice(again).some((p) => p.uri === uri && p.diagnostics.length === 2), 'diagnostics back');
  });

  it('picks up .async-pitfalls.json changes, and reports a broken one once with file and key', async () => {
    await start({ 'src/a.ts': TWO_FLOATING });
    const uri = uriOf('src/a.ts');
    await client.open(uri, TWO_FLOATING);
    await client.diagnostics(uri, (params) => params.diagnostics[0]?.severity === 2);
    await fs.promises.writeFile(project.file('.async-pitfalls.json'), JSON.stringify({ rules: { 'floating-promise': 'error', 'no-such-rule': 'off' } }));
    const count = client.allPublished.length;
    await client.filesChanged([{ uri: uriOf('.async-pitfalls.json'), type: 1 }]);
    await client.until(() => client.allPublished.slice(count).some((p) => p.uri === uri && p.diagnostics[0]?.severity === 1), 'error severity');
    const warnings = client.logs.filter((message) => message.includes('"rules.no-such-rule"'));
    assert.ok(warnings.length >= 1 && warnings.every((message) => message.includes('.async-pitfalls.json')), client.logs.join('\n'));
    const shown = warnings.length;
    await client.change(uri, 2, `${TWO_FLOATING}\n`);
    await client.diagnostics(uri, (params) => params.version === 2);
    assert.equal(client.logs.filter((message) => message.includes('"rules.no-such-rule"')).length, shown, 'not repeated on every analysis');
  });

  it('sees new files, deleted files and tsconfig changes without a restart', async () => {
    await start({ 'src/a.ts': "import { save } from './b';\nexport function run(): void {\n  save();\n}\n" });
    const uri = uriOf('src/a.ts');
    await client.open(uri, await fs.promises.readFile(project.file('src/a.ts'), 'utf8'));
    await client.diagnostics(uri, (params) => params.version === 1);
    // b.ts appears on disk (a branch switch, a generator): the import now resolves to an async function.
    await fs.promises.writeFile(project.file('src/b.ts'), 'export async function save(): Promise<void> {}\n');
    let count = client.allPublished.length;
    await client.filesChanged([{ uri: uriOf('src/b.ts'), type: 1 }]);
    await client.until(() => client.allPublished.slice(count).some((p) => p.uri === uri && p.diagnostics.length === 1), 'finding after b.ts is created');
    // b.ts is deleted: the import no longer resolves, so nothing is known to be a promise.
    await fs.promises.rm(project.file('src/b.ts'));
    count = client.allPublished.length;
    await client.filesChanged([{ uri: uriOf('src/b.ts'), type: 3 }]);
    await client.until(() => client.allPublished.slice(count).some((p) => p.uri === uri && p.diagnostics.length === 0), 'no finding after b.ts is deleted');
    // tsconfig change: the project is rebuilt with the new options.
    await fs.promises.writeFile(project.file('src/b.ts'), 'export async function save(): Promise<void> {}\n');
    await fs.promises.writeFile(project.file('tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', strict: false }, include: ['src'] }));
    count = client.allPublished.length;
    await client.filesChanged([
      { uri: uriOf('tsconfig.json'), type: 2 },
      { uri: uriOf('src/b.ts'), type: 1 },
    ]);
    await client.until(() => client.allPublished.slice(count).some((p) => p.uri === uri && p.diagnostics.length === 1), 'finding after tsconfig change');
  });

  it('workspaceDiagnostics analyzes closed files in the background, with progress', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`src/f${i}.ts`] = i % 3 === 0 ? TWO_FLOATING : `export const x${i} = ${i};\n`;
    await start(files, { workspaceDiagnostics: true });
    await client.until(() => client.progress.some((p) => p.kind === 'end'), 'progress end');
    assert.equal(client.progress[0].kind, 'begin');
    assert.ok(client.progress.some((p) => p.kind === 'report'));
    for (let i = 0; i < 12; i += 3) {
      const published = client.allPublished.filter((p) => p.uri === uriOf(`src/f${i}.ts`));
      assert.equal(published.at(-1)?.diagnostics.length, 2, `f${i}.ts`);
    }
    // Turning it off withdraws what it published.
    const count = client.allPublished.length;
    await client.setSettings({ workspaceDiagnostics: false });
    await client.until(() => client.allPublished.slice(count).some((p) => p.uri === uriOf('src/f0.ts') && p.diagnostics.length === 0), 'withdrawn');
  });

  it('reports its status: analyzing, then ready with the last analysis time', async () => {
    await start({});
    const uri = uriOf('src/a.ts');
    await client.open(uri, TWO_FLOATING);
    await client.until(() => client.statuses.some((s) => s.state === 'ready'), 'ready status');
    const states = client.statuses.map((s) => s.state);
    assert.ok(states.indexOf('analyzing') < states.lastIndexOf('ready'));
    assert.equal(typeof (client.statuses.find((s) => s.state === 'ready') as { lastAnalysisMs?: number }).lastAnalysisMs, 'number');
  });

  it('never leaves stale diagnostics after rapid edits', async () => {
    await start({});
    const uri = uriOf('src/a.ts');
    await client.open(uri, TWO_FLOATING);
    await client.diagnostics(uri);
    let text = TWO_FLOATING;
    for (let version = 2; version <= 40; version++) {
      text = version % 2 === 0 ? `${TWO_FLOATING}// ${version}\n` : `${SAVE}export async function a() {\n  await save();\n}\n// ${version}\n`;
      await client.change(uri, version, text);
      if (version % 7 === 0) await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const last = await client.diagnostics(uri, (params) => params.version === 40);
    assert.equal(last.diagnostics.length, 2);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const final = client.allPublished.filter((p) => p.uri === uri).at(-1)!;
    assert.equal(final.version, 40, 'nothing older is published after the newest version');
  });
});
