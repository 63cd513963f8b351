// Entry point the extension host calls (extensionTestsPath): runs every *.test.js next to it with
// mocha and writes the outcome as JSON for the launcher, which also gets the exit code.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { e2eContext, skipReasons } from './helpers';

interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'skipped';
  ms?: number;
  error?: string;
  reason?: string;
}

export async function run(): Promise<void> {
  const context = e2eContext();
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 120_000, ...(context.grep ? { grep: context.grep } : {}) });
  // The check that the extension under test is the packaged one comes first.
  const files = (await fs.readdir(__dirname)).filter((name) => name.endsWith('.test.js'));
  for (const file of files.sort((a, b) => Number(b === 'vsix.test.js') - Number(a === 'vsix.test.js') || a.localeCompare(b))) {
    mocha.addFile(path.join(__dirname, file));
  }
  const outcomes: TestOutcome[] = [];
  const started = Date.now();
  const failures = await new Promise<number>((resolve, reject) => {
    try {
      const runner = mocha.run(resolve);
      runner.on('pass', (test) => outcomes.push({ title: test.fullTitle(), state: 'passed', ms: test.duration }));
      runner.on('fail', (test, error: Error) => outcomes.push({ title: test.fullTitle(), state: 'failed', error: error.stack ?? String(error) }));
      runner.on('pending', (test) => outcomes.push({ title: test.fullTitle(), state: 'skipped', reason: skipReasons.get(test.fullTitle()) ?? 'skipped without a reason' }));
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  const count = (state: TestOutcome['state']) => outcomes.filter((outcome) => outcome.state === state).length;
  const result = { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), ms: Date.now() - started, vscodeVersion: vscode.version, tests: outcomes };
  await fs.writeFile(context.resultFile, `${JSON.stringify(result, null, 2)}\n`);
  if (failures > 0 || result.failed > 0) throw new Error(`${Math.max(failures, result.failed)} end-to-end test(s) failed`);
}
