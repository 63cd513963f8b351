import * as vscode from 'vscode';
import { activeExtension, linesContaining, openFixture, setWorkspaceSetting, waitForDiagnostics } from './helpers';

const RULE = 'floating-promise';

describe('asyncPitfalls.rules changes apply without a restart', () => {
  before(async () => {
    await activeExtension();
  });
  after(async () => {
    await setWorkspaceSetting('asyncPitfalls', 'rules', undefined);
  });

  it(`turns ${RULE} off, to error, and back`, async () => {
    const { document } = await openFixture('settings.ts');
    const [line] = linesContaining(document, 'save();');
    const onLine = (ours: vscode.Diagnostic[]) => ours.filter((d) => d.code !== undefined && d.range.start.line === line);
    await waitForDiagnostics(document.uri, (ours) => onLine(ours).some((d) => d.severity === vscode.DiagnosticSeverity.Warning), `${RULE} at its default severity`);

    await setWorkspaceSetting('asyncPitfalls', 'rules', { [RULE]: 'off' });
    await waitForDiagnostics(document.uri, (ours) => onLine(ours).length === 0, `${RULE} to be gone once it is off`);

    await setWorkspaceSetting('asyncPitfalls', 'rules', { [RULE]: 'error' });
    await waitForDiagnostics(document.uri, (ours) => onLine(ours).some((d) => d.severity === vscode.DiagnosticSeverity.Error), `${RULE} back, as an error`);

    await setWorkspaceSetting('asyncPitfalls', 'rules', undefined);
    await waitForDiagnostics(document.uri, (ours) => onLine(ours).some((d) => d.severity === vscode.DiagnosticSeverity.Warning), `${RULE} back at its default severity`);
  });
});
