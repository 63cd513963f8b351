import { spawn, type ChildProcess } from 'node:child_process';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { StatusNotification, type StatusParams } from '../../server/src/protocol';
import { builtServer } from './tempProject';

/** A minimal LSP client over stdio for protocol tests: spawns the bundled server and records what it publishes. */
export class TestLspClient {
  readonly connection: ProtocolConnection;
  readonly logs: string[] = [];
  private readonly process: ChildProcess;
  private readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiters: (() => void)[] = [];

  constructor(nodeOptions: string[] = []) {
    this.process = spawn(process.execPath, [...nodeOptions, builtServer, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (chunk: Buffer) => this.logs.push(chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      this.sequence.push({ diagnostics: params });
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => this.logs.push(params.message));
    this.connection.onNotification('window/showMessage', (params: { message: string }) => this.logs.push(params.message));
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
      this.logs.push(params.message);
      return null;
    });
    this.connection.onNotification('$/progress', (params: { value: { kind: string; message?: string; percentage?: number } }) => {
      this.progress.push(params.value);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onNotification(StatusNotification.type, (params) => {
      this.statuses.push(params);
      this.sequence.push({ status: params });
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.listen();
  }

  settings: Record<string, unknown> = {};
  readonly progress: { kind: string; message?: string; percentage?: number }[] = [];
  readonly statuses: StatusParams[] = [];
  /** Diagnostics and status notifications in the order they arrived. */
  readonly sequence: ({ diagnostics: PublishDiagnosticsParams } | { status: StatusParams })[] = [];

  /** All diagnostics published so far, oldest first. */
  get allPublished(): readonly PublishDiagnosticsParams[] {
    return this.published;
  }

  /** Waits until `condition` holds, re-checking whenever the server sends something. */
  async until(condition: () => boolean, what: string, timeoutMs = 20000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting for ${what}; server said:\n${this.logs.join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** FileChangeType: 1 created, 2 changed, 3 deleted. */
  async filesChanged(changes: { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  async setSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  /** More initialization options, next to the settings (as a client's own options). */
  initializationOptions: Record<string, unknown> = {};

  /** `rootUri` is the first workspace folder; `moreFolders` makes it a multi-root workspace. */
  async initialize(rootUri: string | null, moreFolders: string[] = []): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [rootUri, ...moreFolders].map((uri, index) => ({ uri, name: `folder${index}` })) : null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: { publishDiagnostics: { versionSupport: true } },
        window: { workDoneProgress: true },
      },
      initializationOptions: { ...this.initializationOptions, settings: this.settings },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  async open(uri: string, text: string, languageId = 'typescript', version = 1): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  async change(uri: string, version: number, text: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Resolves with the first diagnostics published for `uri` that satisfy `accept`. */
  async diagnostics(uri: string, accept: (params: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 20000): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = [...this.published].reverse().find((params) => params.uri === uri && accept(params));
      if (found) return found;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no matching diagnostics for ${uri}; server said:\n${this.logs.join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } finally {
      this.connection.dispose();
      this.process.kill();
    }
  }
}
