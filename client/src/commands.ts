import * as vscode from 'vscode';
import { COMMANDS } from '../../server/src/protocol';
import { openOrCreateConfig, type ConfigLocator } from './configFile';
import { OPEN_EXAMPLE_COMMAND, openExample } from './example';
import { fixAllInActiveEditor, type FixAllProvider } from './fixAll';
import { openRulePage, pickRule, type RuleEntry } from './ruleDocs';

export interface CommandTarget {
  restart(): Promise<void>;
  /** Asks the server to analyze every open file again; resolves to how many it took. */
  revalidate(): Promise<number>;
  fixAll: FixAllProvider;
  configFile: ConfigLocator;
  /** The rules the server knows, for the documentation picker. */
  rules(): Promise<RuleEntry[]>;
  output: vscode.OutputChannel;
  languages: readonly string[];
}

/** The actions the language status item offers, in the order shown. */
const MENU: readonly { label: string; command: string }[] = [
  { label: '$(wrench) Fix All Problems in This File', command: COMMANDS.fixAll },
  { label: '$(refresh) Revalidate All Open Files', command: COMMANDS.revalidate },
  { label: '$(settings-gear) Open Configuration', command: COMMANDS.openConfiguration },
  { label: '$(book) Show Rule Documentation', command: COMMANDS.showRuleDocumentation },
  { label: '$(output) Show Output', command: COMMANDS.showOutput },
  { label: '$(debug-restart) Restart Server', command: COMMANDS.restartServer },
];

/** The extension's commands; each one's work lives in its own module. */
export function registerCommands(context: vscode.ExtensionContext, target: CommandTarget): vscode.Disposable[] {
  const { extensionPath } = context;
  return [
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      target.output.appendLine('Restarting the server on request.');
      await target.restart();
    }),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => target.output.show(true)),
    vscode.commands.registerCommand(COMMANDS.showMenu, async () => {
      const picked = await vscode.window.showQuickPick(MENU, { title: 'Async Pitfalls' });
      if (picked) await vscode.commands.executeCommand(picked.command);
    }),
    // From a diagnostic's link or a quick fix with the rule id; from the palette with none: pick one.
    vscode.commands.registerCommand(COMMANDS.showRuleDocumentation, async (ruleId: unknown) => {
      const id = typeof ruleId === 'string' ? ruleId : await pickRule(extensionPath, target.rules);
      return id === undefined ? false : openRulePage(extensionPath, id);
    }),
    vscode.commands.registerCommand(COMMANDS.fixAll, () => fixAllInActiveEditor(target.languages, target.fixAll)),
    vscode.commands.registerCommand(COMMANDS.revalidate, async () => {
      const files = await target.revalidate();
      vscode.window.setStatusBarMessage(`Async Pitfalls: analyzing ${files} open file${files === 1 ? '' : 's'} again`, 5000);
      return files;
    }),
    vscode.commands.registerCommand(COMMANDS.openConfiguration, () => openOrCreateConfig(target.configFile)),
    vscode.commands.registerCommand(OPEN_EXAMPLE_COMMAND, () => openExample(extensionPath)),
  ];
}
