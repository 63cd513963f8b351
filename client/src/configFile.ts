import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, nearestConfig, newConfigText, schemaReference } from './configLocation';

/**
 * The workspace folder a config command works in: the active file's, else the only one, else the
 * one the user picks (in a multi-root workspace each folder has its own config).
 */
async function targetFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const ofActive = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
  if (ofActive) return ofActive;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: `The folder whose ${CONFIG_FILE_NAME} to open or create` });
}

/**
 * Opens the config file that applies to the active file (the nearest one up to its workspace folder);
 * with none, creates one at the top of the workspace folder with `$schema` filled in. Resolves to the
 * file opened, or undefined when there is no local folder to put it in.
 */
export async function openOrCreateConfig(): Promise<vscode.Uri | undefined> {
  const folder = await targetFolder();
  if (!folder) {
    void vscode.window.showInformationMessage(`Open a folder first: ${CONFIG_FILE_NAME} belongs at the top of a project.`);
    return undefined;
  }
  if (folder.uri.scheme !== 'file') {
    void vscode.window.showInformationMessage(`Async Pitfalls reads ${CONFIG_FILE_NAME} from local folders only; ${folder.name} is not one.`);
    return undefined;
  }
  const root = folder.uri.fsPath;
  const exists = (file: string) => fs.existsSync(file);
  const active = vscode.window.activeTextEditor?.document.uri;
  const existing =
    active?.scheme === 'file' && vscode.workspace.getWorkspaceFolder(active) === folder
      ? nearestConfig(path.dirname(active.fsPath), root, exists)
      : nearestConfig(root, root, exists);
  const file = vscode.Uri.file(existing ?? path.join(root, CONFIG_FILE_NAME));
  if (!existing) {
    await vscode.workspace.fs.writeFile(file, Buffer.from(newConfigText(schemaReference(root, root, exists)), 'utf8'));
  }
  const editor = await vscode.window.showTextDocument(file);
  if (!existing) {
    // The cursor inside "rules": {} so that completion offers the rule ids straight away.
    const line = editor.document.getText().split('\n').findIndex((text) => text.includes('"rules"'));
    if (line >= 0) {
      const at = new vscode.Position(line, editor.document.lineAt(line).text.indexOf('{') + 1);
      editor.selection = new vscode.Selection(at, at);
    }
  }
  return file;
}
