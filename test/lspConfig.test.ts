import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigFileRequest, FixAllRequest, RevalidateRequest, RulesRequest, type StatusParams } from '../server/src/protocol';
import { ALL_RULE_IDS } from '../server/src/rules';
import { TestLspClient } from './helpers/lspClient';
import { tempProject } from './helpers/tempProject';

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', strict: true, module: 'ESNext', moduleResolution: 'Bundler' }, include: ['src'] });
const FLOATING = 'async function save(): Promise<void> {}\nexport function run(): void {\n  save();\n}\n';
const CLEAN = 'export const two = 2;\n';
const EXECUTOR = 'export function read(): Promise<number> {\n  return new Promise(async (resolve, reject) => {\n    try {\n      resolve(await Promise.resolve(1));\n    } catch (error) {\n      reject(error);\n    }\n  });\n}\n';
const EXECUTOR_FIXED = 'export function read(): Promise<number> {\n  return (async () => {\n    return await Promise.resolve(1);\n  })();\n}\n';

/** The status at rest: the last one, once the server has settled after the diagnostics of `uri`. */
function atRest(statuses: readonly StatusParams[]): StatusParams | undefined {
  const last = statuses[statuses.length - 1];
  return last && last.state !== 'analyzing' && last.state !== 'loading' ? last : undefined;
}

