import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { generateFiles } from '../bench/corpus';
import { FIRST_LOOK_MIN_FILES } from '../server/src/project/projectHost';
import { TestLspClient } from './helpers/lspClient';
import { tempProject } from './helpers/tempProject';

const FLOATING_TS = 'async function save(): Promise<void> {}\nexport function run(): void {\n  save();\n}\n';
const FLOATING_JS = 'async function save() {}\nexport function run() {\n  save();\n}\n';

describe('workspaces through the protocol', function () {
  this.timeout(60000);
  let client: TestLspClient;
  let project: ReturnType<typeof tempProject>;
  const uriOf = (name: string) => pathToFileURL(project.file(name)).toString();
  afterEach(async () => {
    await client.stop();
    project.dispose();
  });

  it('multi-root: each folder with its own tsconfig and config file; workspace diagnostics cover both, and folders can be added', async () => {
    project = tempProject({
      'api/tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022' }, include: ['src'] }),
      'api/src/a.ts': FLOATING_TS,
      'web/tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022' }, include: ['src'] }),
      'web/src/b.ts': FLOATING_TS,
      'web/.async-pitfalls.json': JSON.stringify({ rules: { 'floating-promise': 'error' } }),
      'tools/src/c.ts': FLOATING_TS,
    });
    client = new TestLspClient();
    client.settings = { workspaceDiagnostics: true };
    await client.initialize(uriOf('api'), [uriOf('web')]);
    await client.until(() => client.allPublished.some((p) => p.uri === uriOf('api/src/a.ts')) && client.allPublished.some((p) => p.uri === uriOf('web/src/b.ts')), 'both folders analyzed');
    const severityOf = (name: string) => client.allPublished.filter((p) => p.uri === uriOf(name)).at(-1)!.diagnostics[0].severity;
    assert.equal(severityOf('api/src/a.ts'), 2, 'warning by default');
    assert.equal(severityOf('web/src/b.ts'), 1, "error from web's own config");
    assert.ok(!client.allPublished.some((p) => p.uri === uriOf('tools/src/c.ts')), 'not a workspace folder yet');
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: uriOf('tools'), name: 'tools' }], removed: [] } });
    await client.until(() => client.allPublished.some((p) => p.uri === uriOf('tools/src/c.ts') && p.diagnostics.length === 1), 'the added folder analyzed');
  });

  it('JavaScript with and without checkJs, and a file no config includes', async () => {
    project = tempProject({
      'checked/jsconfig.json': JSON.stringify({ compilerOptions: { checkJs: true }, include: ['**/*.js'] }),
      'checked/a.js': FLOATING_JS,
      'plain/jsconfig.json': JSON.stringify({ compilerOptions: { checkJs: false }, include: ['**/*.js'] }),
      'plain/b.js': FLOATING_JS,
      'loose/c.js': FLOATING_JS,
    });
    client = new TestLspClient();
    await client.initialize(pathToFileURL(project.root).toString());
    await Promise.all(
      ['checked/a.js', 'plain/b.js', 'loose/c.js'].map(async (name) => {
        await client.open(uriOf(name), FLOATING_JS, 'javascript');
        const { diagnostics } = await client.diagnostics(uriOf(name));
        assert.deepEqual(diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`), ['floating-promise@2:2'], name);
      }),
    );
  });

  it('a file opened in a big project: a first look at once, then the complete diagnostics', async () => {
    const generated = generateFiles({ name: 'big', files: FIRST_LOOK_MIN_FILES + 10, seed: 5 });
    const app = "import { sleep } from './core/util';\nexport async function run(): Promise<void> {\n  sleep(1);\n  for await (const n of [1, 2]) void n;\n}\n";
    project = tempProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022'], types: [] }, include: ['src'] }),
      ...Object.fromEntries(generated.files),
      'src/app.ts': app,
    });
    client = new TestLspClient();
    await client.initialize(pathToFileURL(project.root).toString());
    await client.open(uriOf('src/app.ts'), app);
    const codes = (params: { diagnostics: { code?: number | string }[] }) => params.diagnostics.map((d) => d.code).join(',');
    const complete = await client.diagnostics(uriOf('src/app.ts'), (params) => params.diagnostics.length === 2);
    assert.equal(codes(complete), 'floating-promise,await-non-promise');
    const published = client.allPublished.filter((params) => params.uri === uriOf('src/app.ts'));
    assert.deepEqual(published.map(codes), ['floating-promise', 'floating-promise,await-non-promise'], 'the first look holds back await-non-promise');
  });

  it('ignores a config above the workspace folder, and names it in the output', async () => {
    project = tempProject({
      '.async-pitfalls.json': JSON.stringify({ rules: { 'floating-promise': 'off' } }),
      'app/tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022' }, include: ['src'] }),
      'app/src/a.ts': FLOATING_TS,
    });
    client = new TestLspClient();
    await client.initialize(uriOf('app'));
    await client.open(uriOf('app/src/a.ts'), FLOATING_TS);
    const { diagnostics } = await client.diagnostics(uriOf('app/src/a.ts'), (params) => params.diagnostics.length > 0);
    assert.deepEqual(diagnostics.map((d) => d.code), ['floating-promise'], 'the planted config does not silence the rule');
    assert.ok(client.logs.some((line) => line.includes(`Ignored ${project.file('.async-pitfalls.json')}: it is above the project root ${project.file('app')}`)), client.logs.join('\n'));
  });
});
