import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { builtCli, tempProject } from './helpers/tempProject';

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', strict: true, module: 'ESNext', moduleResolution: 'Bundler' }, include: ['src'] });

/** A hand-written-looking module of `handlers` async functions, each with a few findings of different rules. */
function largeModule(handlers: number): string {
  // `save` does I/O, so the loop and the fan-out over a parameter array are reported too.
  let text = 'async function save(id: number): Promise<number> {\n  const response = await fetch(`https://example.com/items/${id}`);\n  return response.status;\n}\n';
  for (let i = 0; i < handlers; i++) {
    text += `export async function handler${i}(ids: number[], flag: boolean): Promise<number> {\n  let total = 0;\n  for (const id of ids) {\n    total += await save(id + ${i});\n  }\n  if (flag) save(${i});\n  await Promise.all(ids.map((id) => save(id)));\n  ids.forEach(async (id) => {\n    await save(id);\n  });\n  return total;\n}\n`;
  }
  return text;
}

function cli(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [builtCli, '--format', 'json', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The report without its one varying number, the run's duration. */
const withoutDuration = (json: string) => json.replace(/"ms":\d+/, '"ms":0');

describe('CLI results do not depend on the machine', () => {
  let project: ReturnType<typeof tempProject>;
  const busy: ChildProcess[] = [];
  before(() => {
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': largeModule(100), 'src/b.ts': largeModule(100), 'src/c.ts': largeModule(100) });
  });
  after(() => {
    for (const child of busy) child.kill('SIGKILL');
    project.dispose();
  });

  it('gives byte-identical JSON idle and with both cores busy, and the shards together give the whole run', function () {
    this.timeout(600_000);
    const idle = cli(project.root, 'src');
    assert.equal(idle.status, 0, idle.stderr);
    const report = JSON.parse(idle.stdout) as { findings: unknown[]; errors: unknown[] };
    assert.ok(report.findings.length >= 3 * 100 * 3, `every handler's findings: ${report.findings.length}`);
    assert.deepEqual(report.errors, []);

    for (let core = 0; core < 2; core++) busy.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
    const loaded = cli(project.root, 'src');
    const shards = [1, 2, 3].map((index) => cli(project.root, 'src', '--shard', `${index}/3`));
    for (const child of busy.splice(0)) child.kill('SIGKILL');

    assert.equal(loaded.status, 0, loaded.stderr);
    assert.equal(withoutDuration(loaded.stdout), withoutDuration(idle.stdout));
    const union = shards.flatMap((shard) => (JSON.parse(shard.stdout) as { findings: unknown[] }).findings);
    assert.deepEqual(union, report.findings);
  });

  it('with --max-file-time, a file stopped at the limit is an error in the report, never a silent drop', function () {
    this.timeout(300_000);
    const { status, stdout, stderr } = cli(project.root, 'src/a.ts', '--max-file-time', '1');
    assert.equal(status, 2, stderr);
    const report = JSON.parse(stdout) as { errors: { file: string; rule?: string; reason: string }[] };
    assert.equal(report.errors.length, 1);
    assert.equal(report.errors[0].file, 'src/a.ts');
    assert.match(report.errors[0].reason, /^analysis stopped after \d+ ms \(time limit 1 ms\)/);
  });

  it('rejects a --max-file-time that is not a positive whole number', () => {
    for (const value of ['0', '-5', '1.5', 'soon']) {
      const { status, stderr } = cli(project.root, `--max-file-time=${value}`);
      assert.equal(status, 2);
      assert.match(stderr, /--max-file-time must be a whole number of milliseconds/);
    }
  });
});
