import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from '../server/src/cli/args';
import { builtCli, tempProject } from './helpers/tempProject';

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['es2022'], strict: true, module: 'commonjs', types: [] }, include: ['src'] });
const AMBIENT = `declare module 'fs' { export function readFileSync(path: string, encoding: string): string; }\n`;
const BLOCKING_HELPER = `import * as fs from 'fs';\nexport function load(p: string) {\n  return fs.readFileSync(p, 'utf8');\n}\n`;
const PURE_HELPER = `export function load(p: string) {\n  return p.trim();\n}\n`;
const MAIN = `import { load } from './helper';\nasync function save(): Promise<void> {}\nexport async function run(): Promise<string> {\n  save();\n  return load('x');\n}\n`;

function cli(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [builtCli, 'src', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The output without its timing, which is all that may differ between a cold and a cached run. */
function withoutTiming(stdout: string): string {
  return stdout.replace(/"ms":\d+/g, '"ms":0');
}

const DEFAULT_CACHE = path.join('node_modules', '.cache', 'async-pitfalls', 'cache.json');

describe('CLI --cache', function () {
  this.timeout(120_000);
  let project: ReturnType<typeof tempProject>;
  beforeEach(() => {
    project = tempProject({ 'package.json': '{"name":"p","private":true}', 'tsconfig.json': TSCONFIG, 'src/ambient.d.ts': AMBIENT, 'src/helper.ts': BLOCKING_HELPER, 'src/main.ts': MAIN });
  });
  afterEach(() => project.dispose());

  it('parses --cache and --cache-location (which implies --cache)', () => {
    assert.deepEqual([parseArgs([]).cache, parseArgs(['--cache']).cache], [false, true]);
    const options = parseArgs(['--cache-location', 'tmp/cache']);
    assert.deepEqual([options.cache, options.cacheLocation], [true, 'tmp/cache']);
  });

  it('prints exactly what a run without the cache prints, in every format, with the same exit code', () => {
    for (const format of ['stylish', 'json', 'sarif']) {
      const cold = cli(project.root, '--format', format);
      const first = cli(project.root, '--format', format, '--cache');
      const warm = cli(project.root, '--format', format, '--cache');
      assert.equal(cold.status, 0, cold.stderr);
      assert.match(cold.stdout, /blocking-call/);
      for (const run of [first, warm]) {
        assert.equal(run.status, cold.status);
        assert.equal(run.stderr, cold.stderr);
        assert.equal(withoutTiming(run.stdout), withoutTiming(cold.stdout), format);
      }
    }
    assert.ok(fs.existsSync(project.file(DEFAULT_CACHE)), 'the cache is kept in node_modules/.cache/async-pitfalls of the project root');
    // An error severity makes the exit code 1, cached or not.
    fs.writeFileSync(project.file('.async-pitfalls.json'), JSON.stringify({ rules: { 'floating-promise': 'error' } }));
    assert.equal(cli(project.root, '--cache').status, 1);
    assert.equal(cli(project.root, '--cache').status, 1);
  });

  it("follows a change in an imported file's body: the importer's blocking-call finding goes and comes back", () => {
    const rules = (stdout: string) => (JSON.parse(stdout) as { findings: { file: string; rule: string }[] }).findings.map((f) => `${f.file} ${f.rule}`);
    assert.deepEqual(rules(cli(project.root, '--format', 'json', '--cache').stdout), ['src/main.ts floating-promise', 'src/main.ts blocking-call']);
    fs.writeFileSync(project.file('src/helper.ts'), PURE_HELPER);
    assert.deepEqual(rules(cli(project.root, '--format', 'json', '--cache').stdout), ['src/main.ts floating-promise']);
    fs.writeFileSync(project.file('src/helper.ts'), BLOCKING_HELPER);
    assert.deepEqual(rules(cli(project.root, '--format', 'json', '--cache').stdout), ['src/main.ts floating-promise', 'src/main.ts blocking-call']);
  });

  it('keeps the cache where --cache-location says', () => {
    const cold = cli(project.root, '--format', 'json');
    const run = cli(project.root, '--format', 'json', '--cache-location', 'build/lint-cache');
    assert.equal(withoutTiming(run.stdout), withoutTiming(cold.stdout));
    assert.ok(fs.existsSync(project.file('build/lint-cache/cache.json')));
    assert.ok(!fs.existsSync(project.file(DEFAULT_CACHE)));
  });

  for (const [damage, spoil, reason] of [
    ['a truncated cache', (text: string) => text.slice(0, Math.floor(text.length * 0.7)), /truncated or damaged/],
    ['a damaged cache', (text: string) => text.replace(/blocking-call/g, 'floating-promise'), /truncated or damaged/],
    ['a file that is not a cache', () => '{"version":1,"findings":[]}\n', /not a cache file/],
    ['a cache of another format version', (text: string) => text.replace(/"version":\d+/, '"version":99'), /format version 99/],
    ['garbage', () => '\u0000\u0001garbage', /not a cache file/],
  ] as const) {
    it(`ignores ${damage} with one warning, and writes a sound one`, () => {
      const cold = cli(project.root, '--format', 'json');
      cli(project.root, '--format', 'json', '--cache');
      const file = project.file(DEFAULT_CACHE);
      fs.writeFileSync(file, spoil(fs.readFileSync(file, 'utf8')));
      const run = cli(project.root, '--format', 'json', '--cache');
      assert.equal(withoutTiming(run.stdout), withoutTiming(cold.stdout));
      assert.equal(run.status, cold.status);
      const warnings = run.stderr.split('\n').filter((line) => line.includes('cache'));
      assert.equal(warnings.length, 1, run.stderr);
      assert.match(warnings[0], reason);
      const next = cli(project.root, '--format', 'json', '--cache');
      assert.equal(next.stderr, '');
      assert.equal(withoutTiming(next.stdout), withoutTiming(cold.stdout));
    });
  }

  it('runs sharing a cache at the same time leave it sound', async () => {
    // Child processes that run side by side: spawned, not run one after the other.
    const run = (...args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [builtCli, 'src', '--format', 'json', ...args], { cwd: project.root, env: { ...process.env, NO_COLOR: '1' } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    const cold = await run();
    const runs = await Promise.all([run('--cache'), run('--cache'), run('--cache')]);
    for (const result of runs) {
      assert.equal(result.stderr, '');
      assert.equal(withoutTiming(result.stdout), withoutTiming(cold.stdout));
    }
    const after = await run('--cache');
    assert.equal(after.stderr, '');
    assert.equal(withoutTiming(after.stdout), withoutTiming(cold.stdout));
    const left = await fs.promises.readdir(path.dirname(project.file(DEFAULT_CACHE)));
    assert.deepEqual(
      left.filter((name) => name.endsWith('.tmp')),
      [],
      'no temporary file is left behind',
    );
  });
});
