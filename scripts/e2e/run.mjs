// `npm run test:e2e`: the extension in a real VS Code (code-server 4.96.4 = VS Code 1.96.4), offline.
// 1. installs the pinned tools when missing (scripts/e2e/install.mjs);
// 2. packages the VSIX and installs it into code-server's own extensions folder;
// 3. starts code-server on 127.0.0.1 and runs test/e2e/suite (mocha, vscode API) inside its real
//    extension host, the result read back through the workbench's automation hooks and a JSON file;
// 4. runs the UI test (test/e2e/ui) in Debian's Chromium through playwright-core;
// 5. runs the second LSP client (test/e2e/nvim): headless Neovim on the packaged dist/server.js;
// and always stops what it started. The last line is "e2e: N passed, N failed, N skipped".
// Options: --only suite,ui,nvim (a subset). Environment: ASYNC_PITFALLS_E2E_VSIX (a VSIX to test
// instead of packaging), ASYNC_PITFALLS_E2E_TOOLS (tool folder), ASYNC_PITFALLS_E2E_TIMEOUT_MS,
// ASYNC_PITFALLS_E2E_GREP (run only the suite's tests whose title matches).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { CodeServer, launchChromium } from './codeServer.mjs';
import { install } from './install.mjs';
import { ARTIFACTS_DIR, copyTree, E2E_DIR, elapsed, exists, installExitHandlers, log, REPO } from './lib.mjs';
import { buildHarness, freshWorkspace, packageVsix, registeredRules, repoManifest } from './prepare.mjs';

const TOTAL_TIMEOUT_MS = Number(process.env.ASYNC_PITFALLS_E2E_TIMEOUT_MS) || 30 * 60_000;
const SUITE_TIMEOUT_MS = 10 * 60_000;
const PARTS = ['suite', 'ui', 'nvim'];
/** Workbench messages that say nothing about the tests (the gallery is off on purpose). */
const WORKBENCH_NOISE = [/additional builtin extensions/, /^\[lifecycle\] Long running operations during shutdown/];

const results = [];
function record(part, title, state, detail) {
  results.push({ part, title, state, detail });
}

async function main() {
  installExitHandlers();
  const onlyArg = process.argv.find((arg) => arg.startsWith('--only'));
  const only = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1] : process.argv[process.argv.indexOf(onlyArg) + 1]).split(',') : PARTS;
  const unknown = only.filter((part) => !PARTS.includes(part));
  if (unknown.length > 0) throw new Error(`--only takes ${PARTS.join(', ')}; not ${unknown.join(', ')}`);

  const timer = setTimeout(() => {
    log(`the whole e2e run exceeded ${TOTAL_TIMEOUT_MS} ms: stopping everything`);
    process.exit(1); // the exit handler kills every process group this run started
  }, TOTAL_TIMEOUT_MS);
  timer.unref();

  const since = Date.now();
  const tools = await install();
  const installTime = elapsed(since);

  const runDir = await newRunDir();
  const screenshots = path.join(runDir, 'screenshots');
  await fs.mkdir(screenshots);

  const suiteSince = Date.now();
  const [vsix, rules] = await Promise.all([packageVsix(runDir), registeredRules()]);
  log(`registered rules: ${rules.join(', ')}`);
  const server = new CodeServer({ tools, runDir });
  await server.installExtension(vsix);
  const installedExtension = await installedExtensionDir(server.extensionsDir);

  let browser;
  try {
    if (only.includes('suite') || only.includes('ui')) {
      await server.start();
      browser = await launchChromium(tools);
    }
    if (only.includes('suite')) {
      const resultFile = path.join(runDir, 'suite-result.json');
      const { harness, testsPath } = await buildHarness(runDir, {
        registeredRules: rules,
        extensionsDir: server.extensionsDir,
        version: (await repoManifest()).version,
        resultFile,
        grep: process.env.ASYNC_PITFALLS_E2E_GREP || undefined,
      });
      await runSuite({ server, browser, harness, testsPath, workspace: await freshWorkspace(runDir, 'workspace'), resultFile, screenshots });
    }
    if (only.includes('ui')) {
      const { runUiTest } = await import(pathToFileURL(path.join(REPO, 'test', 'e2e', 'ui', 'quickfix.ui.mjs')).href);
      const workspace = await freshWorkspace(runDir, 'ui-workspace');
      await timed('ui', 'Quick Open, squiggle, Problems panel, Ctrl+. and the fix, in Chromium', () => runUiTest({ browser, server, workspace, screenshots, log }));
      const { runEditorUiTests } = await import(pathToFileURL(path.join(REPO, 'test', 'e2e', 'ui', 'editor.ui.mjs')).href);
      await runEditorUiTests({ browser, server, workspace: await freshWorkspace(runDir, 'ui-editor-workspace'), screenshots, log, timed });
    }
  } finally {
    if (browser) await browser.close().catch((error) => log(`closing Chromium: ${String(error)}`));
    await server.stop();
  }
  if (only.includes('nvim')) {
    const { runNeovimTest } = await import(pathToFileURL(path.join(REPO, 'test', 'e2e', 'nvim', 'diagnostics.nvim.mjs')).href);
    const serverJs = path.join(installedExtension, 'dist', 'server.js');
    const workspace = await freshWorkspace(runDir, 'nvim-workspace');
    await timed('nvim', 'Neovim (headless, built-in LSP client) reads the diagnostics of dist/server.js --stdio', () => runNeovimTest({ serverJs, workspace, runDir, log }));
  }
  const artifacts = path.join(ARTIFACTS_DIR, 'screenshots');
  await copyTree(screenshots, artifacts);
  log(`tools: ${installTime}; package + suite + UI + Neovim: ${elapsed(suiteSince)}; screenshots in ${path.relative(REPO, artifacts)}/`);
}

