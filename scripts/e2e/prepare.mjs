// Prepares one end-to-end run: the VSIX, the compiled suite inside a small test-harness extension,
// and fresh copies of the fixture workspace (tests edit files).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { copyTree, emptyDir, exists, log, REPO, runChecked } from './lib.mjs';

export const SUITE_SOURCE = path.join(REPO, 'test', 'e2e', 'suite');
export const WORKSPACE_SOURCE = path.join(REPO, 'test', 'e2e', 'workspace');

export async function repoManifest() {
  return JSON.parse(await fs.readFile(path.join(REPO, 'package.json'), 'utf8'));
}

/**
 * The VSIX under test: ASYNC_PITFALLS_E2E_VSIX when set, else `npm run package` builds it from the
 * work tree, as async-pitfalls-<version>.vsix in the run's folder (so parallel runs do not share it).
 */
export async function packageVsix(runDir) {
  if (process.env.ASYNC_PITFALLS_E2E_VSIX) {
    const given = path.resolve(process.env.ASYNC_PITFALLS_E2E_VSIX);
    if (!(await exists(given))) throw new Error(`ASYNC_PITFALLS_E2E_VSIX=${given} does not exist`);
    log(`using the VSIX ${given}`);
    return given;
  }
  const { name, version } = await repoManifest();
  const vsix = path.join(runDir, `${name}-${version}.vsix`);
  const logFile = path.join(runDir, 'package.log');
  await runChecked('npm', ['run', 'package', '--', '--out', vsix], { timeoutMs: 5 * 60_000, logFile });
  if (!(await exists(vsix))) throw new Error(`npm run package did not produce ${vsix}`);
  log(`packaged ${path.basename(vsix)} (${((await fs.stat(vsix)).size / 1e6).toFixed(2)} MB)`);
  return vsix;
}

/** The rule ids the registry (server/src/rules/index.ts) lists: the rules the VSIX was built with. */
export async function registeredRules() {
  const script = "import('./server/src/rules/index.ts').then((m) => console.log(JSON.stringify((m.rules ?? m.default.rules).map((r) => r.meta.id))))";
  const { output } = await runChecked(process.execPath, ['--import', 'tsx', '-e', script], { timeoutMs: 60_000 });
  const line = output.trim().split('\n').pop();
  const ids = JSON.parse(line);
  if (!Array.isArray(ids) || ids.length === 0) throw new Error(`could not read the registered rules: ${output}`);
  return ids;
}

/**
 * A minimal extension that only carries the suite: VS Code runs extensionTestsPath in the extension
 * host of the extension under development, and the extension under test must be the installed VSIX.
 */
export async function buildHarness(runDir, context) {
  const harness = path.join(runDir, 'harness');
  const out = path.join(harness, 'out');
  await emptyDir(harness);
  await fs.mkdir(out, { recursive: true });
  await fs.writeFile(
    path.join(harness, 'package.json'),
    `${JSON.stringify(
      {
        name: 'async-pitfalls-e2e-harness',
        displayName: 'Async Pitfalls end-to-end suite',
        publisher: 'async-pitfalls-tests',
        version: '0.0.0',
        private: true,
        engines: { vscode: '^1.90.0' },
      },
      null,
      2,
    )}\n`,
  );
  const entryPoints = (await fs.readdir(SUITE_SOURCE)).filter((name) => name.endsWith('.ts')).map((name) => path.join(SUITE_SOURCE, name));
  // One output file per source, CommonJS, no bundling: mocha and vscode are required at run time
  // (mocha from the repository's node_modules, found up the tree from the run folder).
  await esbuild.build({ entryPoints, outdir: out, bundle: false, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline', logLevel: 'warning' });
  await fs.writeFile(path.join(out, 'e2e-context.json'), `${JSON.stringify(context, null, 2)}\n`);
  return { harness, testsPath: path.join(out, 'index.js') };
}

/** A fresh copy of the fixture workspace. */
export async function freshWorkspace(runDir, name) {
  const workspace = path.join(runDir, name);
  await copyTree(WORKSPACE_SOURCE, workspace);
  return workspace;
}
