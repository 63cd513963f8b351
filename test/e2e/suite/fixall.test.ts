import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, diagnosticCode, FIX_ALL_KIND, linesContaining, openFixture, setWorkspaceSetting, skipBecause, waitForDiagnostics } from './helpers';

/**
 * Where the build says it has fix-all: the packaged manifest (e.g. contributes.codeActions or a
 * configuration default), or the bundled server (its code action kinds). Undefined when neither does.
 */
async function fixAllDeclaredIn(extension: vscode.Extension<unknown>): Promise<string | undefined> {
  if (JSON.stringify(extension.packageJSON).includes(FIX_ALL_KIND)) return 'package.json';
  const server = await fs.readFile(path.join(extension.extensionPath, 'dist', 'server.js'), 'utf8');
  // The bundle may build the kind from CodeActionKind.SourceFixAll ("source.fixAll") + ".asyncPitfalls".
  if (server.includes(FIX_ALL_KIND) || /fixAll\W{0,3}\.asyncPitfalls/i.test(server)) return 'dist/server.js';
  return undefined;
}

describe('fix-all on save', () => {
  let extension: vscode.Extension<unknown>;
  before(async () => {
    extension = await activeExtension();
  });
  after(async () => {
    await setWorkspaceSetting('editor', 'codeActionsOnSave', undefined);
  });

  it(`editor.codeActionsOnSave with ${FIX_ALL_KIND} applies the safe fixes, and only those, when the file is saved`, async function () {
    const declared = await fixAllDeclaredIn(extension);
    if (!declared) skipBecause(this, `fix-all is not in the packaged extension: neither package.json nor dist/server.js declares ${FIX_ALL_KIND}`);
    console.log(`      (${FIX_ALL_KIND} declared in ${declared})`);
    await setWorkspaceSetting('editor', 'codeActionsOnSave', { [FIX_ALL_KIND]: 'explicit' });

    // Two async executors (nested-run, whose fix is safe) and a floating promise, whose fixes are an
    // unsafe await/.catch and a void suppression: fix-all must rewrite the first two and leave the last.
    const { document, editor } = await openFixture('fixall.ts');
    const executors = linesContaining(document, 'new Promise(async');
    assert.equal(executors.length, 2);
    await waitForDiagnostics(document.uri, (ours) => executors.every((line) => ours.some((d) => d.range.start.line === line)), 'both nested-run diagnostics');

    // A person's edit makes the file dirty; saving it runs the code actions on save.
    assert.ok(await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), '// edited\n')));
    // Save once the server has seen the edit (the findings moved down a line), as a person's save comes
    // after a pause; a save in the same instant as the keystroke was seen to be refused now and then.
    await waitForDiagnostics(document.uri, (ours) => executors.every((line) => ours.some((d) => d.range.start.line === line + 1)), 'diagnostics of the edited text');
    let saved = await document.save();
    if (!saved || document.getText().includes('new Promise(async')) {
      // VS Code's save participants were seen, rarely, to save without applying the fix-all that the
      // server answered with (the trace shows the request and its answer). A person would save again:
      // so does the test, once, and says so in the output, so that a change in how often it happens is seen.
      console.log(`      (the first save left the fixes unapplied; saving once more: saved ${saved}, dirty ${document.isDirty})`);
      assert.ok(await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), '// saved again\n')));
      await waitForDiagnostics(document.uri, (ours) => executors.every((line) => ours.some((d) => d.range.start.line === line + 2)), 'diagnostics of the text edited again');
      saved = await document.save();
    }
    if (!saved || document.getText().includes('new Promise(async')) {
      // Tell apart "the server offers no fix-all" from "VS Code did not apply it on save".
      const offered = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        new vscode.Range(0, 0, document.lineCount, 0),
        FIX_ALL_KIND,
      );
      assert.fail(
        `saving (saved: ${saved}, dirty: ${document.isDirty}) left:\n${document.getText()}\nThe server offers now: ${offered.map((action) => `${action.title} [${action.kind?.value}]`).join(' | ') || '(nothing)'}`,
      );
    }

    const onDisk = await fs.readFile(document.uri.fsPath, 'utf8');
    assert.equal(onDisk, document.getText(), 'the fixed text is what was saved');
    assert.equal(linesContaining(document, 'return (async () => {').length, 2, onDisk);
    assert.equal(linesContaining(document, '  load();').length, 1, `the floating promise is left for a person to decide:\n${onDisk}`);
    await waitForDiagnostics(
      document.uri,
      (ours) => ours.length === 1 && diagnosticCode(ours[0]) === 'floating-promise',
      'only the floating promise left after fix-all',
    );
  });
});
