import { ts } from '../../typescript';
import type { TextEdit } from '../types';

/** Whether a file's code may carry type annotations. */
export function isTypeScriptFile(sourceFile: ts.SourceFile): boolean {
  return /\.(ts|tsx|mts|cts)$/i.test(sourceFile.fileName);
}

/**
 * The text of a rejection handler that reports the error, for `.catch(...)` fixes: it logs to
 * `console.error`, so the failure is seen instead of becoming an unhandled rejection. Undefined when
 * `console` is not declared for the file (no DOM or Node types), where the fix would not type-check.
 */
export function errorReporterText(checker: ts.TypeChecker, sourceFile: ts.SourceFile, location: ts.Node): string | undefined {
  if (!checker.resolveName('console', location, ts.SymbolFlags.Value, false)) return undefined;
  return isTypeScriptFile(sourceFile) ? '(error: unknown) => {\n  console.error(error);\n}' : '(error) => {\n  console.error(error);\n}';
}

/** Indents every line of `text` after the first to `indent`. */
export function indentFollowingLines(text: string, indent: string): string {
  return text.split('\n').join(`\n${indent}`);
}

/** The leading whitespace of the line on which `position` lies. */
export function lineIndent(sourceFile: ts.SourceFile, position: number): string {
  const line = sourceFile.getLineAndCharacterOfPosition(position).line;
  const start = sourceFile.getPositionOfLineAndCharacter(line, 0);
  return /^[ \t]*/.exec(sourceFile.text.slice(start))![0];
}

/** Whether `expression.member` can be written after the expression without parentheses. */
export function isMemberAccessTarget(expression: ts.Expression): boolean {
  return (
    ts.isCallExpression(expression) ||
    ts.isPropertyAccessExpression(expression) ||
    ts.isElementAccessExpression(expression) ||
    ts.isIdentifier(expression) ||
    ts.isParenthesizedExpression(expression) ||
    ts.isTaggedTemplateExpression(expression) ||
    ts.isNonNullExpression(expression) ||
    expression.kind === ts.SyntaxKind.ThisKeyword ||
    (ts.isNewExpression(expression) && expression.arguments !== undefined)
  );
}

/** Edits that turn `expression` into `expression.catch(handler)`, adding parentheses where precedence needs them. */
export function appendCatchEdits(sourceFile: ts.SourceFile, expression: ts.Expression, handler: string): TextEdit[] {
  const indent = lineIndent(sourceFile, expression.getStart(sourceFile));
  const call = `.catch(${indentFollowingLines(handler, indent)})`;
  if (isMemberAccessTarget(expression)) {
    return [{ start: expression.end, end: expression.end, newText: call }];
  }
  const start = expression.getStart(sourceFile);
  return [
    { start, end: start, newText: '(' },
    { start: expression.end, end: expression.end, newText: `)${call}` },
  ];
}
