// Installs what the end-to-end tests need, idempotently and bounded in time:
// - Debian's chromium, ripgrep and neovim (apt-get, when a command is missing; needs root);
// - pinned code-server (= VS Code 1.96.4 server + web workbench) and playwright-core, in a tool
//   folder outside the repo (see toolDir()), with code-server's postinstall done by hand because
//   its own fetches from GitHub, which these machines cannot reach (shared/notes/real-vscode.md).
// A finished tool folder holds a marker file and is reused as it is; a half-built one is rebuilt.
// Usage: node scripts/e2e/install.mjs [--force]
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { codeServerDir, codeServerEntry, commandExists, elapsed, exists, log, run, runChecked, sleep, TOOLS_SPEC_DIR, toolDir, toolsHome } from './lib.mjs';

const MARKER = '.installed';
const LOCK_WAIT_MS = 15 * 60_000;
const NPM_TIMEOUT_MS = 10 * 60_000;
const BUILD_TIMEOUT_MS = 10 * 60_000;
const APT_TIMEOUT_MS = 10 * 60_000;

/** Debian packages and the command each provides. */
const APT_PACKAGES = [
  { command: 'chromium', pkg: 'chromium' },
  { command: 'rg', pkg: 'ripgrep' },
  { command: 'nvim', pkg: 'neovim' },
];

/** Native modules the VS Code server loads, built against Debian's Node headers. */
const NATIVE_MODULES = ['@vscode/spdlog', 'node-pty', 'native-watchdog', '@parcel/watcher'];

export async function install({ force = false } = {}) {
  const since = Date.now();
  await installSystemPackages();
  const tools = await toolDir();
  if (!force && (await isInstalled(tools))) {
    log(`tools already installed in ${tools}`);
    return tools;
  }
  await fs.mkdir(toolsHome(), { recursive: true });
  const release = await lock();
  try {
    if (!force && (await isInstalled(tools))) return tools;
    await installTools(tools);
  } finally {
    await release();
  }
  log(`installed the e2e tools in ${elapsed(since)} (${tools})`);
  return tools;
}

export async function isInstalled(tools) {
  return (await exists(path.join(tools, MARKER))) && (await exists(codeServerEntry(tools)));
}

async function missingCommands() {
  const found = await Promise.all(APT_PACKAGES.map(({ command }) => commandExists(command)));
  return APT_PACKAGES.filter((_, index) => !found[index]);
}

async function installSystemPackages() {
  const missing = await missingCommands();
  if (missing.length === 0) return;
  const names = missing.map(({ pkg }) => pkg);
  if (process.getuid?.() !== 0) {
    throw new Error(`missing commands ${missing.map(({ command }) => command).join(', ')}: run as root, or install them: apt-get install -y ${names.join(' ')}`);
  }
  const since = Date.now();
  log(`apt-get install ${names.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const logFile = path.join(toolsHome(), 'apt.log');
  await fs.mkdir(toolsHome(), { recursive: true });
  await runChecked('apt-get', ['update'], { env, timeoutMs: APT_TIMEOUT_MS, logFile });
  // Waits for a dpkg lock another apt run holds instead of failing at once.
  await runChecked('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', ...names], { env, timeoutMs: APT_TIMEOUT_MS, logFile });
  const still = await missingCommands();
  if (still.length > 0) throw new Error(`apt-get installed ${names.join(' ')} but ${still.map(({ command }) => command).join(', ')} is still missing`);
  log(`apt-get install took ${elapsed(since)}`);
}

/** A lock folder, so two runs on one machine do not build the same tool folder at once. */
async function lock() {
  const lockDir = path.join(toolsHome(), '.lock');
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await fs.mkdir(lockDir);
      await fs.writeFile(path.join(lockDir, 'pid'), String(process.pid));
      return () => fs.rm(lockDir, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const holder = Number(await readOr(path.join(lockDir, 'pid'), '0'));
    if (!holder || !processAlive(holder)) {
      log(`removing a stale install lock (pid ${holder || 'unknown'})`);
      await fs.rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another install (pid ${holder}) holds ${lockDir} for too long`);
    await sleep(1000);
  }
}

