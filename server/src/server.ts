import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Logger } from './base/logger';
import { FIX_ALL_KIND } from './lsp/codeActions';
import { setDocumentationCommand } from './lsp/diagnostics';
import { LanguageSession } from './lsp/session';
import { localFilePath } from './lsp/uris';
import type { ProgressReporter } from './lsp/workspaceDiagnostics';
import { ConfigFileRequest, FixAllRequest, RevalidateRequest, RulesRequest, SETTINGS_SECTION, StatsRequest, WorkspaceTrustedNotification } from './protocol';
import { ts } from './typescript';
import { VERSION } from './version';
import { errorDetail, errorSummary } from './base/errors';

// The transport (--stdio, --node-ipc, --socket) is chosen from the command line.
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const logger: Logger = {
  info: (message) => connection.console.info(message),
  warn: (message) => connection.console.warn(message),
  error: (message) => connection.console.error(message),
};
const progress: ProgressReporter = {
  async begin(title, message) {
    const reporter = await connection.window.createWorkDoneProgress();
    reporter.begin(title, 0, message, true);
    return {
      report: (percentage, text) => reporter.report(percentage, text),
      done: () => reporter.done(),
      cancelled: () => reporter.token.isCancellationRequested,
    };
  },
};
// Last line of defence: a stray rejection is logged, never allowed to end the server.
process.on('unhandledRejection', (reason) => logger.error(`Unhandled rejection: ${errorDetail(reason)}`));
process.on('uncaughtException', (error) => logger.error(`Uncaught exception: ${error.stack ?? error.message}`));

const session = new LanguageSession(connection, documents, logger, progress);
let pullsConfiguration = false;
let tracksWorkspaceFolders = false;
let workspaceFolders: string[] = [];

connection.onInitialize((params) => {
  const client = params.clientInfo ? `${params.clientInfo.name} ${params.clientInfo.version ?? ''}`.trim() : 'an unnamed client';
  logger.info(`Async Pitfalls ${VERSION} started for ${client}: TypeScript ${ts.version} (the analysis engine), Node.js ${process.version}, process ${process.pid}.`);
  pullsConfiguration = params.capabilities.workspace?.configuration === true;
  tracksWorkspaceFolders = params.capabilities.workspace?.workspaceFolders === true;
  const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspaceFolders = localPaths(folders);
  session.initialWorkspaceFolders(workspaceFolders);
  session.updateSettings(params.initializationOptions?.settings);
  setDocumentationCommand(params.initializationOptions?.documentationCommand);
  session.setWorkspaceTrusted(params.initializationOptions?.workspaceTrusted !== false);
  return {
    serverInfo: { name: 'async-pitfalls', version: VERSION },
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
  };
});

connection.onInitialized(() => {
  if (pullsConfiguration) {
    connection.client
      .register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION })
      .catch((error: unknown) => logger.warn(`Could not register for settings changes: ${errorSummary(error)}`));
    refreshSettings(() => session.setWorkspaceFolders(workspaceFolders));
  } else {
    session.setWorkspaceFolders(workspaceFolders);
  }
  if (!tracksWorkspaceFolders) return;
  connection.workspace.onDidChangeWorkspaceFolders((event) => {
    const removed = new Set(localPaths(event.removed.map((folder) => folder.uri)));
    workspaceFolders = [...workspaceFolders.filter((folder) => !removed.has(folder)), ...localPaths(event.added.map((folder) => folder.uri))];
    session.setWorkspaceFolders(workspaceFolders);
  });
});

/** The local folders among workspace folder URIs; the others are left out. */
function localPaths(uris: readonly string[]): string[] {
  return uris.map((uri) => localFilePath(uri)).filter((folder): folder is string => folder !== undefined);
}

function refreshSettings(then?: () => void): void {
  connection.workspace.getConfiguration(SETTINGS_SECTION).then(
    (settings: unknown) => {
      // The server analyzes synchronously by design; a settings change may walk the workspace's files once.
      // async-pitfalls-disable-next-line blocking-call
      session.updateSettings(settings);
      then?.();
    },
    (error: unknown) => logger.error(`Reading the asyncPitfalls settings failed: ${errorSummary(error)}`),
  );
}

connection.onDidChangeConfiguration((change) => {
  if (pullsConfiguration) refreshSettings();
  else session.updateSettings((change.settings as { asyncPitfalls?: unknown } | undefined)?.asyncPitfalls);
});

documents.onDidChangeContent((event) => session.changed(event.document));
documents.onDidSave((event) => session.saved(event.document));
documents.onDidClose((event) => session.closed(event.document));
connection.onDidChangeWatchedFiles((params) => session.watchedFilesChanged(params.changes));
connection.onCodeAction((params) => session.codeActions(params));
connection.onRequest(StatsRequest.type, () => session.stats());
connection.onRequest(FixAllRequest.type, (params) => session.fixAllRequest(params));
connection.onRequest(RevalidateRequest.type, () => session.revalidate());
connection.onRequest(ConfigFileRequest.type, (params) => session.configFile(params));
connection.onRequest(RulesRequest.type, () => session.rules());
connection.onNotification(WorkspaceTrustedNotification.type, () => session.setWorkspaceTrusted(true));
connection.onShutdown(() => session.dispose());

documents.listen(connection);
connection.listen();
