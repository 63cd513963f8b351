// Helpers of the end-to-end suite, which runs inside a real VS Code extension host.
// Waiting is always on VS Code's events, with a deadline that turns into a failure with details.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'async-pitfalls.async-pitfalls';
export const SOURCE = 'async-pitfalls';
export const FIX_ALL_KIND = 'source.fixAll.asyncPitfalls';
/** How long one awaited condition may take: the first analysis builds a TypeScript program. */
export const WAIT_MS = 30_000;

/** What the launcher tells the suite (written next to the compiled suite). */
export interface E2eContext {
  /** Rule ids registered in the build the VSIX was packaged from. */
  registeredRules: string[];
  /** The folder the VSIX was installed into: the extension under test must come from there. */
  extensionsDir: string;
  /** The version in the repository's package.json. */
  version: string;
  /** Where the suite writes its result as JSON. */
  resultFile: string;
  /** Runs only the tests whose full title matches (mocha's grep), when set. */
  grep?: string;
}

export function e2eContext(): E2eContext {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'e2e-context.json'), 'utf8')) as E2eContext;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('VS Code opened no workspace folder: the launcher passes the fixture workspace');
  return folder.uri.fsPath;
}

export function fixtureUri(relative: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), relative));
}

/** The extension under test, activated. */
export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  await extension.activate();
  return extension;
}

export function ourDiagnostics(uri: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((diagnostic) => diagnostic.source === SOURCE && (rule === undefined || diagnosticCode(diagnostic) === rule));
}

export function diagnosticCode(diagnostic: vscode.Diagnostic): string | undefined {
  const { code } = diagnostic;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function describeDiagnostics(uri: vscode.Uri): string {
  const all = vscode.languages.getDiagnostics(uri);
  if (all.length === 0) return '(no diagnostics at all)';
  return all.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} [${d.source ?? '?'}/${diagnosticCode(d) ?? '?'}] ${d.message}`).join('\n');
}

/**
 * Resolves once `condition` holds for the file's diagnostics, re-checked on every diagnostics change
 * of that file; rejects after `timeoutMs` with what the file had then.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  condition: (ours: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const ours = ourDiagnostics(uri);
      if (!condition(ours)) return false;
      finish();
      resolve(ours);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what} in ${vscode.workspace.asRelativePath(uri)}. Its diagnostics:\n${describeDiagnostics(uri)}`));
    }, timeoutMs);
    function finish(): void {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}

/** Lines (0-based) of the file's diagnostics of one rule, sorted and distinct. */
export function linesOf(diagnostics: readonly vscode.Diagnostic[], rule: string): number[] {
  return [...new Set(diagnostics.filter((d) => diagnosticCode(d) === rule).map((d) => d.range.start.line))].sort((a, b) => a - b);
}

export function sameLines(actual: readonly number[], expected: readonly number[]): boolean {
  return actual.length === expected.length && actual.every((line, i) => line === expected[i]);
}

/** Lines (0-based) whose text contains `needle`. */
export function linesContaining(document: vscode.TextDocument, needle: string): number[] {
  const lines: number[] = [];
  for (let line = 0; line < document.lineCount; line++) if (document.lineAt(line).text.includes(needle)) lines.push(line);
  return lines;
}

/** Resolves when the document's text satisfies the condition (checked on every change of it). */
export function waitForText(document: vscode.TextDocument, condition: (text: string) => boolean, what: string, timeoutMs = WAIT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const text = document.getText();
      if (!condition(text)) return;
      finish();
      resolve(text);
    };
    const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === document) check();
    });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. The text:\n${document.getText()}`));
    }, timeoutMs);
    function finish(): void {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}

/** Settings at the workspace level; resolves once VS Code has applied the change. */
export async function setWorkspaceSetting(section: string, key: string, value: unknown): Promise<void> {
  const current = vscode.workspace.getConfiguration(section).inspect(key)?.workspaceValue;
  if (JSON.stringify(current) === JSON.stringify(value)) return;
  const applied = new Promise<void>((resolve) => {
    const subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(`${section}.${key}`)) return;
      subscription.dispose();
      resolve();
    });
  });
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Workspace);
  await withDeadline(applied, WAIT_MS, `the setting ${section}.${key} to take effect`);
}

export async function withDeadline<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export async function openFixture(relative: string): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(relative));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  return { document, editor };
}

/** Lines (0-based) that carry a `// expect: <rule>[, <rule>]` marker for the rule. */
export function expectedLines(text: string, rule: string): number[] {
  const lines: number[] = [];
  text.split('\n').forEach((line, index) => {
    const marker = /\/\/\s*expect:\s*([\w\s,-]+)$/.exec(line.trimEnd());
    if (marker && marker[1].split(',').map((id) => id.trim()).includes(rule)) lines.push(index);
  });
  return lines;
}

/** Why tests were skipped, reported by the runner next to the counts: a skip is never silent. */
export const skipReasons = new Map<string, string>();

export function skipBecause(context: Mocha.Context, reason: string): never {
  const title = context.test?.fullTitle() ?? '(unknown test)';
  skipReasons.set(title, reason);
  console.log(`      skipped: ${reason}`);
  context.skip();
}
