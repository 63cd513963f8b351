import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** Not in the shared protocol: only the walkthrough and the palette run it, never the server. */
export const OPEN_EXAMPLE_COMMAND = 'asyncPitfalls.openExample';

/**
 * Opens the walkthrough's example as an unsaved TypeScript file: the user's workspace is left alone,
 * and the server analyzes untitled files like saved ones.
 */
export async function openExample(extensionPath: string): Promise<vscode.TextDocument> {
  const content = await fs.readFile(path.join(extensionPath, 'walkthrough', 'example.ts'), 'utf8');
  const document = await vscode.workspace.openTextDocument({ language: 'typescript', content });
  await vscode.window.showTextDocument(document);
  return document;
}
