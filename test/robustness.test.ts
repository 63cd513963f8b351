import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { TestLspClient } from './helpers/lspClient';
import { tempProject } from './helpers/tempProject';

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', strict: true, module: 'ESNext', moduleResolution: 'Bundler' }, include: ['src'] });
const FLOATING = 'async function save(): Promise<void> {}\nexport function run(): void {\n  save();\n}\n';

/** Bad inputs the server must survive: it keeps answering, and a healthy file keeps its diagnostics. */
function badInputs(): Record<string, { name: string; text: string; languageId?: string }> {
  const minified = Array.from({ length: 60000 }, (_, i) => `function a${i}(b){return b.then(function(c){return c+1})};a${i}(Promise.resolve(1));`).join('');
  const bigLines = Array.from({ length: 50000 }, (_, i) => (i % 2 === 0 ? `export async function f${i}(): Promise<number> { return ${i}; }` : `f${i - 1}();`));
  const binary = Array.from({ length: 20000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
  return {
    'syntax errors everywhere': { name: 'src/syntax.ts', text: 'async function ((( {{{ \n save(; ]]] \n class { = => } export export\n' },
    'a 5 MB minified .js': { name: 'src/bundle.min.js', text: minified, languageId: 'javascript' },
    'a 50,000-line file': { name: 'src/big.ts', text: `${bigLines.join('\n')}\n` },
    '10,000 nested parentheses': { name: 'src/parens.ts', text: `const x = ${'('.repeat(10000)}1${')'.repeat(10000)};\n` },
    '5,000 nested callbacks': { name: 'src/callbacks.ts', text: `declare function f(cb: () => void): void;\n${'f(() => {\n'.repeat(5000)}${'});\n'.repeat(5000)}` },
    'binary content': { name: 'src/binary.ts', text: binary },
    'non-UTF-8 text decoded as replacement characters': { name: 'src/latin1.ts', text: `// caf\ufffd\n${FLOATING}` },
  };
}

describe('robustness: bad input through the protocol', function () {
  this.timeout(120000);
  let client: TestLspClient;
  let project: ReturnType<typeof tempProject>;
  const uriOf = (name: string) => pathToFileURL(project.file(name)).toString();

  before(async () => {
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/healthy.ts': FLOATING });
    client = new TestLspClient();
    await client.initialize(pathToFileURL(project.root).toString());
    await client.open(uriOf('src/healthy.ts'), FLOATING);
    await client.diagnostics(uriOf('src/healthy.ts'), (params) => params.diagnostics.length === 1);
  });
  after(async () => {
    await client.stop();
    project.dispose();
  });

  /** After each bad input: the server answers a request, and an edit to the healthy file is analyzed. */
  let healthyVersion = 1;
  async function assertStillHealthy(): Promise<void> {
    const stats = (await client.connection.sendRequest('asyncPitfalls/stats')) as { projects: number };
    assert.ok(stats.projects >= 1);
    healthyVersion++;
    await client.change(uriOf('src/healthy.ts'), healthyVersion, `${FLOATING}// ${healthyVersion}\n`);
    const fresh = await client.diagnostics(uriOf('src/healthy.ts'), (params) => params.version === healthyVersion);
    assert.equal(fresh.diagnostics.length, 1);
  }

  for (const [label, input] of Object.entries(badInputs())) {
    it(label, async () => {
      const uri = uriOf(input.name);
      try {
        await client.open(uri, input.text, input.languageId ?? 'typescript');
        await client.diagnostics(uri, () => true, 60000);
        await assertStillHealthy();
      } finally {
        await client.close(uri);
      }
    });
  }

  it('reports exact UTF-16 positions with CRLF line ends and non-ASCII text', async () => {
    const uri = uriOf('src/positions.ts');
    const text = 'async function save(): Promise<void> {}\r\n// 😀 émoji\r\nconst label = "😀😀"; save();\r\n';
    await client.open(uri, text);
    const { diagnostics } = await client.diagnostics(uri, (params) => params.diagnostics.length > 0);
    // Two surrogate pairs count as four UTF-16 code units before `save();`.
    assert.deepEqual(diagnostics[0].range, { start: { line: 2, character: 22 }, end: { line: 2, character: 29 } });
    await client.close(uri);
  });

  it('a file deleted or renamed while open keeps being analyzed from the editor text', async () => {
    await fs.promises.writeFile(project.file('src/moving.ts'), FLOATING);
    const uri = uriOf('src/moving.ts');
    await client.open(uri, FLOATING);
    await client.diagnostics(uri, (params) => params.diagnostics.length === 1);
    await fs.promises.rename(project.file('src/moving.ts'), project.file('src/moved.ts'));
    await client.filesChanged([
      { uri, type: 3 },
      { uri: uriOf('src/moved.ts'), type: 1 },
    ]);
    await client.change(uri, 2, `${FLOATING}\n`);
    const after = await client.diagnostics(uri, (params) => params.version === 2);
    assert.equal(after.diagnostics.length, 1);
    await client.close(uri);
    await assertStillHealthy();
  });

  it('circular imports', async () => {
    const a = "import { b } from './cycle-b';\nexport async function a(): Promise<void> { b(); }\n";
    const b = "import { a } from './cycle-a';\nexport async function b(): Promise<void> { a(); }\n";
    await fs.promises.writeFile(project.file('src/cycle-a.ts'), a);
    await fs.promises.writeFile(project.file('src/cycle-b.ts'), b);
    await client.open(uriOf('src/cycle-a.ts'), a);
    const { diagnostics } = await client.diagnostics(uriOf('src/cycle-a.ts'), (params) => params.diagnostics.length > 0);
    assert.equal(diagnostics[0].code, 'floating-promise');
    await client.close(uriOf('src/cycle-a.ts'));
  });
});

describe('robustness: broken project configuration', function () {
  this.timeout(60000);
  const configs: Record<string, Record<string, string>> = {
    'invalid JSON': { 'tsconfig.json': '{ "compilerOptions": { "strict": true, ' },
    'an extends cycle': { 'tsconfig.json': '{ "extends": "./base.json", "include": ["src"] }', 'base.json': '{ "extends": "./tsconfig.json" }' },
    'a missing extends target': { 'tsconfig.json': '{ "extends": "./nowhere.json", "include": ["src"] }' },
    'missing files': { 'tsconfig.json': '{ "files": ["src/a.ts", "src/gone.ts"] }' },
    'no tsconfig at all': {},
    'a binary tsconfig': { 'tsconfig.json': '\u0000\u0001\u0002\u00ff{' },
  };
  for (const [label, files] of Object.entries(configs)) {
    it(label, async () => {
      const project = tempProject({ ...files, 'src/a.ts': FLOATING });
      const client = new TestLspClient();
      try {
        await client.initialize(pathToFileURL(project.root).toString());
        const uri = pathToFileURL(project.file('src/a.ts')).toString();
        await client.open(uri, FLOATING);
        const { diagnostics } = await client.diagnostics(uri);
        assert.equal(diagnostics.length, 1, 'analyzed with default options');
      } finally {
        await client.stop();
        project.dispose();
      }
    });
  }
});
