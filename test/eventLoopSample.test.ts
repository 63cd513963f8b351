import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { builtCli, repositoryRoot } from './helpers/tempProject';

const SAMPLE = path.join(repositoryRoot, 'test/fixtures/event-loop-service');

interface JsonReport {
  findings: { file: string; line: number; column: number; endLine: number; endColumn: number; rule: string; severity: string; message: string; fixes: { title: string; safe: boolean; kind: string }[] }[];
  stats: { files: number };
}

describe('event-loop rules on a sample service (CLI, JSON)', () => {
  it('reports the blocking calls and nested runs, and none of the look-alikes', function () {
    this.timeout(120000);
    const result = spawnSync(process.execPath, [builtCli, 'src', '--format', 'json'], { cwd: SAMPLE, encoding: 'utf8' });
    assert.equal(result.status, 1, `nested-run is an error in the sample's config\n${result.stderr}`);
    const report = JSON.parse(result.stdout) as JsonReport;
    assert.equal(report.stats.files, 4);
    const ours = report.findings
      .filter((finding) => finding.rule === 'blocking-call' || finding.rule === 'nested-run')
      .map((f) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.rule} ${f.severity} [${f.fixes.map((fix) => `${fix.title} [${fix.kind}]`).join('; ')}]`);
    assert.deepEqual(ours, [
      'src/jobs/reports.ts:7:22-7:27 nested-run error [Replace the Promise with an async function (nested-run) [safe]]',
      'src/jobs/reports.ts:18:3-18:44 nested-run error [Use the async child process API and await it (unsafe: changes behaviour) (nested-run) [unsafe]]',
      'src/jobs/reports.ts:19:3-19:28 blocking-call warning [Use the async API and await it (unsafe: changes behaviour) (blocking-call) [unsafe]]',
      'src/jobs/reports.ts:33:3-33:27 blocking-call warning [Wait with await setTimeout(...) from node:timers/promises (unsafe: changes behaviour) (blocking-call) [unsafe]]',
      'src/jobs/reports.ts:37:22-37:27 nested-run error [Replace the Promise with an async function (its errors now reject it) (unsafe: changes behaviour) (nested-run) [unsafe]]',
      'src/routes/users.ts:14:20-14:40 blocking-call warning [Use the async API and await it (unsafe: changes behaviour) (blocking-call) [unsafe]]',
      'src/routes/users.ts:19:16-19:59 blocking-call warning [Use the async API and await it (unsafe: changes behaviour) (blocking-call) [unsafe]]',
      'src/store.ts:20:32-20:65 blocking-call warning []',
    ]);
    const helperFinding = report.findings.find((f) => f.file === 'src/routes/users.ts' && f.line === 14)!;
    assert.match(helperFinding.message, /`loadTemplate\(\)` .* calls `readFileSync` \(line 9\)/);
  });
});
