import * as vscode from 'vscode';

/** The server's fix-all: the edit applying every safe fix of the document, or undefined when none applies. */
export type FixAllProvider = (document: vscode.TextDocument) => Promise<vscode.WorkspaceEdit | undefined>;

export type FixAllOutcome = 'fixed' | 'nothing' | 'no-file';

/**
 * Applies the safe fixes of the active file, of every rule that is on (the on-save rule list limits
 * only `source.fixAll`), and says so when there was nothing to fix.
 */
export async function fixAllInActiveEditor(languages: readonly string[], provider: FixAllProvider): Promise<FixAllOutcome> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !languages.includes(editor.document.languageId)) {
    void vscode.window.showInformationMessage('Async Pitfalls: open a TypeScript or JavaScript file to fix its problems.');
    return 'no-file';
  }
  const edit = await provider(editor.document);
  if (!edit || !(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showInformationMessage('Async Pitfalls: no safe fix to apply in this file.');
    return 'nothing';
  }
  return 'fixed';
}
