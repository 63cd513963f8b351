import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { builtCli, repositoryRoot } from './helpers/tempProject';

describe('our own sources', () => {
  it('have no findings under our own CLI', function () {
    this.timeout(120000);
    const result = spawnSync(process.execPath, [builtCli, 'client/src', 'server/src', 'scripts', 'test', '--format', 'json'], { cwd: repositoryRoot, encoding: 'utf8' });
    const report = JSON.parse(result.stdout) as { findings: { file: string; line: number; rule: string; message: string }[] };
    assert.deepEqual(report.findings.map((f) => `${f.file}:${f.line} ${f.rule}: ${f.message}`), []);
    assert.equal(result.status, 0, result.stderr);
  });
});
