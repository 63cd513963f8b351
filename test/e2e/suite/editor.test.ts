import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { activeExtension, describeDiagnostics, diagnosticCode, expectedLines, fixtureUri, linesContaining, openFixture, SOURCE, waitForDiagnostics, withDeadline, WAIT_MS } from './helpers';

/** Resolves once the file's diagnostics (any source) satisfy `condition`. */
function waitForAnyDiagnostics(uri: vscode.Uri, condition: (all: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  return withDeadline(
    new Promise<vscode.Diagnostic[]>((resolve) => {
      const check = (): boolean => {
        const all = vscode.languages.getDiagnostics(uri);
        if (condition(all)) resolve(all);
        return condition(all);
      };
      if (check()) return;
      const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
        if (event.uris.some((changed) => changed.toString() === uri.toString()) && check()) subscription.dispose();
      });
    }),
    WAIT_MS * 2,
    what,
  ).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; the file's diagnostics:\n${describeDiagnostics(uri)}`);
  });
}

describe('config file problems in the editor', () => {
  const config = () => fixtureUri('.async-pitfalls.json');
  let original: string;
  before(async () => {
    await activeExtension();
    original = await fs.readFile(config().fsPath, 'utf8');
  });
  after(async () => {
    await fs.writeFile(config().fsPath, original);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a bad rule id is a diagnostic on its key in .async-pitfalls.json, and the valid keys still apply', async () => {
    const { document } = await openFixture('rules/floating-promise.ts');
    const line = expectedLines(document.getText(), 'floating-promise')[0];
    await waitForDiagnostics(document.uri, (ours) => ours.some((d) => d.range.start.line === line), 'floating-promise');
    const text = '{\n  "rules": {\n    "blocking-calls": "warning",\n    "floating-promise": "error"\n  }\n}\n';
    await fs.writeFile(config().fsPath, text);
    await waitForDiagnostics(
      document.uri,
      (ours) => ours.some((d) => d.range.start.line === line && d.severity === vscode.DiagnosticSeverity.Error),
      'floating-promise at error severity (the valid key applied)',
    );
    const [problem] = await waitForAnyDiagnostics(config(), (all) => all.some((d) => d.source === SOURCE), 'a diagnostic in the config file');
    assert.equal(problem.range.start.line, 2, 'on the line of the bad key');
    assert.equal(problem.range.start.character, 4, 'at the bad key');
    assert.match(problem.message, /blocking-calls/);
  });

  it('invalid JSON is an error diagnostic in .async-pitfalls.json', async () => {
    await fs.writeFile(config().fsPath, '{\n  "rules": {\n    "floating-promise": "error",\n  \n}\n');
    const all = await waitForAnyDiagnostics(
      config(),
      (found) => found.some((d) => d.source === SOURCE && d.severity === vscode.DiagnosticSeverity.Error),
      'an error diagnostic in the config file',
    );
    assert.ok(all.some((d) => d.source === SOURCE && /JSON/.test(d.message)), describeDiagnostics(config()));
    // Fixed: the diagnostics go.
    await fs.writeFile(config().fsPath, original);
    await waitForAnyDiagnostics(config(), (found) => !found.some((d) => d.source === SOURCE), 'the config diagnostics to go');
  });
});

describe('no duplicate of TypeScript', () => {
  before(activeExtension);
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it("where TypeScript reports 80007 ('await' has no effect), await-non-promise does not; where it does not, it does", async () => {
    const { document } = await openFixture('duplicates.ts');
    const awaitLine = linesContaining(document, 'await total()')[0];
    const forAwaitLine = linesContaining(document, 'for await')[0];
    const all = await waitForAnyDiagnostics(
      document.uri,
      (found) => found.some((d) => diagnosticCode(d) === '80007' && d.range.start.line === awaitLine) && found.some((d) => d.source === SOURCE && d.range.start.line === forAwaitLine),
      "TypeScript's 80007 on the await and our finding on the for await",
    );
    const ours = all.filter((d) => d.source === SOURCE && diagnosticCode(d) === 'await-non-promise');
    assert.deepEqual(
      ours.map((d) => d.range.start.line),
      [forAwaitLine],
      `only the for await is ours; TypeScript has the await:\n${describeDiagnostics(document.uri)}`,
    );
    // Our findings settle after TypeScript's: look again once a re-analysis has published.
    const again = await vscode.commands.executeCommand<number>('asyncPitfalls.revalidate');
    assert.ok(again >= 1);
    await waitForDiagnostics(document.uri, (found) => found.some((d) => d.range.start.line === forAwaitLine), 'our findings again');
    assert.ok(!vscode.languages.getDiagnostics(document.uri).some((d) => d.source === SOURCE && d.range.start.line === awaitLine), describeDiagnostics(document.uri));
  });
});
