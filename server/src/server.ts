import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Logger } from './engine/logger';
import { LanguageSession } from './lsp/session';
import { VERSION } from './version';

// The transport (--stdio, --node-ipc, --socket) is chosen from the command line.
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const logger: Logger = {
  info: (message) => connection.console.info(message),
  warn: (message) => connection.console.warn(message),
  error: (message) => connection.console.error(message),
};
const session = new LanguageSession(connection, documents, logger);
let pullsConfiguration = false;

connection.onInitialize((params) => {
  pullsConfiguration = params.capabilities.workspace?.configuration === true;
  session.updateSettings(params.initializationOptions?.settings);
  return {
    serverInfo: { name: 'async-pitfalls', version: VERSION },
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
  };
});

connection.onInitialized(() => {
  if (pullsConfiguration) {
    connection.client
      .register(DidChangeConfigurationNotification.type, { section: 'asyncPitfalls' })
      .catch((error: unknown) => logger.warn(`Could not register for settings changes: ${String(error)}`));
    refreshSettings();
  }
});

function refreshSettings(): void {
  connection.workspace.getConfiguration('asyncPitfalls').then(
    (settings: unknown) => session.updateSettings(settings),
    (error: unknown) => logger.error(`Reading the asyncPitfalls settings failed: ${String(error)}`),
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
connection.onShutdown(() => session.dispose());

documents.listen(connection);
connection.listen();
