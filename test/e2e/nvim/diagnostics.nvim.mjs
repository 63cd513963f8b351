// Drives diagnostics.lua: headless Neovim (Debian's package) attaches its built-in LSP client to
// the packaged dist/server.js over stdio and reads the diagnostics of the floating-promise fixture.
// Proves the server works with a client that is not VS Code.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exists, run } from '../../../scripts/e2e/lib.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = 'rules/floating-promise.ts';
const RULE = 'floating-promise';
const TIMEOUT_MS = 60_000;

export async function runNeovimTest({ serverJs, workspace, runDir, log }) {
  const file = path.join(workspace, FIXTURE);
  const out = path.join(runDir, 'nvim-result.json');
  await fs.rm(out, { force: true });
  const env = {
    ...process.env,
    E2E_SERVER_JS: serverJs,
    E2E_ROOT: workspace,
    E2E_FILE: file,
    E2E_OUT: out,
    E2E_NODE: process.execPath,
    E2E_TIMEOUT_MS: String(TIMEOUT_MS / 2),
    // Neovim's own state and logs stay in the run folder.
    XDG_STATE_HOME: path.join(runDir, 'nvim-state'),
    XDG_DATA_HOME: path.join(runDir, 'nvim-data'),
    XDG_CACHE_HOME: path.join(runDir, 'nvim-cache'),
  };
  const { code, output, timedOut } = await run('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${path.join(HERE, 'diagnostics.lua')}`], {
    cwd: workspace,
    env,
    timeoutMs: TIMEOUT_MS,
  });
  assert.ok(!timedOut, `nvim did not finish within ${TIMEOUT_MS} ms:\n${output}`);
  assert.ok(await exists(out), `nvim (exit ${code}) wrote no result:\n${output}`);
  const result = JSON.parse(await fs.readFile(out, 'utf8'));
  assert.equal(result.error, undefined, `the Lua script failed: ${result.error}`);
  assert.ok(result.client && result.attached, 'the LSP client started and attached');
  assert.ok(result.settled, `no diagnostics arrived. Server log:\n${(result.logs ?? []).join('\n')}`);

  const expected = expectedLines(await fs.readFile(file, 'utf8'), RULE);
  const ours = result.diagnostics.filter((d) => d.source === 'async-pitfalls' && d.code === RULE);
  assert.deepEqual([...new Set(ours.map((d) => d.line))].sort((a, b) => a - b), expected, `diagnostics: ${JSON.stringify(result.diagnostics, null, 1)}`);
  assert.ok(ours.every((d) => d.severity === 2), 'reported as warnings');
  assert.ok(result.code_actions.includes('Mark as intentionally not awaited (void) (suppression: hides the report) (floating-promise)'), `code actions: ${result.code_actions.join(' | ') || '(none)'}; error: ${result.code_action_error}`);
  assert.ok(result.stopped, 'the server shut down when the client stopped it');
  log(`  Neovim got ${ours.length} ${RULE} diagnostics on lines ${expected.map((l) => l + 1).join(', ')} and ${result.code_actions.length} code actions`);
}

function expectedLines(text, rule) {
  const lines = [];
  text.split('\n').forEach((line, index) => {
    const marker = /\/\/\s*expect:\s*([\w\s,-]+)$/.exec(line.trimEnd());
    if (marker && marker[1].split(',').map((id) => id.trim()).includes(rule)) lines.push(index);
  });
  return lines;
}
