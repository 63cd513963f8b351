import { ts } from '../typescript';
import { CodeActionKind, TextDocumentEdit, type CodeAction, type Command, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { forEachNode } from '../base/walk';
import { addedSyntaxError, applyEdits, fixTitle, syntaxErrors, type DroppedFix } from '../engine/fixes';
import type { Finding, Fix, TextEdit } from '../rules/types';
import { fileStyle, lineIndent } from '../rules/util/fixText';
import { LineMap, lineMapOf } from '../rules/util/lines';
import { COMMANDS } from '../protocol';
import { toDiagnostic, toRange } from './diagnostics';

/** The source action that applies every safe fix of a file, for `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.asyncPitfalls`;

/**
 * Quick fixes for the findings under a range: the rule's fixes, disable comments, and the rule's
 * documentation. Titles carry the fix's kind (fixTitle); only a safe fix is ever the preferred one.
 * A fix whose result would not parse is not offered; `onDropped` hears of it.
 */
export function quickFixes(
  document: TextDocument,
  sourceFile: ts.SourceFile,
  findings: readonly Finding[],
  from: number,
  to: number,
  onDropped: (dropped: DroppedFix) => void = () => {},
): CodeAction[] {
  const actions: CodeAction[] = [];
  const touched = findings.filter((finding) => finding.start <= to && finding.end >= from);
  let baseline: readonly ts.Diagnostic[] | undefined;
  const parses = (finding: Finding, fix: Fix) => {
    baseline ??= syntaxErrors(sourceFile.fileName, sourceFile.text);
    const reason = addedSyntaxError(sourceFile.fileName, baseline, applyEdits(sourceFile.text, fix.edits));
    if (reason !== undefined) onDropped({ ruleId: finding.ruleId, title: fixTitle(fix, finding.ruleId), reason });
    return reason === undefined;
  };
  for (const finding of touched) {
    const diagnostic = toDiagnostic(sourceFile, finding, document.uri);
    const fixes = finding.fixes.filter((fix) => parses(finding, fix));
    const preferred = fixes.find((fix) => fix.kind === 'safe');
    for (const fix of fixes) {
      actions.push({
        title: fixTitle(fix, finding.ruleId),
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix === preferred,
        edit: versionedEdit(document, sourceFile, fix.edits),
      });
    }
  }
  // One disable/documentation entry per rule, even when several of its findings are under the range.
  const seenRules = new Set<string>();
  for (const finding of touched) {
    if (seenRules.has(finding.ruleId)) continue;
    seenRules.add(finding.ruleId);
    const diagnostics = touched.filter((other) => other.ruleId === finding.ruleId).map((other) => toDiagnostic(sourceFile, other, document.uri));
    const lineEdit = disableNextLineEdit(sourceFile, finding);
    if (lineEdit) {
      actions.push({
        title: fixTitle({ title: `Disable ${finding.ruleId} for this line`, kind: 'suppression' }),
        kind: CodeActionKind.QuickFix,
        diagnostics,
        edit: versionedEdit(document, sourceFile, [lineEdit]),
      });
    }
    actions.push({
      title: fixTitle({ title: `Disable ${finding.ruleId} for this file`, kind: 'suppression' }),
      kind: CodeActionKind.QuickFix,
      diagnostics,
      edit: versionedEdit(document, sourceFile, [disableFileEdit(sourceFile, finding.ruleId)]),
    });
    const command: Command = { title: `Show documentation for ${finding.ruleId}`, command: COMMANDS.showRuleDocumentation, arguments: [finding.ruleId] };
    actions.push({ title: command.title, kind: CodeActionKind.QuickFix, diagnostics, command });
  }
  return actions;
}

/** The fix-all action, or undefined when nothing changes. `fixedText` is the file with every safe fix applied. */
export function fixAllAction(document: TextDocument, fixedText: string): CodeAction | undefined {
  const original = document.getText();
  if (fixedText === original) return undefined;
  return {
    title: 'Fix all safe async-pitfalls problems',
    kind: FIX_ALL_KIND,
    edit: { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, [minimalEdit(original, fixedText)])] },
  };
}

/** Edits carry the document version: a client must not apply them to a newer text. */
function versionedEdit(document: TextDocument, sourceFile: ts.SourceFile, edits: readonly TextEdit[]) {
  return {
    documentChanges: [
      TextDocumentEdit.create(
        { uri: document.uri, version: document.version },
        edits.map((edit) => ({ range: toRange(sourceFile, edit.start, edit.end), newText: edit.newText })),
      ),
    ],
  };
}

/** One edit covering only the changed middle of the text, so the cursor and folding elsewhere stay put. */
function minimalEdit(before: string, after: string): LspTextEdit {
  const lines = new LineMap(before);
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  return {
    range: { start: lines.position(prefix), end: lines.position(before.length - suffix) },
    newText: after.slice(prefix, after.length - suffix),
  };
}

/**
 * `// async-pitfalls-disable-next-line <rule>` above the finding's line, indented like it. Not offered
 * where a comment line would become part of a string or JSX text (the line starts inside one).
 */
function disableNextLineEdit(sourceFile: ts.SourceFile, finding: Finding): TextEdit | undefined {
  const lines = lineMapOf(sourceFile);
  const lineStart = lines.lineStart(lines.position(finding.start).line);
  if (startsInsideLiteralOrJsx(sourceFile, lineStart)) return undefined;
  const indentation = lineIndent(sourceFile, lineStart);
  const { newline } = fileStyle(sourceFile);
  return { start: lineStart, end: lineStart, newText: `${indentation}// async-pitfalls-disable-next-line ${finding.ruleId}${newline}` };
}

function startsInsideLiteralOrJsx(sourceFile: ts.SourceFile, offset: number): boolean {
  let inside = false;
  forEachNode(sourceFile, (node) => {
    if (inside || node.pos > offset || node.end <= offset) return;
    const spans = node.getStart(sourceFile) < offset && offset < node.end;
    if (spans && (ts.isTemplateLiteral(node) || ts.isStringLiteral(node) || ts.isJsxElement(node) || ts.isJsxFragment(node) || ts.isJsxSelfClosingElement(node))) {
      inside = true;
    }
  });
  return inside;
}

/** `/* async-pitfalls-disable <rule> *\/` at the top of the file, after a shebang line. */
function disableFileEdit(sourceFile: ts.SourceFile, ruleId: string): TextEdit {
  const text = sourceFile.text;
  const { newline } = fileStyle(sourceFile);
  const shebang = /^#!.*(\r?\n|$)/.exec(text);
  const at = shebang ? shebang[0].length : 0;
  const prefix = shebang && !shebang[1] ? newline : '';
  return { start: at, end: at, newText: `${prefix}/* async-pitfalls-disable ${ruleId} */${newline}` };
}
