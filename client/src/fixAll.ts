import * as vscode from 'vscode';

/** The code action kind of the server's fix-all (safe fixes only, of the rules chosen for it). */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('asyncPitfalls');

export type FixAllOutcome = 'fixed' | 'nothing' | 'no-file';

/**
 * Applies the safe fixes of the active file, as `source.fixAll.asyncPitfalls` on save would (same
 * server action, same rules setting), and says so when there was nothing to fix.
 */
export async function fixAllInActiveEditor(languages: readonly string[]): Promise<FixAllOutcome> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !languages.includes(editor.document.languageId)) {
    void vscode.window.showInformationMessage('Async Pitfalls: open a TypeScript or JavaScript file to fix its problems.');
    return 'no-file';
  }
  const { document } = editor;
  const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[] | undefined>('vscode.executeCodeActionProvider', document.uri, whole, FIX_ALL_KIND.value)) ?? [];
  // Other providers may answer a broader kind: take only ours (the server sends one action at most).
  const edit = actions.find((action) => action.kind !== undefined && FIX_ALL_KIND.contains(action.kind) && action.edit)?.edit;
  if (!edit || !(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showInformationMessage('Async Pitfalls: no safe fix to apply in this file.');
    return 'nothing';
  }
  return 'fixed';
}
