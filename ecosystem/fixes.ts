/**
 * The fix part of the ecosystem check: what applying the rules' fixes to real code breaks. Pure parts here
 * (syntax errors a text gains, literals a fix changes); the phase itself runs in ecosystem/run.ts.
 */
import * as ts from 'typescript';
import { syntaxErrors } from '../server/src/engine/fixes';

function scriptKind(fileName: string): ts.ScriptKind {
  if (/\.tsx$/.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(fileName)) return ts.ScriptKind.TS;
  if (/\.jsx$/.test(fileName)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

function parse(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind(fileName));
}

function multiset(items: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

/** What `after` has more of than `before`, each item as often as it is in excess. */
export function excess(before: readonly string[], after: readonly string[]): string[] {
  const left = multiset(before);
  const extra: string[] = [];
  for (const item of after) {
    const n = left.get(item) ?? 0;
    if (n > 0) left.set(item, n - 1);
    else extra.push(item);
  }
  return extra;
}

/** The errors of a text as the engine checks a fix's result: the parser's, and its grammar checks for JavaScript. */
function syntaxMessages(fileName: string, text: string): string[] {
  return syntaxErrors(fileName, text).map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

/** The last text parsed as `before`: the fixes of a file are all compared with the same text. */
let lastBefore: { fileName: string; text: string; messages: string[] } | undefined;

/**
 * The syntax errors `after` has that `before` did not (compared by code and message, positions aside,
 * since a fix moves the code after it). Empty when the edit broke nothing the parser can see.
 */
export function addedSyntaxErrors(fileName: string, before: string, after: string): string[] {
  if (lastBefore?.fileName !== fileName || lastBefore.text !== before) lastBefore = { fileName, text: before, messages: syntaxMessages(fileName, before) };
  return excess(lastBefore.messages, syntaxMessages(fileName, after));
}

export interface Literal {
  /** The literal as written, quotes, escapes and all. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Every string, template piece and regular expression literal of a file, as written in it. */
export function literalsOf(fileName: string, text: string): Literal[] {
  const sourceFile = parse(fileName, text);
  const found: Literal[] = [];
  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      case ts.SyntaxKind.TemplateHead:
      case ts.SyntaxKind.TemplateMiddle:
      case ts.SyntaxKind.TemplateTail:
      case ts.SyntaxKind.RegularExpressionLiteral: {
        const start = node.getStart(sourceFile);
        found.push({ text: text.slice(start, node.end), start, end: node.end });
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

export interface Range {
  readonly start: number;
  readonly end: number;
  /** The text the fix puts there. */
  readonly newText: string;
}

/**
 * The literals a fix changed: those of `before` outside the fixed ranges that `after` no longer has, and
 * those of `after` that neither `before` had nor a fix wrote (a fix may move a literal inside the range it
 * replaces, or write one of its own). Empty when every literal survived as written.
 */
export function changedLiterals(fileName: string, before: string, after: string, fixed: readonly Range[]): { lost: string[]; added: string[] } {
  const inFixed = (l: Literal) => fixed.some((r) => l.start < r.end && r.start < l.end);
  const original = literalsOf(fileName, before);
  const kept = original.filter((l) => !inFixed(l)).map((l) => l.text);
  const now = literalsOf(fileName, after).map((l) => l.text);
  const lost = excess(now, kept);
  // What may appear beyond the kept ones: the literals the fixes replaced (moved) and those they wrote.
  const written = fixed.flatMap((r) => literalsOf(fileName, r.newText).map((l) => l.text));
  const moved = original.filter(inFixed).map((l) => l.text);
  const added = excess([...kept, ...moved, ...written], now);
  return { lost, added };
}
