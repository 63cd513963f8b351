import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { parseArgs } from '../server/src/cli/args';
import { shardOf } from '../server/src/cli/run';
import { builtCli, tempProject } from './helpers/tempProject';

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', strict: true, module: 'ESNext', moduleResolution: 'Bundler' }, include: ['src'] });

/** A file with `floating` unawaited calls (one finding each) that imports the shared module, so shards need the whole program. */
function moduleWithFindings(floating: number): string {
  const calls = Array.from({ length: floating }, (_, i) => `  save(${i});\n`).join('');
  return `import { save } from '../shared/store';\nexport function run(): void {\n${calls}}\n`;
}

interface JsonReport {
  findings: { file: string; line: number; column: number; rule: string; message: string }[];
  stats: { files: number };
}

function cliJson(cwd: string, ...args: string[]): JsonReport {
  const result = spawnSync(process.execPath, [builtCli, 'src', '--format', 'json', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as JsonReport;
}

const key = (finding: JsonReport['findings'][number]) => `${finding.file}:${finding.line}:${finding.column}:${finding.rule}:${finding.message}`;

describe('CLI --shard', () => {
  let project: ReturnType<typeof tempProject>;
  afterEach(() => project?.dispose());

  it('splits the files so that the shards together report exactly what one run reports', function () {
    this.timeout(240000);
    const files: Record<string, string> = {
      'tsconfig.json': TSCONFIG,
      'src/shared/store.ts': 'export async function save(id: number): Promise<number> {\n  return id;\n}\n',
    };
    // Eleven files in three folders, with different finding counts, so no shard count divides them evenly.
    for (let i = 0; i < 11; i++) files[`src/${['alpha', 'beta', 'gamma'][i % 3]}/module${i}.ts`] = moduleWithFindings(i % 4);
    project = tempProject(files);

    const whole = cliJson(project.root);
    assert.equal(whole.stats.files, 12);
    assert.equal(whole.findings.length, 15, 'the fixture is expected to have findings spread over many files');

    for (const count of [3, 5]) {
      const shards = Array.from({ length: count }, (_, i) => cliJson(project.root, '--shard', `${i + 1}/${count}`));
      assert.equal(shards.reduce((sum, shard) => sum + shard.stats.files, 0), 12, `${count} shards analyze every file once`);
      const union = shards.flatMap((shard) => shard.findings.map(key));
      assert.deepEqual(union, whole.findings.map(key), `${count} shards report, in order, what the whole run reports`);
      const filesPerShard = shards.map((shard) => new Set(shard.findings.map((finding) => finding.file)));
      for (let a = 0; a < count; a++) {
        for (let b = a + 1; b < count; b++) {
          for (const file of filesPerShard[a]) assert.ok(!filesPerShard[b].has(file), `${file} is in shards ${a + 1} and ${b + 1}`);
        }
      }
    }
    const empty = cliJson(project.root, '--shard', '1/13');
    assert.deepEqual([empty.stats.files, empty.findings], [0, []], 'with more shards than files, some shards are empty');
    const [first, second] = [cliJson(project.root, '--shard', '2/3'), cliJson(project.root, '--shard', '2/3')];
    assert.deepEqual(first.findings, second.findings, 'a shard is the same on every run');
    assert.ok(first.findings.length > 0 && first.findings.length < whole.findings.length);
  });

  it('rejects a malformed or out-of-range shard with a usage error', () => {
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': moduleWithFindings(1) });
    for (const bad of ['0/3', '4/3', '1/0', '2', 'a/b', '1/3/4', '-1/3', '1.5/3']) {
      const result = spawnSync(process.execPath, [builtCli, 'src', '--shard', bad], { cwd: project.root, encoding: 'utf8' });
      assert.equal(result.status, 2, `--shard ${bad}`);
      assert.match(result.stderr, /--shard must be <i>\/<n> with 1 <= i <= n/);
    }
    const missing = spawnSync(process.execPath, [builtCli, 'src', '--shard'], { cwd: project.root, encoding: 'utf8' });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--shard needs a value/);
  });

  it('parses --shard i/n and --shard=i/n', () => {
    assert.deepEqual(parseArgs(['--shard', '2/5']).shard, { index: 2, count: 5 });
    assert.deepEqual(parseArgs(['--shard=5/5']).shard, { index: 5, count: 5 });
    assert.equal(parseArgs([]).shard, undefined);
  });

  it('cuts the sorted list into consecutive parts whose sizes differ by at most one', () => {
    const files = Array.from({ length: 10 }, (_, i) => `/p/f${String(i).padStart(2, '0')}.ts`);
    const parts = [1, 2, 3].map((index) => shardOf(files, index, 3));
    assert.deepEqual(parts.map((part) => part.length), [3, 3, 4]);
    assert.deepEqual(parts.flat(), files);
    assert.deepEqual(shardOf(files.slice(0, 2), 1, 3), [], 'more shards than files leaves some shards empty');
    assert.deepEqual([1, 2, 3].flatMap((index) => shardOf(files.slice(0, 2), index, 3)), files.slice(0, 2));
  });
});
