import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, openFixture, skipBecause, waitForText, withDeadline, WAIT_MS } from './helpers';

interface SnippetContribution {
  language?: string;
  path: string;
}

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

/** Snippet files may carry comments and trailing commas (JSONC). */
function parseJsonc(text: string): unknown {
  const withoutComments = text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match, string: string | undefined) => string ?? '');
  return JSON.parse(withoutComments.replace(/,(\s*[}\]])/g, '$1'));
}

/**
 * The text a snippet inserts when every placeholder keeps its default: `${1:name}` gives "name", and
 * so does every other `$1` (a mirror); a choice `${1|a,b|}` gives "a"; `$0` and bare tab stops give "".
 */
export function expandedBody(body: string): string {
  const defaults = new Map<string, string>();
  let text = body;
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text
      .replace(/\$\{(\d+):((?:[^{}$\\]|\\.)*)\}/g, (_, index: string, value: string) => {
        if (!defaults.has(index)) defaults.set(index, value);
        return value;
      })
      .replace(/\$\{(\d+)\|([^,|]*)[^|]*\|\}/g, (_, index: string, first: string) => {
        if (!defaults.has(index)) defaults.set(index, first);
        return first;
      });
  }
  text = text.replace(/\$\{(\d+)\}|\$(\d+)/g, (_, braced: string | undefined, bare: string | undefined) => defaults.get(braced ?? bare ?? '') ?? '');
  return text.replace(/\\([$}\\])/g, '$1');
}

describe('snippets', () => {
  let extension: vscode.Extension<unknown>;
  before(async () => {
    extension = await activeExtension();
  });

  it('every contributed snippet is offered by its prefix and inserts its code', async function () {
    const contributions = (extension.packageJSON as { contributes?: { snippets?: SnippetContribution[] } }).contributes?.snippets ?? [];
    if (contributions.length === 0) skipBecause(this, 'the packaged package.json contributes no snippets (contributes.snippets)');
    // A file contributed for several languages is checked once, in the first of them.
    const languageOfFile = new Map<string, string>();
    for (const contribution of contributions) {
      if (!languageOfFile.has(contribution.path)) languageOfFile.set(contribution.path, contribution.language ?? 'typescript');
    }
    let checked = 0;
    // One file at a time, one snippet at a time: each check drives the one active editor.
    for (const [file, language] of languageOfFile) {
      // async-pitfalls-disable-next-line sequential-await
      const snippets = parseJsonc(await fs.readFile(path.join(extension.extensionPath, file), 'utf8')) as Record<string, Snippet>;
      const document = await vscode.workspace.openTextDocument({ language, content: '' });
      const editor = await vscode.window.showTextDocument(document);
      for (const [name, snippet] of Object.entries(snippets)) {
        // async-pitfalls-disable-next-line sequential-await
        await checkSnippet(editor, language, name, snippet);
        checked++;
      }
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    assert.ok(checked > 0, 'the snippet files hold no snippet');
    console.log(`      ${checked} snippets checked`);
  });
});

describe('snippets in an indented file', () => {
  let extension: vscode.Extension<unknown>;
  before(async () => {
    extension = await activeExtension();
  });

  it('a multi-line snippet inserted inside a function of a 4-space file is indented with 4 spaces throughout', async () => {
    const file = (extension.packageJSON as { contributes: { snippets: SnippetContribution[] } }).contributes.snippets.find((c) => c.language === 'typescript');
    assert.ok(file, 'TypeScript snippets are contributed');
    const snippets = parseJsonc(await fs.readFile(path.join(extension.extensionPath, file.path), 'utf8')) as Record<string, Snippet>;
    const { document, editor } = await openFixture('indent.ts');
    assert.equal(editor.options.insertSpaces, true, 'VS Code detects that the file indents with spaces');
    assert.equal(editor.options.tabSize, 4, 'VS Code detects the 4-space indentation');
    const original = document.getText();
    // Below `const ready = true;`, at the function body's indentation.
    const anchor = document.lineAt(1);
    let checked = 0;
    for (const [name, snippet] of Object.entries(snippets)) {
      const body = Array.isArray(snippet.body) ? snippet.body : [snippet.body];
      if (body.length < 3) continue;
      // async-pitfalls-disable-next-line sequential-await
      assert.ok(await editor.edit((builder) => builder.insert(anchor.range.end, '\n    ')), 'the editor took the edit');
      const at = new vscode.Position(2, 4);
      editor.selection = new vscode.Selection(at, at);
      const inserted = waitForText(document, (text) => text.length > original.length + 5, `snippet "${name}" to insert`);
      // async-pitfalls-disable-next-line sequential-await
      await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'typescript', name });
      // async-pitfalls-disable-next-line sequential-await
      const text = await inserted;
      const lines = text.split('\n').slice(2, 2 + body.length);
      body.forEach((line, index) => {
        const tabs = /^\t*/.exec(line)![0].length;
        const rest = line.slice(tabs);
        if (rest === '') return;
        const got = lines[index];
        const indent = /^[ \t]*/.exec(got)![0];
        assert.ok(!indent.includes('\t'), `snippet "${name}" line ${index + 1} is indented with a tab: ${JSON.stringify(got)}`);
        // The body's own indentation is one tab a level; a JSDoc line's leading space stays.
        const own = /^ */.exec(rest)![0].length;
        assert.equal(indent.length, 4 + 4 * tabs + own, `snippet "${name}" line ${index + 1}: ${JSON.stringify(got)}`);
      });
      checked++;
      // async-pitfalls-disable-next-line sequential-await
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.ok(checked > 0, 'no multi-line snippet checked');
    console.log(`      ${checked} multi-line snippets checked inside a 4-space function`);
  });
});

async function setText(editor: vscode.TextEditor, text: string): Promise<void> {
  const { document } = editor;
  const all = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  assert.ok(await editor.edit((builder) => builder.replace(all, text)), 'the editor took the edit');
  editor.selection = new vscode.Selection(document.positionAt(text.length), document.positionAt(text.length));
}

async function checkSnippet(editor: vscode.TextEditor, language: string, name: string, snippet: Snippet): Promise<void> {
  const { document } = editor;
  const prefix = Array.isArray(snippet.prefix) ? snippet.prefix[0] : snippet.prefix;
  const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;

  // Offered in completion where a person types its prefix.
  await setText(editor, prefix);
  const offered = await offeredAsSnippet(document, prefix);
  assert.ok(offered, `snippet "${name}" (${language}) is not offered for the prefix "${prefix}"`);

  // Inserted by name, as the contributed snippet (not a copy of its body).
  await setText(editor, '');
  const inserted = waitForText(document, (text) => text.length > 0, `snippet "${name}" to insert its code`);
  await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: language, name });
  const text = await inserted;
  // The editor re-indents a snippet to its own indentation settings: compare the lines without it.
  const normalize = (value: string) => value.replace(/\r\n/g, '\n').split('\n').map((line) => line.trim()).join('\n').trim();
  assert.equal(normalize(text), normalize(expandedBody(body)), `snippet "${name}" inserted something else`);
}

/** Whether completion at the end of the document offers the prefix as a snippet. */
async function offeredAsSnippet(document: vscode.TextDocument, prefix: string): Promise<boolean> {
  const list = await withDeadline(
    Promise.resolve(vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, document.positionAt(prefix.length))),
    WAIT_MS,
    `completions for "${prefix}"`,
  );
  return list.items.some((item) => item.kind === vscode.CompletionItemKind.Snippet && (typeof item.label === 'string' ? item.label : item.label.label) === prefix);
}
