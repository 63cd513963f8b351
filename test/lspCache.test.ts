/* async-pitfalls-disable blocking-call, nested-run */
// The test drives a server in another process and sets up its files and CLI runs in between: that this
// process waits for them is what the test wants (the server's messages queue up meanwhile).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { readCheckedFile } from '../server/src/base/checkedFile';
import { FORMAT_VERSION } from '../server/src/engine/cache';
import { TestLspClient } from './helpers/lspClient';
import { builtCli, tempProject } from './helpers/tempProject';

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['es2022'], strict: true, module: 'commonjs', types: [] }, include: ['src'] });
const AMBIENT = `declare module 'fs' { export function readFileSync(path: string, encoding: string): string; }\n`;
const BLOCKING_HELPER = `import * as fs from 'fs';\nexport function load(p: string) {\n  return fs.readFileSync(p, 'utf8');\n}\n`;
const PURE_HELPER = `export function load(p: string) {\n  return p.trim();\n}\n`;
// `await 1`: the CLI reports it; in the editor TypeScript's own suggestion does, and the rule stands down.
const MAIN = `import { load } from './helper';\nasync function save(): Promise<void> {}\nexport async function run(): Promise<string> {\n  save();\n  await 1;\n  return load('x');\n}\n`;
const OTHER = `async function ping(): Promise<void> {}\nexport function go(): void {\n  ping();\n}\n`;
const CACHE_FILE = 'node_modules/.cache/async-pitfalls/cache.json';
const FROM_CACHE = /First diagnostics of .*main\.ts from the findings cache/;

