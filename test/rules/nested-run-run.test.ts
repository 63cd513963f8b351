// nested-run's async executors, run: what the message says happens does happen (the error is lost,
// the promise stays pending, the rejection is unhandled, or nothing is lost), and the fixes keep the
// result (the unsafe one turns the lost error into a rejection).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { applyEdits } from '../../server/src/engine/fixes';
import nestedRun from '../../server/src/rules/nested-run';
import { runRule } from '../helpers/ruleTester';

/** A load that succeeds, or fails after a tick when `state.fail` is set. */
const LOAD = `export const state = { fail: false };
export async function load(): Promise<string> {
  await null;
  if (state.fail) throw new Error('load failed');
  return ' text ';
}
`;

/**
 * Runs the module in a fresh Node process: `read()` once while load succeeds, once while it fails,
 * and returns what happened, in order (`ok`, `rejected`, `pending` after 200 ms, `unhandled`).
 */
function observe(source: string): string[] {
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'nested-run-'));
  try {
    const file = path.join(directory, 'module.js');
    fs.writeFileSync(file, outputText);
    const driver = `
      const events = [];
      process.on('unhandledRejection', (error) => events.push('unhandled: ' + error.message));
      const m = require(${JSON.stringify(file)});
      const outcome = (promise) =>
        Promise.race([
          promise.then((value) => 'ok: ' + value, (error) => 'rejected: ' + error.message),
          new Promise((resolve) => setTimeout(() => resolve('pending'), 200)),
        ]);
      (async () => {
        events.push(await outcome(m.read()));
        m.state.fail = true;
        events.push(await outcome(m.read()));
        console.log(JSON.stringify(events));
      })();
    `;
    const result = spawnSync(process.execPath, ['-e', driver], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as string[];
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

const LOST = `${LOAD}export function read() {
  return new Promise<string>(async (resolve) => {
    const text = await load();
    resolve(text.trim());
  });
}
`;

const CAUGHT = `${LOAD}export function read() {
  return new Promise<string>(async (resolve, reject) => {
    try {
      const text = await load();
      resolve(text.trim());
    } catch (error) {
      reject(error);
    }
  });
}
`;

const THROWN = `${LOAD}export function read() {
  return new Promise<string>(async (resolve) => {
    if (state.fail) throw new Error('load failed');
    setTimeout(() => resolve('text'), 1);
  });
}
`;

describe('nested-run executors that run', () => {
  it('an await outside try: the error is lost as the message says, and the fix rejects with it instead', function () {
    this.timeout(60000);
    const { findings, sourceFile } = runRule(nestedRun, { code: LOST });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /^If `load\(\)` \(line 9\) rejects, the error is lost/);
    assert.deepEqual(observe(LOST), ['ok: text', 'unhandled: load failed', 'pending']);

    assert.equal(findings[0].fixes.length, 1);
    const fixed = applyEdits(sourceFile.text, findings[0].fixes[0].edits);
    assert.deepEqual(observe(fixed), ['ok: text', 'rejected: load failed']);
  });

  it('a throw in an executor that awaits nothing: lost too, though a plain executor would reject', function () {
    this.timeout(60000);
    const { findings } = runRule(nestedRun, { code: THROWN });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /^The error thrown on line 9 is lost/);
    assert.deepEqual(observe(THROWN), ['ok: text', 'unhandled: load failed', 'pending']);
    assert.deepEqual(observe(THROWN.replace('async (resolve)', '(resolve)')), ['ok: text', 'rejected: load failed']);
  });

  it('every await inside try with a catch that rejects: nothing is lost, as the message says, and the safe fix keeps that', function () {
    this.timeout(60000);
    const { findings, sourceFile } = runRule(nestedRun, { code: CAUGHT });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /nothing is lost, but the wrapper is redundant/);
    assert.deepEqual(observe(CAUGHT), ['ok: text', 'rejected: load failed']);
    assert.equal(findings[0].fixes[0].kind, 'safe');
    assert.deepEqual(observe(applyEdits(sourceFile.text, findings[0].fixes[0].edits)), ['ok: text', 'rejected: load failed']);
  });
});
