// Shared helpers of the end-to-end scripts: paths, logging, and child processes that are always
// bounded in time and always stopped as a whole process group.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The pinned tool set: package.json + package-lock.json that the installer installs from. */
export const TOOLS_SPEC_DIR = path.join(REPO, 'scripts', 'e2e', 'tools');
/** Bumped when the installer's steps change, so an older tool folder is rebuilt. */
const INSTALLER_REVISION = '1';

/** Where tools live: outside the repo's node_modules, kept between runs and clones. */
export function toolsHome() {
  if (process.env.ASYNC_PITFALLS_E2E_TOOLS) return path.resolve(process.env.ASYNC_PITFALLS_E2E_TOOLS);
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'async-pitfalls-e2e');
}

/** The tool folder of this exact pin set (a new pin or installer revision gets a new folder). */
export async function toolDir() {
  const hash = createHash('sha256');
  hash.update(INSTALLER_REVISION);
  const specs = await Promise.all(['package.json', 'package-lock.json'].map((name) => fs.readFile(path.join(TOOLS_SPEC_DIR, name))));
  for (const spec of specs) hash.update(spec);
  return path.join(toolsHome(), `tools-${hash.digest('hex').slice(0, 12)}`);
}

export function codeServerDir(tools) {
  return path.join(tools, 'node_modules', 'code-server');
}

export function codeServerEntry(tools) {
  return path.join(codeServerDir(tools), 'out', 'node', 'entry.js');
}

/** Run-time folders (user data, logs, workspace copies, screenshots): gitignored, inside the repo. */
export const E2E_DIR = path.join(REPO, '.e2e');
export const ARTIFACTS_DIR = path.join(E2E_DIR, 'artifacts');

const started = Date.now();
export function log(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[e2e ${seconds}s] ${message}\n`);
}

export function elapsed(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

export async function commandExists(command) {
  const { code } = await run('sh', ['-c', `command -v ${command}`], { timeoutMs: 10_000 });
  return code === 0;
}

export async function exists(file) {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** Process groups this process started and has not seen end: stopped on any exit. */
const liveGroups = new Set();

/** Sends a signal to a whole process group; quiet when it has already ended. */
export function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pid) {
  return signalGroup(pid, 0);
}

/** TERM to the group, then KILL after the grace period if anything in it is still alive. */
export async function stopGroup(pid, graceMs = 5000) {
  if (!groupAlive(pid)) {
    liveGroups.delete(pid);
    return;
  }
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && groupAlive(pid)) await sleep(100);
  if (groupAlive(pid)) {
    log(`process group ${pid} still alive after ${graceMs} ms: KILL`);
    signalGroup(pid, 'SIGKILL');
  }
  liveGroups.delete(pid);
}

function killAllGroupsNow() {
  for (const pid of liveGroups) signalGroup(pid, 'SIGKILL');
  liveGroups.clear();
}

let exitHandlersInstalled = false;
/** Whatever way this process ends, the groups it started end with it. */
export function installExitHandlers() {
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  process.on('exit', killAllGroupsNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      log(`received ${signal}: stopping everything started`);
      killAllGroupsNow();
      process.exit(130);
    });
  }
}

/**
 * Starts a command in its own session and process group (setsid), output appended to logFile.
 * Returns { pid, exited: Promise<{code, signal}> }.
 */
export async function startGroup(command, args, { cwd = REPO, env = process.env, logFile } = {}) {
  installExitHandlers();
  const out = logFile ? await fs.open(logFile, 'a') : undefined;
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', out?.fd ?? 'ignore', out?.fd ?? 'ignore'] });
  await out?.close();
  liveGroups.add(child.pid);
  const exited = new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: null, signal: null, error }));
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return { pid: child.pid, exited };
}

/**
 * Runs a command to completion within timeoutMs, in its own process group (stopped whole on
 * timeout). Output goes to logFile when given, else is captured and returned.
 */
export async function run(command, args, { cwd = REPO, env = process.env, timeoutMs = 5 * 60_000, logFile, input } = {}) {
  installExitHandlers();
  const out = logFile ? await fs.open(logFile, 'a') : undefined;
  await out?.write(`\n$ (cd ${cwd} && ${command} ${args.join(' ')})\n`);
  const child = spawn(command, args, { cwd, env, detached: true, stdio: [input === undefined ? 'ignore' : 'pipe', out?.fd ?? 'pipe', out?.fd ?? 'pipe'] });
  await out?.close();
  liveGroups.add(child.pid);
  if (input !== undefined) child.stdin.end(input);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stopGroup(child.pid, 3000).catch(() => undefined);
  }, timeoutMs);
  const { code, signal, error } = await new Promise((resolve) => {
    child.on('error', (spawnError) => resolve({ code: null, signal: null, error: spawnError }));
    child.on('close', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
  });
  clearTimeout(timer);
  // The command is done; anything it left behind in its group goes too.
  await stopGroup(child.pid, 2000);
  return { code, signal, output, timedOut, error };
}

/** Like run(), but throws with the output's tail when the command fails or times out. */
export async function runChecked(command, args, options = {}) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const why = result.timedOut ? `timed out after ${options.timeoutMs ?? 300000} ms` : result.error ? String(result.error) : `exited with ${result.code ?? result.signal}`;
    const tail = options.logFile ? await tailOf(options.logFile, 40) : result.output.split('\n').slice(-40).join('\n');
    throw new Error(`${command} ${args.join(' ')} ${why}\n${tail}`);
  }
  return result;
}

export async function tailOf(file, lines) {
  try {
    return (await fs.readFile(file, 'utf8')).split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Replaces `to` with a copy of the folder tree `from`. */
export async function copyTree(from, to) {
  await fs.rm(to, { recursive: true, force: true });
  await fs.cp(from, to, { recursive: true });
}

/** An empty folder at `dir` (whatever was there is removed). */
export async function emptyDir(dir) {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
}