describe('the language server and the findings cache', function () {
  this.timeout(120_000);
  let client: TestLspClient | undefined;
  let project: ReturnType<typeof tempProject>;
  const uriOf = (name: string) => pathToFileURL(project.file(name)).toString();
  const published = (name: string) => client!.allPublished.filter((params) => params.uri === uriOf(name));
  const codes = (params: PublishDiagnosticsParams) => params.diagnostics.map((diagnostic) => diagnostic.code).join(',');

  beforeEach(() => {
    project = tempProject({ 'package.json': '{"name":"p","private":true}', 'tsconfig.json': TSCONFIG, 'src/ambient.d.ts': AMBIENT, 'src/helper.ts': BLOCKING_HELPER, 'src/main.ts': MAIN, 'src/other.ts': OTHER });
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    project.dispose();
  });

  function warmWithCli(): void {
    const run = spawnSync(process.execPath, [builtCli, 'src', '--cache'], { cwd: project.root, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /await-non-promise/);
    assert.ok(fs.existsSync(project.file(CACHE_FILE)));
  }

  async function start(settings: Record<string, unknown> = {}): Promise<void> {
    client = new TestLspClient();
    client.settings = settings;
    await client.initialize(pathToFileURL(project.root).toString());
  }

  /** Opens main.ts and waits for the live analysis: the server turns ready only once it is published. */
  async function openMain(): Promise<void> {
    await client!.open(uriOf('src/main.ts'), fs.readFileSync(project.file('src/main.ts'), 'utf8'));
    await client!.until(() => {
      const first = client!.sequence.findIndex((event) => 'diagnostics' in event && event.diagnostics.uri === uriOf('src/main.ts'));
      return first !== -1 && client!.sequence.slice(first).some((event) => 'status' in event && event.status.state === 'ready');
    }, 'the live analysis');
  }

  it('publishes the first diagnostics of a file opened in a project not loaded yet from a CLI-warmed cache, then the live analysis confirms them', async () => {
    warmWithCli();
    await start();
    await openMain();
    const logs = client!.logs.join('\n');
    const fromCache = client!.logs.findIndex((line) => FROM_CACHE.test(line));
    const loaded = client!.logs.findIndex((line) => line.includes('Loaded project'));
    assert.ok(fromCache !== -1 && fromCache < loaded, logs);
    const [cached, live, ...more] = published('src/main.ts');
    assert.deepEqual(more, [], logs);
    // Identical: positions, messages, codes, links, related places; the editor's environment hides await-non-promise.
    assert.deepEqual(cached, live);
    assert.equal(codes(cached), 'floating-promise,blocking-call');
    const blocking = cached.diagnostics.find((diagnostic) => diagnostic.code === 'blocking-call')!;
    assert.ok(blocking.relatedInformation?.some((related) => related.location.uri === uriOf('src/helper.ts')), JSON.stringify(blocking));
    assert.doesNotMatch(logs, /Ignored the cache/);
  });

  it('serves a file of an inferred project (no tsconfig) from the entries of a CLI run over its folder', async () => {
    fs.rmSync(project.file('tsconfig.json'));
    warmWithCli();
    await start();
    await openMain();
    assert.match(client!.logs.join('\n'), FROM_CACHE);
    const [cached, live, ...more] = published('src/main.ts');
    assert.deepEqual(more, []);
    assert.deepEqual(cached, live);
    assert.equal(codes(cached), 'floating-promise,blocking-call');
  });

  it('leaves the cache alone with asyncPitfalls.cache off', async () => {
    warmWithCli();
    const before = fs.readFileSync(project.file(CACHE_FILE), 'utf8');
    await start({ cache: false, workspaceDiagnostics: true });
    await openMain();
    await client!.diagnostics(uriOf('src/other.ts'));
    assert.doesNotMatch(client!.logs.join('\n'), /findings cache/);
    assert.equal(fs.readFileSync(project.file(CACHE_FILE), 'utf8'), before);
  });

  it('in a workspace not trusted, neither reads nor writes the cache until the client says the workspace is trusted', async () => {
    warmWithCli();
    const before = fs.readFileSync(project.file(CACHE_FILE), 'utf8');
    client = new TestLspClient();
    client.settings = { workspaceDiagnostics: true };
    client.initializationOptions = { workspaceTrusted: false };
    await client.initialize(pathToFileURL(project.root).toString());
    await openMain();
    await client.diagnostics(uriOf('src/other.ts'));
    assert.doesNotMatch(client.logs.join('\n'), /findings cache/);
    assert.equal(fs.readFileSync(project.file(CACHE_FILE), 'utf8'), before);

    await client.connection.sendNotification('asyncPitfalls/workspaceTrusted');
    await client.connection.sendRequest('asyncPitfalls/revalidate');
    await client.until(() => client!.logs.some((line) => line.includes('Workspace diagnostics of')), 'workspace diagnostics with the cache');
    // The open main.ts is the live analysis's; the two closed files come from the cache.
    assert.ok(client.logs.some((line) => /2 files from the findings cache, 0 analyzed/.test(line)), client.logs.join('\n'));
  });

  it('reads the cache where asyncPitfalls.cacheLocation says, relative to the workspace folder', async () => {
    const run = spawnSync(process.execPath, [builtCli, 'src', '--cache-location', 'build/pitfalls-cache'], { cwd: project.root, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    await start({ cacheLocation: 'build/pitfalls-cache' });
    await openMain();
    assert.match(client!.logs.join('\n'), FROM_CACHE);
  });

  for (const [what, file, text] of [
    ['the file itself', 'src/main.ts', MAIN.replace('save();', 'save();\n  save();')],
    ['a file it imports', 'src/helper.ts', PURE_HELPER],
  ] as const) {
    it(`never publishes an entry made stale by a change to ${what}`, async () => {
      warmWithCli();
      fs.writeFileSync(project.file(file), text);
      await start();
      await openMain();
      assert.doesNotMatch(client!.logs.join('\n'), FROM_CACHE);
      const [live, ...more] = published('src/main.ts');
      assert.deepEqual(more, []);
      assert.equal(codes(live), file === 'src/main.ts' ? 'floating-promise,floating-promise,blocking-call' : 'floating-promise');
    });
  }

  it('never publishes the entry of a file opened with a text other than its file on disk', async () => {
    warmWithCli();
    await start();
    const unsaved = MAIN.replace("  await 1;\n", '');
    await client!.open(uriOf('src/main.ts'), unsaved);
    await client!.until(() => client!.statuses.at(-1)?.state === 'ready' && published('src/main.ts').length > 0, 'the live analysis');
    assert.doesNotMatch(client!.logs.join('\n'), FROM_CACHE);
    const [live, ...more] = published('src/main.ts');
    assert.deepEqual(more, []);
    assert.equal(live.diagnostics.find((diagnostic) => diagnostic.code === 'blocking-call')?.range.start.line, 4);
  });

  it('applies the severity overrides of the settings to cached findings, and does not use the cache for a rule they turn on', async () => {
    warmWithCli();
    await start({ rules: { 'floating-promise': 'error', 'blocking-call': 'off' } });
    await openMain();
    assert.match(client!.logs.join('\n'), FROM_CACHE);
    const [cached, live, ...more] = published('src/main.ts');
    assert.deepEqual(more, []);
    assert.deepEqual(cached, live);
    assert.equal(codes(cached), 'floating-promise');
    assert.equal(cached.diagnostics[0].severity, DiagnosticSeverity.Error);
    await client!.stop();

    // The config turns blocking-call off, the settings on: the cache has no findings of it.
    fs.writeFileSync(project.file('.async-pitfalls.json'), JSON.stringify({ rules: { 'blocking-call': 'off' } }));
    warmWithCli();
    await start({ rules: { 'blocking-call': 'warning' } });
    await openMain();
    assert.doesNotMatch(client!.logs.join('\n'), FROM_CACHE);
    const [only, ...others] = published('src/main.ts');
    assert.deepEqual(others, []);
    assert.equal(codes(only), 'floating-promise,blocking-call');
  });

  it('ignores a damaged cache with one warning, and workspace diagnostics write a sound one', async () => {
    warmWithCli();
    const text = fs.readFileSync(project.file(CACHE_FILE), 'utf8');
    fs.writeFileSync(project.file(CACHE_FILE), text.slice(0, text.length - 40));
    await start({ workspaceDiagnostics: true });
    await openMain();
    await client!.diagnostics(uriOf('src/other.ts'));
    await client!.until(() => client!.logs.some((line) => line.includes('Workspace diagnostics of')), 'the workspace diagnostics');
    const warnings = client!.logs.filter((line) => line.includes('Ignored the cache'));
    assert.equal(warnings.length, 1, client!.logs.join('\n'));
    assert.match(warnings[0], /truncated or damaged/);
    assert.doesNotMatch(client!.logs.join('\n'), FROM_CACHE);
    const read = readCheckedFile(project.file(CACHE_FILE), 'async-pitfalls-cache', FORMAT_VERSION);
    assert.equal(read.status, 'whole');
  });

  it('workspace diagnostics publish closed files from the cache they wrote, and the CLI reads it', async () => {
    await start({ workspaceDiagnostics: true });
    await client!.diagnostics(uriOf('src/other.ts'));
    await client!.until(() => client!.logs.some((line) => line.includes('Workspace diagnostics of')), 'the first workspace diagnostics');
    assert.ok(client!.logs.some((line) => /0 files from the findings cache, 3 analyzed/.test(line)), client!.logs.join('\n'));
    // The entry keeps the finding the editor hides, marked, for the CLI.
    const read = readCheckedFile(project.file(CACHE_FILE), 'async-pitfalls-cache', FORMAT_VERSION);
    assert.equal(read.status, 'whole');
    const entry = (read as { body: { files: Record<string, { findings: { ruleId: string; typeScriptReportsIt?: true }[] }> } }).body.files[project.file('src/main.ts')];
    assert.deepEqual(
      entry.findings.map((finding) => `${finding.ruleId}${finding.typeScriptReportsIt ? ' (TypeScript reports it)' : ''}`),
      ['floating-promise', 'await-non-promise (TypeScript reports it)', 'blocking-call'],
    );
    const first = { main: published('src/main.ts').at(-1), other: published('src/other.ts').at(-1) };
    await client!.stop();

    await start({ workspaceDiagnostics: true });
    await client!.until(() => client!.logs.some((line) => line.includes('Workspace diagnostics of')), 'the second workspace diagnostics');
    assert.ok(client!.logs.some((line) => /3 files from the findings cache, 0 analyzed/.test(line)), client!.logs.join('\n'));
    assert.deepEqual({ main: published('src/main.ts').at(-1), other: published('src/other.ts').at(-1) }, first);
    assert.equal(codes(first.main!), 'floating-promise,blocking-call');

    // A file changed on disk: the files it reaches are analyzed again, and their new findings written.
    fs.writeFileSync(project.file('src/helper.ts'), PURE_HELPER);
    await client!.filesChanged([{ uri: uriOf('src/helper.ts'), type: 2 }]);
    await client!.until(() => published('src/main.ts').at(-1)?.diagnostics.length === 1, 'main.ts without blocking-call');
    await client!.until(() => client!.logs.filter((line) => line.includes('Workspace diagnostics of')).length === 2, 'the refresh');
    assert.match(client!.logs.at(-1)!, /0 files from the findings cache, 2 analyzed/);
    const refreshed = readCheckedFile(project.file(CACHE_FILE), 'async-pitfalls-cache', FORMAT_VERSION) as { body: { files: Record<string, { findings: { ruleId: string }[] }> } };
    assert.deepEqual(
      refreshed.body.files[project.file('src/main.ts')].findings.map((finding) => finding.ruleId),
      ['floating-promise', 'await-non-promise'],
    );

    // The CLI reads the cache the server wrote (the await-non-promise the editor hides included) and prints what a cold run prints.
    const cold = spawnSync(process.execPath, [builtCli, 'src', '--format', 'json'], { cwd: project.root, encoding: 'utf8' });
    const cached = spawnSync(process.execPath, [builtCli, 'src', '--format', 'json', '--cache'], { cwd: project.root, encoding: 'utf8' });
    const withoutTiming = (stdout: string) => stdout.replace(/"ms":\d+/g, '"ms":0');
    assert.equal(withoutTiming(cached.stdout), withoutTiming(cold.stdout));
    assert.match(cached.stdout, /await-non-promise/);
  });
});