describe('config problems and status through the protocol', function () {
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

  it('announces the project it loads before the first diagnostics, then turns ready; the output says what happened', async () => {
    await start({ 'src/a.ts': FLOATING, 'src/b.ts': CLEAN, 'src/c.ts': CLEAN });
    const uri = uriOf('src/a.ts');
    await client.open(uri, FLOATING);
    await client.diagnostics(uri);
    await client.until(() => client.statuses.at(-1)?.state === 'ready', 'ready');
    const events = client.sequence.map((event) =>
      'status' in event ? `${event.status.state}${event.status.loading ? ` ${event.status.loading.loadedFiles}/${event.status.loading.totalFiles}` : ''}` : `diagnostics ${event.diagnostics.uri === uri ? 'a' : event.diagnostics.uri}`,
    );
    const loading = client.statuses.find((status) => status.state === 'loading');
    assert.deepEqual(loading?.loading, { project: project.file('tsconfig.json'), loadedFiles: 0, totalFiles: 3 }, events.join(', '));
    const firstDiagnostics = events.indexOf('diagnostics a');
    assert.ok(events.indexOf('loading 0/3') < events.indexOf('analyzing'), events.join(', '));
    assert.ok(events.indexOf('analyzing') < firstDiagnostics, events.join(', '));
    assert.equal(events.at(-1), 'ready', events.join(', '));
    const ready = client.statuses.at(-1)!;
    assert.equal(typeof ready.lastAnalysisMs, 'number');
    assert.equal(ready.configProblems, undefined);

    const logs = client.logs.join('\n');
    assert.match(logs, /Async Pitfalls \d+\.\d+\.\d+\S* started for an unnamed client: TypeScript \d+\.\d+/);
    assert.match(logs, /Settings applied: \{"enable":true/);
    assert.ok(logs.includes(`Loaded project ${project.file('tsconfig.json')} (3 files included, `), logs);
    assert.match(logs, / files with libraries and declarations\) in \d+ ms\./);

    // A second file of the loaded project is not announced again.
    const before = client.statuses.length;
    await client.open(uriOf('src/b.ts'), CLEAN);
    await client.diagnostics(uriOf('src/b.ts'));
    await client.until(() => client.statuses.at(-1)?.state === 'ready', 'ready again');
    assert.deepEqual(client.statuses.slice(before).filter((status) => status.state === 'loading'), []);
  });

  it('publishes the problems of .async-pitfalls.json on the file, at their keys, applies the valid ones, and warns in the status', async () => {
    const config = [
      '{',
      '  "rules": {',
      '    "floating-promise": "error",',
      '    "blocking-calls": "off",',
      '    "misused-promise": "loud",',
      '    "unbounded-fan-out": ["warning", { "concurency": 4 }]',
      '  }',
      '}',
    ].join('\n');
    await start({ 'src/a.ts': FLOATING, '.async-pitfalls.json': config });
    const uri = uriOf('src/a.ts');
    const configUri = uriOf('.async-pitfalls.json');
    await client.open(uri, FLOATING);
    const { diagnostics } = await client.diagnostics(uri);
    assert.deepEqual(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity]), [['floating-promise', 1]], 'the valid key applies');
    const published = await client.diagnostics(configUri);
    assert.deepEqual(
      published.diagnostics.map((diagnostic) => ({ line: diagnostic.range.start.line, text: config.split('\n')[diagnostic.range.start.line].slice(diagnostic.range.start.character, diagnostic.range.end.character), severity: diagnostic.severity, source: diagnostic.source, message: diagnostic.message })),
      [
        { line: 3, text: '"blocking-calls"', severity: 2, source: 'async-pitfalls', message: '"rules.blocking-calls" is not a known rule id (did you mean "blocking-call"?)' },
        { line: 4, text: '"loud"', severity: 2, source: 'async-pitfalls', message: '"rules.misused-promise" must be one of off, hint, info, warning, error (or [severity, options])' },
        { line: 5, text: '"concurency"', severity: 2, source: 'async-pitfalls', message: '"rules.unbounded-fan-out[1].concurency" is not an option of unbounded-fan-out (known: concurrency, maxUnbounded)' },
      ],
    );
    await client.until(() => atRest(client.statuses)?.state === 'warning', 'a warning status');
    const warning = atRest(client.statuses)!;
    assert.deepEqual(warning.configProblems, [{ kind: 'file', uri: configUri, name: '.async-pitfalls.json', problems: 3 }]);
    assert.equal(warning.message, 'Problems in .async-pitfalls.json (3); the valid settings apply.');
    assert.ok(client.logs.some((line) => line.startsWith(`${project.file('.async-pitfalls.json')}:4:5: "rules.blocking-calls" is not a known rule id`)), client.logs.join('\n'));
    assert.ok(client.logs.some((line) => line === `Read config file ${project.file('.async-pitfalls.json')} (3 problems).`), client.logs.join('\n'));

    // Mended on disk: the file's diagnostics go, the status is ready again.
    await fs.promises.writeFile(project.file('.async-pitfalls.json'), '{ "rules": { "floating-promise": "error" } }');
    const count = client.allPublished.length;
    await client.filesChanged([{ uri: configUri, type: 2 }]);
    await client.until(() => client.allPublished.slice(count).some((params) => params.uri === configUri && params.diagnostics.length === 0), 'the config diagnostics cleared');
    await client.until(() => atRest(client.statuses)?.state === 'ready', 'ready');
    assert.equal(atRest(client.statuses)!.configProblems, undefined);
  });

  it('keeps what it can read of invalid JSON, with an error where the JSON breaks', async () => {
    const config = '{\n  "rules": {\n    "floating-promise": "error"\n    "nested-run": "off"\n  }\n}\n';
    await start({ 'web/src/a.ts': FLOATING, 'web/.async-pitfalls.json': config });
    const uri = uriOf('web/src/a.ts');
    await client.open(uri, FLOATING);
    const { diagnostics } = await client.diagnostics(uri);
    assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.severity), [1], 'the severity before the syntax error applies');
    const published: PublishDiagnosticsParams = await client.diagnostics(uriOf('web/.async-pitfalls.json'));
    assert.deepEqual(
      published.diagnostics.map((diagnostic) => [diagnostic.severity, diagnostic.range, diagnostic.message]),
      [[1, { start: { line: 3, character: 4 }, end: { line: 3, character: 16 } }, "This file is not valid JSON: ',' expected."]],
    );
    await client.until(() => atRest(client.statuses)?.state === 'warning', 'a warning status');
    assert.equal(atRest(client.statuses)!.message, 'Problems in web/.async-pitfalls.json (1); the valid settings apply.', 'named by its path in the workspace');
  });

  it('with workspace diagnostics, publishes the problems of a config file that no open file uses', async () => {
    await start({ 'src/a.ts': FLOATING, '.async-pitfalls.json': '{ "rules": { "floating-promise": "error", "nested-runs": "off" } }' }, { workspaceDiagnostics: true });
    const { diagnostics } = await client.diagnostics(uriOf('.async-pitfalls.json'));
    assert.deepEqual(
      diagnostics.map((diagnostic) => [diagnostic.range.start.character, diagnostic.range.end.character, diagnostic.message]),
      [[42, 55, '"rules.nested-runs" is not a known rule id (did you mean "nested-run"?)']],
    );
    const closed = await client.diagnostics(uriOf('src/a.ts'));
    assert.deepEqual(closed.diagnostics.map((diagnostic) => diagnostic.severity), [1]);
  });

  it('validates asyncPitfalls.* settings: an output line naming the setting, a warning status, the valid keys applied', async () => {
    await start({ 'src/a.ts': FLOATING }, { rules: { 'blocking-calls': 'off', 'floating-promise': 'loud', 'nested-run': 'error' }, run: 'sometimes' });
    const uri = uriOf('src/a.ts');
    await client.open(uri, FLOATING);
    const { diagnostics } = await client.diagnostics(uri);
    assert.deepEqual(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity]), [['floating-promise', 2]], 'a bad severity leaves the default');
    await client.until(() => atRest(client.statuses)?.state === 'warning', 'a warning status');
    const warning = atRest(client.statuses)!;
    assert.deepEqual(warning.configProblems, [
      { kind: 'setting', setting: 'asyncPitfalls.run', problems: 1 },
      { kind: 'setting', setting: 'asyncPitfalls.rules', problems: 2 },
    ]);
    assert.equal(warning.message, 'Problems in asyncPitfalls.run (1) and asyncPitfalls.rules (2); the valid settings apply.');
    for (const line of [
      'Setting asyncPitfalls.rules: "blocking-calls" is not a known rule id (did you mean "blocking-call"?); it is ignored',
      'Setting asyncPitfalls.rules: "floating-promise": "loud" must be one of off, hint, info, warning, error; the severity of the config file (or the default) applies',
      'Setting asyncPitfalls.run: "sometimes" must be "onType" or "onSave"; "onType" applies',
    ]) {
      assert.equal(client.logs.filter((logged) => logged === line).length, 1, `${line}\n---\n${client.logs.join('\n')}`);
    }

    await client.setSettings({ rules: { 'blocking-call': 'off' } });
    await client.until(() => atRest(client.statuses)?.state === 'ready', 'ready once the settings are mended');
    assert.equal(atRest(client.statuses)!.configProblems, undefined);
  });

  it('answers the requests of the commands: fix all, revalidate, the config file, the rules', async () => {
    await start({ 'src/a.ts': EXECUTOR, 'src/b.ts': FLOATING });
    const uri = uriOf('src/a.ts');
    await client.open(uri, EXECUTOR);
    await client.diagnostics(uri, (params) => params.diagnostics.length > 0);

    const { edit } = await client.connection.sendRequest(FixAllRequest.type, { textDocument: { uri } });
    const change = edit!.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.equal(TextDocument.applyEdits(TextDocument.create(uri, 'typescript', 1, EXECUTOR), change.edits as TextEdit[]), EXECUTOR_FIXED);
    await client.open(uriOf('src/b.ts'), CLEAN);
    assert.deepEqual(await client.connection.sendRequest(FixAllRequest.type, { textDocument: { uri: uriOf('src/b.ts') } }), { edit: null }, 'nothing to fix');

    assert.deepEqual(await client.connection.sendRequest(ConfigFileRequest.type, { textDocument: { uri } }), { uri: null, createUri: uriOf('.async-pitfalls.json') });
    await fs.promises.writeFile(project.file('.async-pitfalls.json'), '{ "rules": { "nested-run": "off" } }');
    // No file event: revalidating reads the config files again.
    const count = client.allPublished.length;
    assert.deepEqual(await client.connection.sendRequest(RevalidateRequest.type), { files: 2 });
    await client.until(() => client.allPublished.slice(count).some((params) => params.uri === uri && params.diagnostics.length === 0), 'nested-run turned off');
    assert.deepEqual(await client.connection.sendRequest(ConfigFileRequest.type, { textDocument: { uri } }), { uri: uriOf('.async-pitfalls.json'), createUri: uriOf('.async-pitfalls.json') });

    const rules = await client.connection.sendRequest(RulesRequest.type);
    assert.deepEqual(rules.map((rule) => rule.id).sort(), [...ALL_RULE_IDS].sort());
    assert.ok(rules.every((rule) => rule.description.length > 10));
  });
});
