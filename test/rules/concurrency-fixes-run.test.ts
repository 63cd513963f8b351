// The fixes of unbounded-fan-out, sequential-await and missing-timeout, run: the bounded code never
// has more than N tasks in flight and keeps the results in order, and the timeout really fires. (They
// are unsafe fixes: fix-behaviour-run.test.ts shows what they change; here, that they do their job.)
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyEdits } from '../../server/src/engine/fixes';
import missingTimeout from '../../server/src/rules/missing-timeout';
import sequentialAwait from '../../server/src/rules/sequential-await';
import type { AnyRule } from '../../server/src/rules/types';
import unboundedFanOut from '../../server/src/rules/unbounded-fan-out';
import { load } from '../helpers/behaviour';
import { runRule, type ValidCase } from '../helpers/ruleTester';
import { P_LIMIT_TYPES } from './libraryTypes';

/** The file after the one fix of the one finding the rule reports. */
function fixed(rule: AnyRule, testCase: ValidCase): string {
  const { findings, sourceFile } = runRule(rule, testCase);
  assert.equal(findings.length, 1, `expected one finding, got ${findings.map((f) => f.message).join('; ')}`);
  assert.equal(findings[0].fixes.length, 1, 'expected one fix');
  return applyEdits(sourceFile.text, findings[0].fixes[0].edits);
}

/** Work that records how many calls are in flight, finishing in an order unlike the input's. */
const TRACKED = `export const stats = { active: 0, peak: 0, started: 0 };
async function work(n: number): Promise<number> {
  stats.active++;
  stats.started++;
  stats.peak = Math.max(stats.peak, stats.active);
  await new Promise((resolve) => setTimeout(resolve, (n * 7) % 5));
  stats.active--;
  return n * 10;
}
`;

interface Tracked {
  stats: { active: number; peak: number; started: number };
  run(items: number[]): Promise<number[]>;
}

const ITEMS = Array.from({ length: 40 }, (_, i) => i);
const EXPECTED = ITEMS.map((n) => n * 10);

describe('fixes that run', () => {
  it('unbounded-fan-out: the helper runs at most `concurrency` tasks at once and keeps the order', async () => {
    const code = `${TRACKED}export async function run(items: number[]): Promise<number[]> {\n  return Promise.all(items.map((n) => work(n)));\n}\n`;
    const before = load<Tracked>(code);
    assert.deepEqual(await before.run(ITEMS), EXPECTED);
    assert.equal(before.stats.peak, ITEMS.length, 'the original starts everything at once');

    const output = fixed(unboundedFanOut, { code, options: { concurrency: 3 } });
    assert.match(output, /mapWithConcurrency\(items, 3,/);
    const after = load<Tracked>(output);
    assert.deepEqual(await after.run(ITEMS), EXPECTED);
    assert.equal(after.stats.peak, 3);
    assert.equal(after.stats.started, ITEMS.length);
  });

  it('unbounded-fan-out: the helper rejects like Promise.all and handles an empty input', async () => {
    const code = `${TRACKED}export async function run(items: number[]): Promise<number[]> {\n  return Promise.all(items.map(async (n) => {\n    if (n === 5) throw new Error('five');\n    return work(n);\n  }));\n}\n`;
    const after = load<Tracked>(fixed(unboundedFanOut, { code }));
    await assert.rejects(after.run(ITEMS), /five/);
    assert.deepEqual(await after.run([]), []);
  });

  it('unbounded-fan-out: the p-limit form, with the real p-limit', async () => {
    const code = `${TRACKED}export async function run(items: number[]): Promise<number[]> {\n  return Promise.all(items.map((n) => work(n)));\n}\n`;
    const output = fixed(unboundedFanOut, { code, files: P_LIMIT_TYPES, options: { concurrency: 4 } });
    assert.match(output, /import pLimit from 'p-limit';/);
    const after = load<Tracked>(output);
    assert.deepEqual(await after.run(ITEMS), EXPECTED);
    assert.equal(after.stats.peak, 4);
  });

  it('sequential-await: the loop becomes concurrent, bounded, with the results in order', async () => {
    const code = `${TRACKED}export async function run(items: number[]): Promise<number[]> {\n  const results: number[] = [];\n  for (const n of items) {\n    results.push(await work(n));\n  }\n  return results;\n}\n`;
    const before = load<Tracked>(code);
    assert.deepEqual(await before.run(ITEMS), EXPECTED);
    assert.equal(before.stats.peak, 1, 'the original runs one at a time');

    const after = load<Tracked>(fixed(sequentialAwait, { code, options: { concurrency: 5 } }));
    assert.deepEqual(await after.run(ITEMS), EXPECTED);
    assert.equal(after.stats.peak, 5);
  });

  it('sequential-await: a small literal list runs all at once with Promise.all', async () => {
    const code = `${TRACKED}export async function run(): Promise<number[]> {\n  const results: number[] = [];\n  for (const n of [1, 2, 3]) {\n    const value = await work(n);\n    results.push(value + 1);\n  }\n  return results;\n}\n`;
    const output = fixed(sequentialAwait, { code });
    assert.match(output, /Promise\.all\(\[1, 2, 3\]\.map\(async \(n\) =>/);
    const after = load<Tracked>(output);
    assert.deepEqual(await after.run([]), [11, 21, 31]);
    assert.equal(after.stats.peak, 3);
  });

  describe('missing-timeout against a server that never answers', () => {
    let server: http.Server;
    let url: string;
    before(async () => {
      server = http.createServer(() => {
        // Never respond.
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('fetch: the added signal aborts the request in time', async () => {
      const code = 'export async function get(url: string): Promise<string> {\n  const response = await fetch(url, { method: "GET" });\n  return response.text();\n}\n';
      const output = fixed(missingTimeout, { code, node: true, options: { defaultTimeoutMs: 200 } });
      assert.match(output, /signal: AbortSignal\.timeout\(200\)/);
      const { get } = load<{ get(url: string): Promise<string> }>(output);
      const started = Date.now();
      await assert.rejects(get(url), (error: Error) => error.name === 'TimeoutError');
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 150 && elapsed < 5000, `timed out after ${elapsed} ms`);
    });

    it('http.get: the added signal destroys the request with an AbortError', async () => {
      const code = `import * as http from 'node:http';\nexport function get(url: string): Promise<string> {\n  return new Promise((resolve, reject) => {\n    http.get(url, (res) => resolve(String(res.statusCode))).on('error', reject);\n  });\n}\n`;
      const output = fixed(missingTimeout, { code, node: true, options: { defaultTimeoutMs: 200 } });
      const { get } = load<{ get(url: string): Promise<string> }>(output);
      const started = Date.now();
      await assert.rejects(get(url), (error: Error) => error.name === 'AbortError');
      assert.ok(Date.now() - started < 5000);
    });
  });
});
