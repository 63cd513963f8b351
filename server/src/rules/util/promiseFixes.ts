import { ts } from '../../typescript';
import type { TextEdit } from '../types';
import { lineIndent, styledCode } from './fixText';

/** Whether a file's code may carry type annotations. */
export function isTypeScriptFile(sourceFile: ts.SourceFile): boolean {
  return /\.(ts|tsx|mts|cts)$/i.test(sourceFile.fileName);
}

/**
 * The text of a rejection handler that reports the error, for `.catch(...)` fixes: it logs to
 * `console.error`, so the failure is seen instead of becoming an unhandled rejection. Undefined when
 * `console` is not declared for the file (no DOM or Node types), where the fix would not type-check.
 * Written with `\n` and two-space indentation: styledCode puts it in the file's style.
 */
export function errorReporterText(checker: ts.TypeChecker, sourceFile: ts.SourceFile, location: ts.Node): string | undefined {
  if (!checker.resolveName('console', location, ts.SymbolFlags.Value, false)) return undefined;
  return isTypeScriptFile(sourceFile) ? '(error: unknown) => {\n  console.error(error);\n}' : '(error) => {\n  console.error(error);\n}';
}

/**
 * Whether `expression.member` can be written after the expression without parentheses: TypeScript's
 * factory decides, as when it builds the access (an optional chain is continued, as written).
 */
export function isMemberAccessTarget(expression: ts.Expression): boolean {
  const access = ts.isOptionalChain(expression)
    ? ts.factory.createPropertyAccessChain(expression, undefined, 'catch')
    : ts.factory.createPropertyAccessExpression(expression, 'catch');
  // The factory returns the expression itself unless it had to wrap it.
  return access.expression === expression;
}

/** Edits that turn `expression` into `expression.catch(handler)`, adding parentheses where precedence needs them. */
export function appendCatchEdits(sourceFile: ts.SourceFile, expression: ts.Expression, handler: string): TextEdit[] {
  const indent = lineIndent(sourceFile, expression.getStart(sourceFile));
  const call = `.catch(${styledCode(sourceFile, handler, indent)})`;
  if (isMemberAccessTarget(expression)) {
    return [{ start: expression.end, end: expression.end, newText: call }];
  }
  const start = expression.getStart(sourceFile);
  return [
    { start, end: start, newText: '(' },
    { start: expression.end, end: expression.end, newText: `)${call}` },
  ];
}
