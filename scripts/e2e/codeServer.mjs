// Starts and stops code-server (the VS Code 1.96.4 server + web workbench) with folders of its own,
// on 127.0.0.1 only, in its own process group, and drives a Chromium page at it.
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeServerEntry, freePort, log, runChecked, sleep, startGroup, stopGroup, tailOf } from './lib.mjs';

/** User settings of the test profile: nothing that opens on its own, updates, or phones home. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'files.autoSave': 'off',
  'git.enabled': false,
  'typescript.tsserver.log': 'off',
  // The protocol trace lands in the run's logs (user-data/logs/*/exthost*/output_logging_*/): what
  // the server was asked and answered, when a test fails.
  'asyncPitfalls.trace.server': 'messages',
};

export class CodeServer {
  constructor({ tools, runDir }) {
    this.tools = tools;
    this.runDir = runDir;
    this.userDataDir = path.join(runDir, 'user-data');
    this.extensionsDir = path.join(runDir, 'extensions');
    this.logFile = path.join(runDir, 'code-server.log');
    this.pid = undefined;
    this.port = undefined;
  }

  /** The environment of everything code-server runs: all its state stays in the run folder. */
  env() {
    const xdg = path.join(this.runDir, 'xdg');
    const env = { ...process.env };
    // A launcher started from inside VS Code must not talk to that VS Code.
    for (const key of Object.keys(env)) if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
    return {
      ...env,
      XDG_CONFIG_HOME: path.join(xdg, 'config'),
      XDG_DATA_HOME: path.join(xdg, 'data'),
      XDG_CACHE_HOME: path.join(xdg, 'cache'),
      EXTENSIONS_GALLERY: '{"serviceUrl":""}',
    };
  }

  dirArgs() {
    return ['--user-data-dir', this.userDataDir, '--extensions-dir', this.extensionsDir, '--config', path.join(this.runDir, 'config.yaml')];
  }

  async prepareFolders() {
    const user = path.join(this.userDataDir, 'User');
    await Promise.all([user, this.extensionsDir, path.join(this.runDir, 'xdg')].map((dir) => fs.mkdir(dir, { recursive: true })));
    await fs.writeFile(path.join(this.runDir, 'config.yaml'), 'auth: none\ncert: false\n');
    await fs.writeFile(path.join(user, 'settings.json'), `${JSON.stringify(USER_SETTINGS, null, 2)}\n`);
  }

  async installExtension(vsix) {
    await this.prepareFolders();
    const since = Date.now();
    const { output } = await runChecked(process.execPath, [codeServerEntry(this.tools), ...this.dirArgs(), '--install-extension', vsix, '--force'], {
      env: this.env(),
      timeoutMs: 120_000,
    });
    if (!/successfully installed/i.test(output)) throw new Error(`code-server --install-extension ${vsix} said:\n${output}`);
    log(`installed ${path.basename(vsix)} into ${this.extensionsDir} (${((Date.now() - since) / 1000).toFixed(1)} s)`);
  }

  async start({ readyTimeoutMs = 60_000 } = {}) {
    await this.prepareFolders();
    this.port = await freePort();
    const args = [
      codeServerEntry(this.tools),
      '--bind-addr',
      `127.0.0.1:${this.port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...this.dirArgs(),
    ];
    const { pid, exited } = await startGroup(process.execPath, args, { env: this.env(), logFile: this.logFile });
    this.pid = pid;
    let ended;
    exited.then((status) => (ended = status)).catch(() => undefined);
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline) {
      if (ended) throw new Error(`code-server exited during start-up (${JSON.stringify(ended)}):\n${await tailOf(this.logFile, 30)}`);
      // Polling start-up: the server gives no other signal that it listens.
      if (await this.healthy()) {
        log(`code-server is up on ${this.baseUrl} (pid/process group ${pid})`);
        return;
      }
      await sleep(250);
    }
    throw new Error(`code-server did not answer /healthz within ${readyTimeoutMs} ms:\n${await tailOf(this.logFile, 30)}`);
  }

  get baseUrl() {
    return `http://127.0.0.1:${this.port}`;
  }

  healthy() {
    return new Promise((resolve) => {
      const request = http.get(`${this.baseUrl}/healthz`, { timeout: 2000 }, (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      });
      request.on('error', () => resolve(false));
      request.on('timeout', () => {
        request.destroy();
        resolve(false);
      });
    });
  }

  /** The workbench URL of a folder; with a test run, the payload the web workbench reads. */
  workbenchUrl(folder, tests) {
    const url = new URL(this.baseUrl);
    url.searchParams.set('folder', folder);
    if (tests) {
      // Both must be vscode-remote URIs on the server's authority, or nothing runs and nothing ends.
      const remote = (file) => `vscode-remote://127.0.0.1:${this.port}${pathToFileURL(file).pathname}`;
      url.searchParams.set(
        'payload',
        JSON.stringify([
          ['extensionDevelopmentPath', remote(tests.developmentPath)],
          ['extensionTestsPath', remote(tests.testsPath)],
        ]),
      );
    }
    return url.toString();
  }

  async stop() {
    if (this.pid === undefined) return;
    await stopGroup(this.pid, 5000);
    log(`stopped code-server (process group ${this.pid})`);
    this.pid = undefined;
  }
}

/** Debian's Chromium through playwright-core from the tool folder. */
export async function launchChromium(tools) {
  const playwright = await import(pathToFileURL(path.join(tools, 'node_modules', 'playwright-core', 'index.mjs')).href);
  const chromium = playwright.chromium ?? playwright.default.chromium;
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