/**
 * A folder for this run, .e2e/runs/<time>-<pid>, with .e2e/run pointing at it. Parallel runs (two
 * `npm test` in one tree) each have their own; the folders of runs that ended are removed.
 */
async function newRunDir() {
  const runs = path.join(E2E_DIR, 'runs');
  await fs.mkdir(runs, { recursive: true });
  const stale = (await fs.readdir(runs)).filter((name) => !processAlive(Number(name.split('-').pop())));
  // One at a time: a handful of folders, each a large tree.
  for (const name of stale) {
    // async-pitfalls-disable-next-line sequential-await
    await fs.rm(path.join(runs, name), { recursive: true, force: true });
  }
  const runDir = path.join(runs, `${Date.now()}-${process.pid}`);
  await fs.mkdir(runDir);
  const latest = path.join(E2E_DIR, 'run');
  await fs.rm(latest, { recursive: true, force: true });
  await fs.symlink(path.relative(E2E_DIR, runDir), latest);
  return runDir;
}

function processAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function installedExtensionDir(extensionsDir) {
  const folder = (await fs.readdir(extensionsDir)).find((name) => name.startsWith('async-pitfalls.async-pitfalls-'));
  if (!folder) throw new Error(`the VSIX is not in ${extensionsDir}`);
  return path.join(extensionsDir, folder);
}

async function timed(part, title, action) {
  const since = Date.now();
  try {
    await action();
    record(part, title, 'passed');
    log(`PASS ${part}: ${title} (${elapsed(since)})`);
  } catch (error) {
    record(part, title, 'failed', error instanceof Error ? (error.stack ?? error.message) : String(error));
    log(`FAIL ${part}: ${title} (${elapsed(since)})\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

/** The mocha suite inside the real extension host, through the web workbench's test payload. */
async function runSuite({ server, browser, harness, testsPath, workspace, resultFile, screenshots }) {
  const since = Date.now();
  const page = await browser.newPage();
  let settle;
  const exited = new Promise((resolve) => (settle = resolve));
  // The hooks the workbench calls when it runs extension tests (as @vscode/test-web sets them up).
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    if (WORKBENCH_NOISE.some((noise) => noise.test(text))) return;
    for (const line of text.replace(/\n$/, '').split('\n')) process.stdout.write(`  ${type === 'error' ? '! ' : ''}${line}\n`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => settle({ code }));
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  log(`running test/e2e/suite in the extension host (workspace ${path.relative(REPO, workspace)})`);
  await page.goto(server.workbenchUrl(workspace, { developmentPath: harness, testsPath }));
  let timer;
  const outcome = await Promise.race([
    exited,
    new Promise((resolve) => (timer = setTimeout(() => resolve({ timedOut: true }), SUITE_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  await page.screenshot({ path: path.join(screenshots, 'suite-end.png') }).catch(() => undefined);
  await page.close().catch(() => undefined);

  if (outcome.timedOut) {
    record('suite', 'the extension test run', 'failed', `no result within ${SUITE_TIMEOUT_MS} ms (code-server log: ${server.logFile})`);
    log(`FAIL suite: no result within ${SUITE_TIMEOUT_MS} ms`);
    return;
  }
  if (!(await exists(resultFile))) {
    record('suite', 'the extension test run', 'failed', `ended with code ${outcome.code} before writing ${resultFile}`);
    log(`FAIL suite: ended with code ${outcome.code} and no result file (code-server log: ${server.logFile})`);
    return;
  }
  const result = JSON.parse(await fs.readFile(resultFile, 'utf8'));
  for (const test of result.tests) record('suite', test.title, test.state, test.error ?? test.reason);
  if (outcome.code !== 0 && result.failed === 0) record('suite', 'the extension test run', 'failed', `exit code ${outcome.code}`);
  log(`suite in VS Code ${result.vscodeVersion}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped (${elapsed(since)})`);
  for (const test of result.tests.filter((t) => t.state === 'skipped')) log(`SKIPPED ${test.title}: ${test.reason}`);
  for (const test of result.tests.filter((t) => t.state === 'failed')) log(`FAILED ${test.title}\n${test.error}`);
}

function summary() {
  const count = (state) => results.filter((result) => result.state === state).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}

main()
  .catch((error) => {
    record('setup', 'the e2e run', 'failed', String(error));
    log(`e2e run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  })
  .finally(() => {
    const { passed, failed, skipped } = summary();
    const ok = failed === 0 && passed > 0;
    if (passed === 0 && failed === 0) log('no e2e test ran');
    process.stdout.write(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    // Exiting runs the exit handler, which stops any process group of this run still alive.
    process.exit(ok ? 0 : 1);
  });
