import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CleanExitFilter } from './cleanExit';
import { registerCommands } from './commands';
import { crashHandler } from './crashHandler';
import { SERVER_EXEC_ARGV } from './serverProcess';
import { errorMessage } from '../../server/src/base/errors';
import { COMMANDS, LANGUAGE_IDS, OUTPUT_CHANNEL_NAME, SETTINGS_SECTION, WorkspaceTrustedNotification } from '../../server/src/protocol';
import { serverRequests } from './serverRequests';
import { ServerStatus } from './status';

let client: LanguageClient | undefined;
let cleanExits: CleanExitFilter | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME);
  const status = new ServerStatus();
  cleanExits = new CleanExitFilter(output);
  client = createClient(context, cleanExits.channel);
  const languageClient = client;
  context.subscriptions.push(
    output,
    status,
    status.listen(languageClient),
    // The client restarts a crashed server by itself; the status item says what happened.
    languageClient.onDidChangeState((event) => {
      if (event.newState === State.Starting) status.starting();
      if (event.newState === State.Stopped) status.stopped('The server stopped; see the output for details.');
    }),
    ...registerCommands(context, { output, languages: LANGUAGE_IDS, restart: () => restart(languageClient), ...serverRequests(languageClient) }),
    // The findings cache lives in the workspace: the server uses it only once the workspace is trusted.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (!languageClient.isRunning()) return;
      languageClient.sendNotification(WorkspaceTrustedNotification.type).catch((error: unknown) => output.appendLine(`Could not tell the server the workspace is trusted: ${errorMessage(error)}`));
    }),
  );
  try {
    await languageClient.start();
  } catch (error) {
    const message = errorMessage(error);
    output.appendLine(`The server failed to start: ${message}`);
    status.stopped(message);
    const choice = await vscode.window.showErrorMessage(`Async Pitfalls could not start its language server: ${message}`, 'Show Output');
    if (choice === 'Show Output') output.show(true);
  }
}

/** A restart asked for: the old server's exit (code 0) is no error. */
async function restart(languageClient: LanguageClient): Promise<void> {
  if (languageClient.isRunning()) cleanExits?.expectCleanExit();
  await languageClient.restart();
}

export async function deactivate(): Promise<void> {
  if (client?.isRunning()) cleanExits?.expectCleanExit();
  await client?.stop();
  client = undefined;
}

function createClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGE_IDS.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{.async-pitfalls.json,tsconfig*.json,jsconfig*.json,*.ts,*.tsx,*.mts,*.cts,*.js,*.jsx,*.mjs,*.cjs}'),
    },
    // Rule links open the page shipped in the extension (offline too) through this command.
    // A function: a restart after the user trusts the workspace sends the trust of that moment.
    initializationOptions: () => ({ documentationCommand: COMMANDS.showRuleDocumentation, workspaceTrusted: vscode.workspace.isTrusted }),
    outputChannel: output,
    errorHandler: crashHandler(output),
  };
  return new LanguageClient('asyncPitfalls', 'Async Pitfalls', serverOptions, clientOptions);
}
