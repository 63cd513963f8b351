/* async-pitfalls-disable blocking-call */
// Reading a fixture before timing starts: nothing else in the benchmark waits on this process meanwhile.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { SERVER_EXEC_ARGV } from '../client/src/serverProcess';
import { peakRssOf } from './measure';

/** The server's debounce after a keystroke (server/src/lsp/session.ts); edit latency includes it. */
export const TYPING_DEBOUNCE_MS = 150;

/** A small LSP client over stdio that timestamps every publishDiagnostics. */
export class BenchLspClient {
  readonly connection: ProtocolConnection;
  readonly published: { at: number; params: PublishDiagnosticsParams }[] = [];
  readonly logs: string[] = [];
  private readonly process: ChildProcess;
  private readonly waiters: (() => void)[] = [];
  readonly spawnedAt = performance.now();

  /** When a work-done progress last ended (the workspace diagnostics run reports one when it is done). */
  lastProgressEndAt = -1;

  /** `nodeArgs` go before the script: --cpu-prof, --import tsx and so on; `settings`: the asyncPitfalls settings. */
  constructor(serverScript: string, nodeArgs: readonly string[] = [], settings: Record<string, unknown> = {}) {
    // With the options the extension starts the server with, so that the bench measures what ships.
    this.process = spawn(process.execPath, [...SERVER_EXEC_ARGV, ...nodeArgs, serverScript, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (chunk: Buffer) => this.logs.push(chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push({ at: performance.now(), params });
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => this.logs.push(params.message));
    this.connection.onNotification('window/showMessage', (params: { message: string }) => this.logs.push(params.message));
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('window/showMessageRequest', () => null);
    this.connection.onNotification('$/progress', (params: { value?: { kind?: string } }) => {
      if (params.value?.kind !== 'end') return;
      this.lastProgressEndAt = performance.now();
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onNotification('asyncPitfalls/status', () => undefined);
    this.connection.listen();
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  async initialize(root: string, settings: Record<string, unknown> = {}): Promise<void> {
    const rootUri = pathToFileURL(root).href;
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: { publishDiagnostics: { versionSupport: true } },
        window: { workDoneProgress: true },
      },
      initializationOptions: { settings },
    });
    await this.connection.sendNotification('initialized', {});
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version, text } });
  }

  async change(uri: string, version: number, text: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** The first publication from index `from` on that satisfies `accept`, waiting for it. */
  async waitFor(from: number, accept: (params: PublishDiagnosticsParams) => boolean, what: string, timeoutMs = 120000): Promise<{ at: number; params: PublishDiagnosticsParams }> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.published.slice(from).find((entry) => accept(entry.params));
      if (found) return found;
      const remaining = deadline - performance.now();
      await this.wake(remaining, what);
    }
  }

  /**
   * The last publication for `uri` (from index `from` on) once none has followed it for `quietMs`:
   * a server may publish a partial result first (an analysis cut short by its time limit, say).
   */
  async settled(uri: string, from: number, what: string, quietMs = 3000): Promise<{ at: number; params: PublishDiagnosticsParams }> {
    await this.waitFor(from, (params) => params.uri === uri, what);
    for (;;) {
      const last = this.published.slice(from).filter((entry) => entry.params.uri === uri).pop()!;
      const quietFor = performance.now() - last.at;
      if (quietFor >= quietMs) return last;
      await sleep(quietMs - quietFor);
    }
  }

  /** Resolves on the next publication or progress end, or after at most `remaining` ms (500 at most); throws once time is up. */
  private async wake(remaining: number, what: string): Promise<void> {
    if (remaining <= 0) throw new Error(`timed out waiting for ${what}; server said:\n${this.logs.join('\n').slice(-4000)}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.min(remaining, 500));
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Waits until `accept()` holds, waking on every publication and progress end. */
  async until(accept: () => boolean, what: string, timeoutMs = 600000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!accept()) {
      const remaining = deadline - performance.now();
      await this.wake(remaining, what);
    }
  }

  peakRssMb(): number | undefined {
    return peakRssOf(this.process.pid);
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.process.exitCode !== null) resolve();
      else this.process.once('exit', () => resolve());
    });
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
      // A profiled server writes its profile on exit: give it the time to.
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15000))]);
    } finally {
      this.connection.dispose();
      if (this.process.exitCode === null) this.process.kill();
    }
  }
}

const uriOf = (file: string) => pathToFileURL(file).href;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ColdStart {
  /** From didOpen to the file's first diagnostics. */
  openToDiagnosticsMs: number;
  /** From didOpen to the file's last diagnostics before the server went quiet (differs when the first were partial). */
  openToSettledMs: number;
  /** From spawning the server to the file's first diagnostics. */
  spawnToDiagnosticsMs: number;
  peakMb: number | undefined;
  /** In the first diagnostics: fewer than `findings` when they came from a first look (rules held back). */
  firstFindings: number;
  findings: number;
  /** The server said it stopped the file's analysis at its time budget: the findings are partial. */
  cutShort: boolean;
}

/** A fresh server: initialize on the project, open one file, wait for its diagnostics. */
export async function coldStart(serverScript: string, root: string, file: string, nodeArgs: readonly string[] = []): Promise<ColdStart> {
  const client = new BenchLspClient(serverScript, nodeArgs);
  try {
    await client.initialize(root);
    const uri = uriOf(file);
    const opened = performance.now();
    await client.open(uri, fs.readFileSync(file, 'utf8'));
    const first = await client.waitFor(0, (params) => params.uri === uri, `first diagnostics of ${file}`);
    const settled = await client.settled(uri, 0, `diagnostics of ${file}`);
    return {
      openToDiagnosticsMs: first.at - opened,
      openToSettledMs: settled.at - opened,
      spawnToDiagnosticsMs: first.at - client.spawnedAt,
      peakMb: client.peakRssMb(),
      firstFindings: first.params.diagnostics.length,
      findings: settled.params.diagnostics.length,
      cutShort: client.logs.some((line) => line.includes('was stopped after')),
    };
  } finally {
    await client.stop();
  }
}

export interface EditLatency {
  /** From didChange to the diagnostics of that version, one per edit. */
  samplesMs: number[];
  lines: number;
  firstDiagnosticsMs: number;
  peakMb: number | undefined;
  /** From the first measured edit to the server's exit: the tail of a profile that covers only editing. */
  editPhaseMs: number;
}

/**
 * Opens a big file and edits it `edits` times, one edit at a time as a user pausing after a change:
 * each edit alternates between adding an unawaited call (one more finding) and voiding it, so every
 * sample is checked to be a fresh analysis of that version, not a stale publication.
 */
/** Where the edit benchmark types, and the two lines it alternates (the first adds one floating promise). */
export interface EditSite {
  anchor: string;
  floating: (edit: number) => string;
  voided: (edit: number) => string;
}

/** Inside an async method with a declared return type: the server re-analyzes just that method. */
export const EDIT_IN_ASYNC_METHOD: EditSite = {
  anchor: '    if (cached) return cached;\n',
  floating: (edit) => `    this.audit(id, 'edit ${edit}');\n`,
  voided: (edit) => `    void this.audit(id, 'edit ${edit}');\n`,
};

/** Inside a plain function at the top of the file: the server re-analyzes the whole file. */
export const EDIT_IN_SYNC_FUNCTION: EditSite = {
  anchor: '): void {\n',
  floating: (edit) => `  Promise.resolve('edit ${edit}');\n`,
  voided: (edit) => `  void Promise.resolve('edit ${edit}');\n`,
};

export async function editLatency(
  serverScript: string,
  root: string,
  file: string,
  edits: number,
  nodeArgs: readonly string[] = [],
  site: EditSite = EDIT_IN_ASYNC_METHOD,
): Promise<EditLatency> {
  const client = new BenchLspClient(serverScript, nodeArgs);
  let editPhaseStart = 0;
  let result: Omit<EditLatency, 'editPhaseMs'>;
  try {
    await client.initialize(root);
    const uri = uriOf(file);
    const original = fs.readFileSync(file, 'utf8');
    const anchor = site.anchor;
    const at = original.indexOf(anchor);
    if (at < 0) throw new Error(`no edit anchor in ${file}`);
    const insertAt = at + anchor.length;
    const opened = performance.now();
    await client.open(uri, original, 1);
    const first = await client.waitFor(0, (params) => params.uri === uri && params.version === 1, 'first diagnostics');
    const baseline = (await client.settled(uri, 0, 'diagnostics of the opened file')).params.diagnostics.length;
    const samplesMs: number[] = [];
    const warmUp = 3;
    for (let edit = 1; edit <= edits + warmUp; edit++) {
      const version = edit + 1;
      const floating = edit % 2 === 1;
      const line = floating ? site.floating(edit) : site.voided(edit);
      const text = original.slice(0, insertAt) + line + original.slice(insertAt);
      const from = client.published.length;
      const sent = performance.now();
      if (edit === warmUp + 1) editPhaseStart = sent;
      await client.change(uri, version, text);
      const expected = baseline + (floating ? 1 : 0);
      // The complete diagnostics of this version: the edit adds (or voids) exactly one floating promise.
      const fresh = await client.waitFor(from, (params) => params.uri === uri && params.version === version && params.diagnostics.length === expected, `${expected} diagnostics for version ${version}`);
      if (edit > warmUp) samplesMs.push(fresh.at - sent);
      await sleep(50);
    }
    result = { samplesMs, lines: original.split('\n').length, firstDiagnosticsMs: first.at - opened, peakMb: client.peakRssMb() };
  } finally {
    await client.stop();
  }
  return { ...result, editPhaseMs: performance.now() - editPhaseStart };
}

export interface DependentLatency {
  /** From the change of the imported file to fresh diagnostics of the open file that imports it. */
  samplesMs: number[];
}

/**
 * Opens a file and one of its imports, then changes the import's exported function from sync to
 * async and back: the dependent's call becomes (and stops being) a floating promise.
 */
export async function dependentLatency(
  serverScript: string,
  root: string,
  pair: { dependent: string; dependency: string; syncSignature: string; asyncSignature: string },
  toggles: number,
): Promise<DependentLatency> {
  const client = new BenchLspClient(serverScript);
  try {
    await client.initialize(root);
    const dependentFile = path.join(root, pair.dependent);
    const dependencyFile = path.join(root, pair.dependency);
    const dependentUri = uriOf(dependentFile);
    const dependencyUri = uriOf(dependencyFile);
    const syncText = fs.readFileSync(dependencyFile, 'utf8');
    if (!syncText.includes(pair.syncSignature)) throw new Error(`${pair.dependency} lacks ${pair.syncSignature}`);
    const asyncText = syncText.replace(pair.syncSignature, pair.asyncSignature);
    await client.open(dependentUri, fs.readFileSync(dependentFile, 'utf8'));
    await client.open(dependencyUri, syncText);
    await client.settled(dependencyUri, 0, 'dependency diagnostics');
    const baseline = (await client.settled(dependentUri, 0, 'dependent diagnostics')).params.diagnostics.length;
    const samplesMs: number[] = [];
    for (let toggle = 1; toggle <= toggles; toggle++) {
      const makeAsync = toggle % 2 === 1;
      const from = client.published.length;
      const sent = performance.now();
      await client.change(dependencyUri, toggle + 1, makeAsync ? asyncText : syncText);
      const expected = baseline + (makeAsync ? 1 : 0);
      const fresh = await client.waitFor(from, (params) => params.uri === dependentUri && params.diagnostics.length === expected, `dependent re-check ${toggle}`);
      samplesMs.push(fresh.at - sent);
      await sleep(100);
    }
    return { samplesMs };
  } finally {
    await client.stop();
  }
}

export interface WorkspaceMemory {
  /** Files the run published diagnostics for. */
  files: number;
  wallMs: number;
  /** Peak resident set of the server over the run (VmHWM). */
  peakMb: number | undefined;
  /** Heap in use and resident set after the run, after a full garbage collection. */
  liveHeapMb: number;
  rssAfterMb: number;
}

/** A server with workspace diagnostics on, from start until its background run over the folder is done. */
export async function workspaceDiagnosticsMemory(serverScript: string, root: string, nodeArgs: readonly string[] = []): Promise<WorkspaceMemory> {
  // The analysis of every file is what is measured: a findings cache left by an earlier run would skip it.
  const settings = { workspaceDiagnostics: true, cache: false };
  const client = new BenchLspClient(serverScript, ['--expose-gc', ...nodeArgs], settings);
  try {
    const started = performance.now();
    await client.initialize(root, settings);
    // A run over no folder may end first (settings arrive before the folders): wait for the end after the diagnostics.
    await client.until(() => client.published.length > 0 && client.lastProgressEndAt > client.published.at(-1)!.at, 'the end of the workspace diagnostics run');
    const wallMs = performance.now() - started;
    const stats = await client.connection.sendRequest<{ heapUsedBytes: number; rssBytes: number }>('asyncPitfalls/stats');
    return {
      files: new Set(client.published.map((entry) => entry.params.uri)).size,
      wallMs,
      peakMb: client.peakRssMb(),
      liveHeapMb: stats.heapUsedBytes / 2 ** 20,
      rssAfterMb: stats.rssBytes / 2 ** 20,
    };
  } finally {
    await client.stop();
  }
}
