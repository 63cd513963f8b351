import { ts } from '../../typescript';
import { calleeExpression } from './ast';
import { lineMapOf } from './lines';

/** The callee of a call as written, on one line and kept short, for messages: `fs.readFileSync`. */
export function calleeText(call: ts.CallExpression | ts.NewExpression, sourceFile: ts.SourceFile): string {
  const text = calleeExpression(call.expression).getText(sourceFile).replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The 1-based line a node starts on. */
export function lineOf(sourceFile: ts.SourceFile, node: ts.Node): number {
  return lineMapOf(sourceFile).position(node.getStart(sourceFile)).line + 1;
}

/** A name pattern where `*` matches any run of characters and everything else matches itself. */
export function compileNamePattern(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

/** A loop's head, the part to underline: `while (cond)`, `for (...)`, or the `while (cond)` of a do-while. */
export function loopHeadRange(loop: ts.IterationStatement, sourceFile: ts.SourceFile): { start: number; end: number } {
  const children = loop.getChildren(sourceFile);
  const closeParen = children.filter((child) => child.kind === ts.SyntaxKind.CloseParenToken).pop();
  if (ts.isDoStatement(loop)) {
    const whileKeyword = children.find((child) => child.kind === ts.SyntaxKind.WhileKeyword);
    return { start: (whileKeyword ?? loop).getStart(sourceFile), end: closeParen?.end ?? loop.end };
  }
  return { start: loop.getStart(sourceFile), end: closeParen?.end ?? loop.statement.getStart(sourceFile) };
}

/** The first position at or after `position` that is not whitespace. */
export function skipWhitespace(text: string, position: number): number {
  let index = position;
  while (index < text.length && /\s/.test(text[index])) index++;
  return index;
}
