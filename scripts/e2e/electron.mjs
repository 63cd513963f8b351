// `npm run test:e2e:electron`: the same suite (test/e2e/suite) in desktop VS Code through
// @vscode/test-electron, for machines that can download VS Code (it fetches VS Code from Microsoft's
// update service; offline, use `npm run test:e2e`, which runs code-server). On Linux without a
// display, run it under xvfb-run. Environment: ASYNC_PITFALLS_E2E_VSCODE_VERSION (default 1.96.4,
// the version code-server 4.96.4 carries), ASYNC_PITFALLS_E2E_VSIX (a VSIX instead of packaging).
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { E2E_DIR, emptyDir, installExitHandlers, log, runChecked } from './lib.mjs';
import { buildHarness, freshWorkspace, packageVsix, registeredRules, repoManifest } from './prepare.mjs';

const VERSION = process.env.ASYNC_PITFALLS_E2E_VSCODE_VERSION || '1.96.4';

async function main() {
  installExitHandlers();
  const runDir = path.join(E2E_DIR, 'electron-run');
  await emptyDir(runDir);
  const extensionsDir = path.join(runDir, 'extensions');
  const userDataDir = path.join(runDir, 'user-data');

  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version: VERSION, cachePath: path.join(E2E_DIR, 'vscode-test') });
  } catch (error) {
    throw new Error(`could not download VS Code ${VERSION} (${String(error)}). Without internet access use \`npm run test:e2e\` (code-server).`);
  }
  const [vsix, rules] = await Promise.all([packageVsix(runDir), registeredRules()]);
  const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
  await runChecked(cli, [...cliArgs, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'], {
    timeoutMs: 120_000,
  });

  const resultFile = path.join(runDir, 'suite-result.json');
  const { harness, testsPath } = await buildHarness(runDir, { registeredRules: rules, extensionsDir, version: (await repoManifest()).version, resultFile });
  const workspace = await freshWorkspace(runDir, 'workspace');
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: harness,
    extensionTestsPath: testsPath,
    launchArgs: [workspace, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
  const result = JSON.parse(await fs.readFile(resultFile, 'utf8'));
  for (const test of result.tests.filter((t) => t.state === 'skipped')) log(`SKIPPED ${test.title}: ${test.reason}`);
  process.stdout.write(`e2e (electron): ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    log(`e2e (electron) failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
