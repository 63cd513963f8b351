import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { builtCli, repositoryRoot } from './helpers/tempProject';

/** `npm start` lints examples/: it must show the mistakes it was written to show, and only those. */
describe('the bundled examples', () => {
  it('show a finding of each kind of mistake they contain, and none on the start-up code', function () {
    this.timeout(120000);
    const result = spawnSync(process.execPath, [builtCli, 'examples', '--format', 'json'], { cwd: repositoryRoot, encoding: 'utf8' });
    const report = JSON.parse(result.stdout) as { findings: { file: string; line: number; rule: string }[]; stats: { files: number } };
    assert.equal(report.stats.files, 3);
    const rules = new Set(report.findings.map((finding) => finding.rule));
    for (const rule of ['blocking-call', 'floating-promise', 'missing-timeout', 'sequential-await', 'unbounded-fan-out']) {
      assert.ok(rules.has(rule), `examples show ${rule}`);
    }
    assert.deepEqual(report.findings.filter((finding) => finding.file === 'examples/src/startup.ts'), [], 'a sync read at start-up is fine');
  });
});
