import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { activeExtension, linesContaining, openFixture, ourDiagnostics, waitForDiagnostics } from './helpers';

const VOID_FIX = 'Mark as intentionally not awaited (void) (suppression: hides the report) (floating-promise)';

describe('quick fixes through the code action API', () => {
  before(async () => {
    await activeExtension();
  });

  it(`"${VOID_FIX}" rewrites the floating call and its diagnostic goes away`, async () => {
    const { document } = await openFixture('quickfix.ts');
    const [line] = linesContaining(document, 'save();');
    const [diagnostic] = await waitForDiagnostics(document.uri, (ours) => ours.some((d) => d.range.start.line === line), 'the floating-promise diagnostic');

    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
    // All providers answer (the built-in TypeScript one too), and the command drops the actions'
    // diagnostics: ours is known by its title.
    const described = actions.map((action) => `${action.title} [${isCodeAction(action) ? (action.kind?.value ?? 'no kind') : 'command'}]`);
    const fix = actions.filter(isCodeAction).find((action) => action.title === VOID_FIX);
    assert.ok(fix, `no "${VOID_FIX}" among the code actions: ${described.join(' | ') || '(none)'}`);
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind ${fix.kind?.value}`);
    assert.ok(fix.edit, 'the fix carries its edit');

    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'VS Code applied the edit');
    assert.equal(document.lineAt(line).text, '  void save();');
    await waitForDiagnostics(document.uri, (now) => now.every((d) => d.range.start.line !== line), 'the diagnostic to go away after the fix');
    assert.ok(await document.save(), 'saved');
    assert.equal(await fs.readFile(document.uri.fsPath, 'utf8'), document.getText());
    assert.deepEqual(ourDiagnostics(document.uri), []);
  });
});

function isCodeAction(action: vscode.CodeAction | vscode.Command): action is vscode.CodeAction {
  return typeof (action as vscode.Command).command !== 'string';
}
