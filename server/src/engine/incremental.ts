import { ts } from '../typescript';
import { textChange, type TextChange } from '../project/textChange';
import type { Finding, Fix, TextEdit } from '../rules/types';
import { isAsyncFunction } from '../rules/util/ast';

/** The part of a file an edit touched, when the findings elsewhere cannot have changed. */
export interface EditScope {
  /** The body, in the current file, of the function that holds the whole change. */
  node: ts.Block;
  change: TextChange;
}

/**
 * Where a function that no other function encloses sits in a file. An edit parses the file again
 * incrementally, which reuses and moves the old tree's nodes: what a later edit needs to know of the
 * old tree is kept as these offsets, taken while the tree was intact.
 */
export interface FunctionSpan {
  kind: ts.SyntaxKind;
  start: number;
  end: number;
  /** The block body's extent; undefined for an arrow function with an expression body, or no body. */
  body?: { start: number; end: number };
}

/** The analyzed text of a file and where its outermost functions were. */
export interface AnalyzedText {
  text: string;
  functions: readonly FunctionSpan[];
}

/** The outermost functions of a file, in document order. */
export function outermostFunctions(sourceFile: ts.SourceFile): FunctionSpan[] {
  const spans: FunctionSpan[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) {
      const body = (node as ts.FunctionLikeDeclaration).body;
      spans.push({
        kind: node.kind,
        start: node.getStart(sourceFile),
        end: node.end,
        body: body && ts.isBlock(body) ? { start: body.getStart(sourceFile), end: body.end } : undefined,
      });
      return;
    }
    ts.forEachChild(node, visit);
  };
  // Only code outside functions is walked: class and object members, statements, declarations.
  ts.forEachChild(sourceFile, visit);
  return spans;
}

/**
 * Typing re-analyzes a file on every pause; in a long file most of that work re-checks functions the
 * edit did not touch. When an edit stays inside the body of one function whose body cannot change
 * anything the rest of the file sees, only that function needs its findings again.
 *
 * That holds for an async function or method (no rule reads a synchronous helper's body from its
 * callers), at the top of the file's function nesting (the code around a callback decides how it
 * runs), with a declared return type (its callers' types do not depend on its body), in TypeScript
 * (JavaScript infers class members from assignments in bodies), when the edit writes or removes no
 * suppression comment.
 */
export function editScope(previous: AnalyzedText, current: ts.SourceFile): EditScope | undefined {
  if (!isTypeScript(current)) return undefined;
  const change = textChange(previous.text, current.text);
  if (!change) return undefined;
  if (mentionsSuppression(previous.text.slice(change.start, change.oldEnd)) || mentionsSuppression(current.text.slice(change.start, change.newEnd))) {
    return undefined;
  }
  const fn = outermostFunctionAround(current, change.start, change.newEnd);
  if (!fn || !isSelfContained(fn)) return undefined;
  const body = fn.body as ts.Block;
  // The same function before the edit, holding the old side of the change inside its body the same way.
  const delta = change.newEnd - change.oldEnd;
  const before = previous.functions.find((span) => span.start <= change.start && change.oldEnd <= span.end);
  if (!before?.body || before.kind !== fn.kind || before.start !== fn.getStart(current) || before.end + delta !== fn.end) return undefined;
  if (before.body.start !== body.getStart(current) || !(before.body.start < change.start && change.oldEnd < before.body.end)) return undefined;
  return { node: body, change };
}

/**
 * The findings of the current file: the fresh ones inside the scope, and the previous ones elsewhere,
 * moved by the length the edit added or removed (one about the whole function, such as a method that
 * breaks its base class's contract, keeps its start and grows with the body). Undefined when a previous
 * finding or one of its fixes straddles the scope's edge: the whole file must be analyzed then.
 */
export function mergeFindings(previous: readonly Finding[], fresh: readonly Finding[], scope: EditScope, current: ts.SourceFile): Finding[] | undefined {
  const delta = scope.change.newEnd - scope.change.oldEnd;
  const scopeStart = scope.node.getStart(current);
  const oldScopeEnd = scope.node.end - delta;
  const isBefore = (range: { end: number }) => range.end <= scopeStart;
  const isAfter = (range: { start: number }) => range.start >= oldScopeEnd;
  const kept: Finding[] = [];
  for (const finding of previous) {
    if (finding.start >= scopeStart && finding.end <= oldScopeEnd) continue;
    const edits = finding.fixes.flatMap((fix) => fix.edits);
    if (!edits.every((edit) => isBefore(edit) || isAfter(edit))) return undefined;
    // A related place in this file at or after the scope may have moved or changed: analyze the whole file.
    if (finding.related?.some((related) => related.fileName === current.fileName && related.end > scopeStart)) return undefined;
    if (isBefore(finding) || isAfter(finding) || (finding.start <= scopeStart && finding.end >= oldScopeEnd)) kept.push(moved(finding, oldScopeEnd, delta));
    else return undefined;
  }
  const freshInScope = fresh.filter((finding) => finding.start >= scopeStart && finding.end <= scope.node.end);
  return [...kept, ...freshInScope].sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
}

/** The finding with every offset at or after the old end of the scope moved by `delta`. */
function moved(finding: Finding, oldScopeEnd: number, delta: number): Finding {
  if (delta === 0) return finding;
  const move = (offset: number) => (offset >= oldScopeEnd ? offset + delta : offset);
  const moveEdit = (edit: TextEdit): TextEdit => ({ ...edit, start: move(edit.start), end: move(edit.end) });
  const moveFix = (fix: Fix): Fix => ({ ...fix, edits: fix.edits.map(moveEdit) });
  return { ...finding, start: move(finding.start), end: move(finding.end), fixes: finding.fixes.map(moveFix) };
}

/** The function-like node that is not inside another one and whose body's braces hold [start, end). */
function outermostFunctionAround(sourceFile: ts.SourceFile, start: number, end: number): ts.FunctionLikeDeclaration | undefined {
  let node: ts.Node = sourceFile;
  for (;;) {
    const child: ts.Node | undefined = ts.forEachChild(node, (candidate) => (candidate.getStart(sourceFile) <= start && end <= candidate.end ? candidate : undefined));
    if (!child) return undefined;
    if (ts.isFunctionLike(child)) {
      const fn = child as ts.FunctionLikeDeclaration;
      const body = fn.body;
      // Strictly inside the braces: the edit neither touches the head nor the braces themselves.
      if (!body || !ts.isBlock(body) || start <= body.getStart(sourceFile) || end >= body.end) return undefined;
      return fn;
    }
    node = child;
  }
}

function isSelfContained(fn: ts.FunctionLikeDeclaration): boolean {
  return isAsyncFunction(fn) && fn.type !== undefined && fn.asteriskToken === undefined;
}

function isTypeScript(sourceFile: ts.SourceFile): boolean {
  return /\.(?:[cm]?ts|tsx)$/i.test(sourceFile.fileName) && !sourceFile.isDeclarationFile;
}

function mentionsSuppression(text: string): boolean {
  return text.includes('async-pitfalls');
}