async function installTools(tools) {
  const staging = `${tools}.partial`;
  await fs.rm(staging, { recursive: true, force: true });
  await fs.rm(tools, { recursive: true, force: true });
  await fs.mkdir(staging, { recursive: true });
  const logFile = path.join(staging, 'install.log');
  const npm = (args, cwd, timeoutMs = NPM_TIMEOUT_MS) =>
    runChecked('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, timeoutMs, logFile });
  const step = async (title, action) => {
    const since = Date.now();
    await action();
    log(`  ${title}: ${elapsed(since)}`);
  };
  log(`installing code-server and playwright-core into ${tools} (log: ${path.join(tools, 'install.log')})`);

  // 1. The pinned set, scripts off (code-server's postinstall would fetch from GitHub).
  await Promise.all(['package.json', 'package-lock.json'].map((name) => fs.copyFile(path.join(TOOLS_SPEC_DIR, name), path.join(staging, name))));
  await step('npm ci code-server + playwright-core', () => npm(['ci', '--ignore-scripts'], staging));

  const codeServer = codeServerDir(staging);
  const vscode = path.join(codeServer, 'lib', 'vscode');

  // 2. @vscode/proxy-agent is pinned to a GitHub URL; the registry has the same tarball.
  await step('point @vscode/proxy-agent at the registry', () => fixProxyAgent(vscode, logFile));

  // 3. VS Code's own dependencies, scripts off.
  await step('npm install lib/vscode', () => npm(['install', '--omit=dev', '--ignore-scripts'], vscode));

  // 4. Native modules, against Debian's headers (node-gyp would otherwise download them).
  const nodeGyp = await findNodeGyp();
  const nodedir = await nodeHeadersDir();
  for (const name of NATIVE_MODULES) {
    const moduleDir = path.join(vscode, 'node_modules', name);
    if (!(await exists(path.join(moduleDir, 'binding.gyp')))) continue;
    // One build at a time: each already uses every core (--jobs=max).
    // async-pitfalls-disable-next-line sequential-await
    await step(`build ${name}`, () =>
      runChecked(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodedir}`, '--jobs=max'], { cwd: moduleDir, timeoutMs: BUILD_TIMEOUT_MS, logFile }),
    );
  }
  const argon2 = path.join(staging, 'node_modules', 'argon2');
  const preGyp = path.join(staging, 'node_modules', '@mapbox', 'node-pre-gyp', 'bin', 'node-pre-gyp');
  await step('build argon2', () =>
    runChecked(process.execPath, [preGyp, 'install', '--build-from-source', `--nodedir=${nodedir}`], {
      cwd: argon2,
      timeoutMs: BUILD_TIMEOUT_MS,
      logFile,
      env: { ...process.env, npm_config_node_gyp: nodeGyp, npm_config_nodedir: nodedir },
    }),
  );

  // 5. ripgrep from Debian where @vscode/ripgrep would download it (Quick Open and search need it).
  const rgBin = path.join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin');
  await fs.mkdir(rgBin, { recursive: true });
  await symlink(await resolveCommand('rg'), path.join(rgBin, 'rg'));

  // 6. The rest of code-server's postinstall.sh.
  await symlink('node_modules', path.join(vscode, 'node_modules.asar'));
  await symlink('code-linux.sh', path.join(vscode, 'bin', 'remote-cli', 'code-server'));
  await symlink('browser-linux.sh', path.join(vscode, 'bin', 'helpers', 'browser.sh'));
  const extensions = path.join(vscode, 'extensions');
  await step('npm install lib/vscode/extensions', () => npm(['install', '--omit=dev', '--ignore-scripts'], extensions));
  await runChecked(process.execPath, ['postinstall.mjs'], { cwd: extensions, logFile, timeoutMs: 60_000 });

  // 7. It starts: the native modules load and the CLI answers.
  await step('check code-server --version', async () => {
    const { output } = await runChecked(process.execPath, [codeServerEntry(staging), '--version'], { timeoutMs: 60_000 });
    if (!output.includes('4.96.4')) throw new Error(`code-server --version printed: ${output}`);
  });
  const check = [
    `require(${JSON.stringify(path.join(vscode, 'node_modules', '@vscode', 'spdlog'))})`,
    `require(${JSON.stringify(path.join(vscode, 'node_modules', 'node-pty'))})`,
    `require(${JSON.stringify(argon2)})`,
  ].join(';');
  await runChecked(process.execPath, ['-e', check], { timeoutMs: 60_000 });

  await fs.writeFile(path.join(staging, MARKER), `${new Date().toISOString()}\n`);
  await fs.rename(staging, tools);
}

async function fixProxyAgent(vscode, logFile) {
  const shrinkwrapFile = path.join(vscode, 'npm-shrinkwrap.json');
  const shrinkwrap = JSON.parse(await fs.readFile(shrinkwrapFile, 'utf8'));
  const entry = shrinkwrap.packages?.['node_modules/@vscode/proxy-agent'];
  if (!entry) throw new Error('npm-shrinkwrap.json has no node_modules/@vscode/proxy-agent entry');
  if (!entry.resolved?.startsWith('git')) return;
  const spec = `@vscode/proxy-agent@${entry.version}`;
  const { output } = await runChecked('npm', ['view', spec, 'dist.tarball', 'dist.integrity', '--json'], { timeoutMs: 120_000, logFile: undefined });
  const dist = JSON.parse(output.slice(output.indexOf('{')));
  if (dist['dist.integrity'] !== entry.integrity) {
    throw new Error(`${spec}: the registry's integrity ${dist['dist.integrity']} differs from the shrinkwrap's ${entry.integrity}`);
  }
  entry.resolved = dist['dist.tarball'];
  await fs.writeFile(shrinkwrapFile, `${JSON.stringify(shrinkwrap, null, 2)}\n`);
  await fs.appendFile(logFile, `\n${spec} resolved -> the registry's tarball (same integrity)\n`);
}

/** node-gyp as npm ships it. */
async function findNodeGyp() {
  const candidates = [
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    '/usr/share/nodejs/node-gyp/bin/node-gyp.js',
  ];
  const present = await Promise.all(candidates.map(exists));
  const found = candidates.find((_, index) => present[index]);
  if (!found) throw new Error(`node-gyp not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** The folder whose include/node/ has this Node's headers (Debian's layout: /usr). */
async function nodeHeadersDir() {
  const candidates = [process.env.npm_config_nodedir, path.join(path.dirname(process.execPath), '..'), '/usr'].filter(Boolean);
  const present = await Promise.all(candidates.map((candidate) => exists(path.join(candidate, 'include', 'node', 'node.h'))));
  const found = candidates.find((_, index) => present[index]);
  if (found) return path.resolve(found);
  throw new Error("Node's headers (include/node/node.h) not found: node-gyp would try to download them");
}

async function resolveCommand(command) {
  const { code, output } = await run('sh', ['-c', `command -v ${command}`], { timeoutMs: 10_000 });
  if (code !== 0) throw new Error(`${command} not found on PATH`);
  return fs.realpath(output.trim());
}

async function symlink(target, at) {
  await fs.rm(at, { recursive: true, force: true });
  await fs.symlink(target, at);
}

async function readOr(file, fallback) {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    return fallback;
  }
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  install({ force: process.argv.includes('--force') }).catch((error) => {
    log(`install failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
