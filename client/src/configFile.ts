import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, newConfigText, schemaReference } from './configLocation';

/** Whether a local file exists, without blocking the extension host. */
function exists(file: string): Promise<boolean> {
  return Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.file(file))).then(
    () => true,
    () => false,
  );
}

/** The server's answer for a document: the config file that governs it, and where a new one would go. */
export type ConfigLocator = (document: vscode.TextDocument) => Promise<{ uri?: vscode.Uri; createUri?: vscode.Uri }>;

/**
 * The workspace folder to work in without an active file: the only one, else the one the user picks
 * (in a multi-root workspace each folder has its own config).
 */
async function chosenFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: `The folder whose ${CONFIG_FILE_NAME} to open or create` });
}

/** Where to open or create the config: for the active file, as the server resolves it; else at the top of a workspace folder. */
async function target(locate: ConfigLocator): Promise<{ file: vscode.Uri; exists: boolean } | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active?.uri.scheme === 'file') {
    const answer = await locate(active).catch(() => undefined);
    if (answer?.uri) return { file: answer.uri, exists: true };
    if (answer?.createUri) return { file: answer.createUri, exists: false };
  }
  const folder = await chosenFolder();
  if (!folder) return undefined;
  const file = vscode.Uri.file(path.join(folder.uri.fsPath, CONFIG_FILE_NAME));
  return { file, exists: await exists(file.fsPath) };
}

/**
 * Opens the `.async-pitfalls.json` that governs the active file, or creates one where it would take
 * effect, with `$schema` filled in. Resolves to the file opened, or undefined without a local folder.
 */
export async function openOrCreateConfig(locate: ConfigLocator): Promise<vscode.Uri | undefined> {
  const found = await target(locate);
  if (!found) {
    void vscode.window.showInformationMessage(`Open a folder first: ${CONFIG_FILE_NAME} belongs at the top of a project.`);
    return undefined;
  }
  const { file } = found;
  let written: string | undefined;
  if (!found.exists) {
    const folder = path.dirname(file.fsPath);
    // The package's schema may be installed above the project, up to the workspace folder (a monorepo's top).
    const top = vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath ?? folder;
    written = newConfigText(await schemaReference(folder, top, exists));
    await vscode.workspace.fs.writeFile(file, Buffer.from(written, 'utf8'));
  }
  const editor = await vscode.window.showTextDocument(file);
  if (written !== undefined) {
    // A document still open from a deleted config shows its old text until VS Code reloads it from disk.
    await untilText(editor.document, written);
    // The cursor inside "rules": {} so that completion offers the rule ids straight away.
    const line = editor.document.getText().split('\n').findIndex((text) => text.includes('"rules"'));
    if (line >= 0) {
      const at = new vscode.Position(line, editor.document.lineAt(line).text.indexOf('{') + 1);
      editor.selection = new vscode.Selection(at, at);
    }
  }
  return file;
}

/** Resolves once the document holds `text` (or after a short wait, leaving the document as it is). */
function untilText(document: vscode.TextDocument, text: string): Promise<void> {
  if (document.getText() === text) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    };
    const timer = setTimeout(done, 2000);
    const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === document && document.getText() === text) done();
    });
  });
}
