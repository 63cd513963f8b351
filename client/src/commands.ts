import * as vscode from 'vscode';

export interface CommandTarget {
  restart(): Promise<void>;
  output: vscode.OutputChannel;
}

/** The extension's commands: restart, output, the status menu, and a rule's bundled documentation. */
export function registerCommands(context: vscode.ExtensionContext, target: CommandTarget): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('asyncPitfalls.restartServer', async () => {
      target.output.appendLine('Restarting the server on request.');
      await target.restart();
    }),
    vscode.commands.registerCommand('asyncPitfalls.showOutput', () => target.output.show(true)),
    vscode.commands.registerCommand('asyncPitfalls.showMenu', async () => {
      const picked = await vscode.window.showQuickPick(
        [
          { label: 'Restart Server', command: 'asyncPitfalls.restartServer' },
          { label: 'Show Output', command: 'asyncPitfalls.showOutput' },
        ],
        { title: 'Async Pitfalls' },
      );
      if (picked) await vscode.commands.executeCommand(picked.command);
    }),
    vscode.commands.registerCommand('asyncPitfalls.showRuleDocumentation', async (ruleId: unknown) => {
      // The id comes from a diagnostic; accept only rule-id shaped names so no other file can be opened.
      if (typeof ruleId !== 'string' || !/^[a-z]+(?:-[a-z]+)*$/.test(ruleId)) return;
      const page = vscode.Uri.file(context.asAbsolutePath(`docs/rules/${ruleId}.md`));
      await vscode.commands.executeCommand('markdown.showPreview', page);
    }),
  ];
}
