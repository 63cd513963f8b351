import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseRulePage, RULE_ID, type RulePage } from './rulePages';

/** The rule pages the extension ships (docs/rules/*.md), sorted by id. */
export async function bundledRulePages(extensionPath: string): Promise<RulePage[]> {
  const folder = path.join(extensionPath, 'docs', 'rules');
  const names = (await fs.readdir(folder)).filter((name) => name.endsWith('.md')).sort();
  const pages = await Promise.all(names.map(async (name) => parseRulePage(name, await fs.readFile(path.join(folder, name), 'utf8'))));
  return pages.filter((page): page is RulePage => page !== undefined);
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

/** A quick pick of the shipped rules; resolves to the chosen id. */
export async function pickRule(extensionPath: string): Promise<string | undefined> {
  const pages = await bundledRulePages(extensionPath);
  const picked = await vscode.window.showQuickPick(
    pages.map((page) => ({ label: page.id, detail: page.summary })),
    { title: 'Async Pitfalls: rule documentation', placeHolder: 'Pick a rule to read its page', matchOnDetail: true },
  );
  return picked?.label;
}
