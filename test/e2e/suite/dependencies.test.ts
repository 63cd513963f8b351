import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, fixtureUri, linesContaining, openFixture, waitForDiagnostics } from './helpers';

const SYNC = 'export function save(): void {}';
const ASYNC = 'export async function save(): Promise<void> {}';

describe('editing a file refreshes the open files that import it', () => {
  before(async () => {
    await activeExtension();
  });

  it('b.ts gets a floating-promise diagnostic when a.ts makes save() async, and loses it when a.ts goes back', async () => {
    const a = await vscode.workspace.openTextDocument(fixtureUri('deps/a.ts'));
    const { document: b } = await openFixture('deps/b.ts');
    const [loadLine] = linesContaining(b, 'load();');
    const [saveLine] = linesContaining(b, 'save();');
    const reported = (line: number) => (ours: vscode.Diagnostic[]) => ours.some((d) => d.range.start.line === line);

    // load() floats from the start: once it is reported, b.ts has been analyzed, and save() is not.
    const before = await waitForDiagnostics(b.uri, reported(loadLine), 'the diagnostic of load() in b.ts');
    assert.ok(!reported(saveLine)(before), 'save() is synchronous: not reported yet');

    await replaceAll(a, SYNC, ASYNC);
    await waitForDiagnostics(b.uri, reported(saveLine), 'b.ts to report save() after a.ts made it async (unsaved edit)');

    await replaceAll(a, ASYNC, SYNC);
    await waitForDiagnostics(b.uri, (ours) => reported(loadLine)(ours) && !reported(saveLine)(ours), 'b.ts to drop save() after a.ts made it synchronous again');
  });
});

async function replaceAll(document: vscode.TextDocument, from: string, to: string): Promise<void> {
  const text = document.getText();
  const start = text.indexOf(from);
  assert.ok(start >= 0, `"${from}" not in ${document.uri.fsPath}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(start), document.positionAt(start + from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit), 'VS Code applied the edit');
}
