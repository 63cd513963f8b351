import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtCli, tempProject } from './helpers/tempProject';

// The replay of an unchanged cached run (server/src/cli/fastPath.ts), through the built CLI.

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['es2022'], strict: true, module: 'commonjs', types: [] }, include: ['src'] });
const AMBIENT = `declare module 'fs' { export function readFileSync(path: string, encoding: string): string; }\n`;
const HELPER = `import * as fs from 'fs';\nexport function load(p: string) {\n  return fs.readFileSync(p, 'utf8');\n}\n`;
const MAIN = `import { load } from './helper';\nimport { later } from 'dep';\nasync function save(): Promise<void> {}\nexport async function run(): Promise<string> {\n  save();\n  later();\n  return load('x');\n}\n`;
const DEP_TYPES = `export declare function later(): Promise<void>;\n`;
const RECORD = 'node_modules/.cache/async-pitfalls/last-run.json';
const CACHE = 'node_modules/.cache/async-pitfalls/cache.json';

function cli(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [builtCli, 'src', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The output without its timing, which is all that may differ between a replay and the run it replays. */
function withoutTiming(stdout: string): string {
  return stdout.replace(/"ms":\d+/g, '"ms":0');
}

function rules(stdout: string): string[] {
  return (JSON.parse(stdout) as { findings: { file: string; rule: string }[] }).findings.map((f) => `${f.file} ${f.rule}`);
}

describe('CLI --cache: the replay of an unchanged run', function () {
  this.timeout(120_000);
  let project: ReturnType<typeof tempProject>;
  /**
   * The identity of the record and of the cache: a run made in full writes the cache anew (a new file
   * renamed into place), a replay leaves both.
   */
  const recordId = () => {
    const stats = [RECORD, CACHE].map((file) => fs.statSync(project.file(file), { throwIfNoEntry: false }));
    return stats.every((stat) => stat !== undefined) ? stats.map((stat) => `${stat!.ino} ${stat!.mtimeMs}`).join(' ') : undefined;
  };
  /** Runs with the cache and says whether the run was replayed. */
  const cached = (...args: string[]) => {
    const before = recordId();
    const run = cli(project.root, '--cache', ...args);
    return { ...run, replayed: before !== undefined && recordId() === before };
  };

  beforeEach(() => {
    project = tempProject({
      'package.json': '{"name":"p","private":true}',
      'package-lock.json': '{"name":"p","lockfileVersion":3}',
      'tsconfig.json': TSCONFIG,
      'src/ambient.d.ts': AMBIENT,
      'src/helper.ts': HELPER,
      'src/main.ts': MAIN,
      'node_modules/dep/package.json': '{"name":"dep","version":"1.0.0","types":"index.d.ts"}',
      'node_modules/dep/index.d.ts': DEP_TYPES,
    });
  });
  afterEach(() => project.dispose());

  it('prints what the full run prints, byte for byte, in every format, with its exit code and stderr', () => {
    // A config problem (stderr, exit code 2) and findings at two severities.
    fs.writeFileSync(project.file('.async-pitfalls.json'), JSON.stringify({ rules: { 'floating-promise': 'error', 'no-such-rule': 'warning' } }));
    for (const args of [['--format', 'stylish'], ['--format', 'json'], ['--format', 'sarif'], ['--max-warnings', '0']]) {
      fs.rmSync(project.file(RECORD), { force: true });
      const full = cached(...args);
      assert.ok(!full.replayed && recordId() !== undefined, `${args.join(' ')}: the full run is recorded`);
      assert.match(full.stdout, /blocking-call/);
      assert.match(full.stderr, /no-such-rule/);
      const replay = cached(...args);
      assert.ok(replay.replayed, `${args.join(' ')}: replayed`);
      assert.equal(replay.status, full.status);
      assert.equal(replay.stderr, full.stderr);
      assert.equal(withoutTiming(replay.stdout), withoutTiming(full.stdout), args.join(' '));
    }
    // Another format of the same run is replayed too; other arguments are another run.
    assert.ok(cached('--max-warnings', '0', '--format', 'json').replayed);
    assert.ok(!cached('--max-warnings', '3', '--format', 'json').replayed);
  });

  it('a replay says what a run without the cache says', () => {
    const cold = cli(project.root, '--format', 'sarif');
    cached('--format', 'sarif');
    const replay = cached('--format', 'sarif');
    assert.ok(replay.replayed);
    assert.deepEqual([replay.status, replay.stderr, replay.stdout], [cold.status, cold.stderr, cold.stdout]);
  });

  /** Each change must make the next run a full one, whose findings are the cold run's. */
  const changes: [string, () => void, ((before: string[], after: string[]) => void)?][] = [
    ['a project file', () => fs.writeFileSync(project.file('src/helper.ts'), `export function load(p: string) {\n  return p.trim();\n}\n`), (_, after) => assert.ok(!after.includes('src/main.ts blocking-call'))],
    ['the config file', () => fs.writeFileSync(project.file('.async-pitfalls.json'), JSON.stringify({ rules: { 'blocking-call': 'off' } })), (_, after) => assert.ok(!after.includes('src/main.ts blocking-call'))],
    ['a new config file in a folder of the run', () => fs.writeFileSync(project.file('src/.async-pitfalls.json'), JSON.stringify({ rules: { 'blocking-call': 'off' } })), (_, after) => assert.ok(!after.includes('src/main.ts blocking-call'))],
    ['the tsconfig', () => fs.writeFileSync(project.file('tsconfig.json'), TSCONFIG.replace('"strict":true', '"strict":false'))],
    ['a tsconfig it extends', () => {
      fs.writeFileSync(project.file('tsconfig.base.json'), JSON.stringify({ compilerOptions: { strict: true } }));
      fs.writeFileSync(project.file('tsconfig.json'), JSON.stringify({ ...JSON.parse(TSCONFIG), extends: './tsconfig.base.json' }));
      cached('--format', 'json');
      assert.ok(cached('--format', 'json').replayed, 'the project with extends is replayed');
      fs.writeFileSync(project.file('tsconfig.base.json'), JSON.stringify({ compilerOptions: { strict: false } }));
    }],
    ['package.json', () => fs.writeFileSync(project.file('package.json'), '{"name":"p","private":true,"type":"module"}')],
    ['a lockfile', () => fs.writeFileSync(project.file('package-lock.json'), '{"name":"p","lockfileVersion":3,"packages":{}}')],
    ['a declaration file of the project', () => fs.writeFileSync(project.file('src/ambient.d.ts'), AMBIENT.replace('encoding: string', 'encoding?: string'))],
    ['a declaration file of a package', () => fs.writeFileSync(project.file('node_modules/dep/index.d.ts'), 'export declare function later(): void;\n'), (before, after) => assert.equal(after.length, before.length - 1)],
    ['a package file', () => fs.writeFileSync(project.file('node_modules/dep/package.json'), '{"name":"dep","version":"1.0.1","types":"index.d.ts"}')],
    ['a new file of the run', () => fs.writeFileSync(project.file('src/extra.ts'), 'async function go(): Promise<void> {}\nexport function start() {\n  go();\n}\n'), (_, after) => assert.ok(after.includes('src/extra.ts floating-promise'))],
    ['a new file outside the run that takes over a module resolution', () => {
      fs.writeFileSync(project.file('tsconfig.json'), TSCONFIG.replace('"include":["src"]', '"include":["src","lib"]'));
      fs.mkdirSync(project.file('lib/thing'), { recursive: true });
      fs.writeFileSync(project.file('lib/thing/index.d.ts'), 'export declare function tick(): Promise<void>;\n');
      fs.writeFileSync(project.file('src/uses.ts'), "import { tick } from '../lib/thing';\nexport function go() {\n  tick();\n}\n");
      cached('--format', 'json');
      assert.ok(cached('--format', 'json').replayed);
      assert.ok(rules(cli(project.root, '--format', 'json').stdout).includes('src/uses.ts floating-promise'));
      // lib/thing.ts comes before lib/thing/index.d.ts: tick() no longer returns a promise.
      fs.writeFileSync(project.file('lib/thing.ts'), 'export function tick(): void {}\n');
    }, (_, after) => assert.ok(!after.includes('src/uses.ts floating-promise'))],
    ['a new tsconfig above the files', () => fs.writeFileSync(project.file('src/tsconfig.json'), JSON.stringify({ compilerOptions: { strict: false } }))],
  ];
  for (const [what, change, check] of changes) {
    it(`changing ${what} makes the next run a full one`, () => {
      cached('--format', 'json');
      const recorded = cached('--format', 'json');
      assert.ok(recorded.replayed, recorded.stderr);
      change();
      const after = cached('--format', 'json');
      assert.ok(!after.replayed, `${what}: not replayed`);
      const cold = cli(project.root, '--format', 'json');
      assert.equal(withoutTiming(after.stdout), withoutTiming(cold.stdout));
      assert.equal(after.status, cold.status);
      check?.(rules(recorded.stdout), rules(after.stdout));
      // And the new run is replayed in its turn.
      assert.ok(cached('--format', 'json').replayed, `${what}: replayed once recorded again`);
    });
  }

  it('a file changed and changed back is replayed: the texts decide, not the times', () => {
    cached('--format', 'json');
    const text = fs.readFileSync(project.file('src/helper.ts'), 'utf8');
    fs.writeFileSync(project.file('src/helper.ts'), text);
    fs.utimesSync(project.file('src/helper.ts'), new Date(), new Date(Date.now() + 60_000));
    assert.ok(cached('--format', 'json').replayed);
  });

  it('replays a project whose files have byte order marks, UTF-8 and UTF-16', () => {
    fs.writeFileSync(project.file('src/helper.ts'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(HELPER)]));
    fs.writeFileSync(project.file('src/other.ts'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('export async function other() {}\n', 'utf16le')]));
    const cold = cli(project.root, '--format', 'json');
    cached('--format', 'json');
    const replay = cached('--format', 'json');
    assert.ok(replay.replayed);
    assert.equal(withoutTiming(replay.stdout), withoutTiming(cold.stdout));
    fs.writeFileSync(project.file('src/other.ts'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('export async function other2() {}\n', 'utf16le')]));
    assert.ok(!cached('--format', 'json').replayed);
  });

  for (const [damage, spoil, warned] of [
    ['a damaged record', (text: string) => text.replace(/blocking-call/g, 'floating-promise'), /truncated or damaged/],
    ['a truncated record', (text: string) => text.slice(0, Math.floor(text.length / 2)), /truncated or damaged/],
    ['garbage', () => '\u0000garbage', /not a record/],
  ] as const) {
    it(`ignores ${damage} with one warning and records the run anew`, () => {
      const cold = cli(project.root, '--format', 'json');
      cached('--format', 'json');
      fs.writeFileSync(project.file(RECORD), spoil(fs.readFileSync(project.file(RECORD), 'utf8')));
      const run = cached('--format', 'json');
      assert.ok(!run.replayed);
      assert.equal(withoutTiming(run.stdout), withoutTiming(cold.stdout));
      assert.equal(run.status, cold.status);
      const warnings = run.stderr.split('\n').filter((line) => line !== '');
      assert.equal(warnings.length, 1, run.stderr);
      assert.match(warnings[0], warned);
      const next = cached('--format', 'json');
      assert.ok(next.replayed);
      assert.equal(next.stderr, '');
      assert.equal(withoutTiming(next.stdout), withoutTiming(cold.stdout));
    });
  }

  it('does not record a run with --fix, nor replay one', () => {
    cached('--format', 'json');
    const before = recordId();
    cli(project.root, '--cache', '--fix', '--format', 'json');
    assert.equal(recordId(), before);
  });
});
