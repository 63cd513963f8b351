import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** A rule id as the rules name themselves: lowercase words joined by hyphens. */
const RULE_ID = /^[a-z]+(?:-[a-z]+)*$/;

export interface RuleEntry {
  id: string;
  description?: string;
}

/**
 * Opens a rule's bundled page in the Markdown preview: no network needed. The id may come from a
 * diagnostic's link or a quick fix, so only rule-id shaped names are taken, and only shipped pages.
 */
export async function openRulePage(extensionPath: string, ruleId: string): Promise<boolean> {
  if (!RULE_ID.test(ruleId)) return false;
  const page = vscode.Uri.file(path.join(extensionPath, 'docs', 'rules', `${ruleId}.md`));
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    void vscode.window.showWarningMessage(`Async Pitfalls has no documentation page for "${ruleId}".`);
    return false;
  }
  await vscode.commands.executeCommand('markdown.showPreview', page);
  return true;
}

/**
 * A quick pick of the rules, with their descriptions from the server; when the server cannot answer
 * (stopped, crashed), the pages shipped in the extension, by id. Resolves to the chosen id.
 */
export async function pickRule(extensionPath: string, fromServer: () => Promise<RuleEntry[]>): Promise<string | undefined> {
  const rules = await fromServer().catch(async () => {
    const names = await fs.readdir(path.join(extensionPath, 'docs', 'rules'));
    return names.filter((name) => name.endsWith('.md')).map((name): RuleEntry => ({ id: name.slice(0, -'.md'.length) }));
  });
  const picked = await vscode.window.showQuickPick(
    rules.map((rule) => ({ label: rule.id, detail: rule.description })),
    { title: 'Async Pitfalls: rule documentation', placeHolder: 'Pick a rule to read its page', matchOnDetail: true },
  );
  return picked?.label;
}
