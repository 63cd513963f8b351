import { ts } from 'ts-morph';
import { checkBudget } from '../../engine/budget';

/** Nodes visited between two looks at the clock. */
const NODES_PER_BUDGET_CHECK = 256;

/**
 * Walks every node of a file depth-first without recursion, so deeply nested code cannot overflow
 * the stack, and within the analysis time budget.
 */
export function forEachNode(root: ts.Node, visit: (node: ts.Node) => void): void {
  const stack: ts.Node[] = [root];
  let visited = 0;
  while (stack.length > 0) {
    if (++visited % NODES_PER_BUDGET_CHECK === 0) checkBudget();
    const node = stack.pop()!;
    visit(node);
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

export function skipParentheses(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** The nearest function-like node that contains `node`, or undefined at module level. */
export function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return current;
    if (ts.isClassStaticBlockDeclaration(current)) return undefined;
  }
  return undefined;
}

export function isAsyncFunction(node: ts.Node | undefined): boolean {
  if (!node || !ts.canHaveModifiers(node)) return false;
  return (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
}

/** True when `node` runs directly in the body of an async function (not in a nested sync function). */
export function isInAsyncFunction(node: ts.Node): boolean {
  return isAsyncFunction(enclosingFunction(node));
}

/** Whether a prefix operator (`await`, `void`) placed before this expression needs parentheses around it. */
export function needsParenthesesAfterPrefixOperator(expression: ts.Expression): boolean {
  return (
    ts.isBinaryExpression(expression) ||
    ts.isConditionalExpression(expression) ||
    ts.isArrowFunction(expression) ||
    ts.isYieldExpression(expression) ||
    ts.isAsExpression(expression) ||
    ts.isSatisfiesExpression(expression)
  );
}

/** Edits that put a prefix operator before an expression, adding parentheses where precedence needs them. */
export function prefixEdits(
  sourceFile: ts.SourceFile,
  expression: ts.Expression,
  prefix: string,
): { start: number; end: number; newText: string }[] {
  const start = expression.getStart(sourceFile);
  if (needsParenthesesAfterPrefixOperator(expression)) {
    return [
      { start, end: start, newText: `${prefix}(` },
      { start: expression.end, end: expression.end, newText: ')' },
    ];
  }
  return [{ start, end: start, newText: prefix }];
}

/** The name of a property access or element access with a literal key: `a.then` and `a['then']` give 'then'. */
export function accessedPropertyName(expression: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  if (ts.isElementAccessExpression(expression) && ts.isStringLiteralLike(expression.argumentExpression)) {
    return expression.argumentExpression.text;
  }
  return undefined;
}
