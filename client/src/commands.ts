import * as vscode from 'vscode';
import { COMMANDS } from '../../server/src/protocol';

export interface CommandTarget {
  restart(): Promise<void>;
  output: vscode.OutputChannel;
}

/** The extension's commands: restart, output, the status menu, and a rule's bundled documentation. */
export function registerCommands(context: vscode.ExtensionContext, target: CommandTarget): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      target.output.appendLine('Restarting the server on request.');
      await target.restart();
    }),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => target.output.show(true)),
    vscode.commands.registerCommand(COMMANDS.showMenu, async () => {
      const picked = await vscode.window.showQuickPick(
        [
          { label: 'Restart Server', command: COMMANDS.restartServer },
          { label: 'Show Output', command: COMMANDS.showOutput },
        ],
        { title: 'Async Pitfalls' },
      );
      if (picked) await vscode.commands.executeCommand(picked.command);
    }),
    vscode.commands.registerCommand(COMMANDS.showRuleDocumentation, async (ruleId: unknown) => {
      // The id comes from a diagnostic; accept only rule-id shaped names so no other file can be opened.
      if (typeof ruleId !== 'string' || !/^[a-z]+(?:-[a-z]+)*$/.test(ruleId)) return;
      const page = vscode.Uri.file(context.asAbsolutePath(`docs/rules/${ruleId}.md`));
      await vscode.commands.executeCommand('markdown.showPreview', page);
    }),
  ];
}
