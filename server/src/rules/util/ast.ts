import { ts } from 'ts-morph';
import { checkBudget } from '../../engine/budget';

/** Nodes visited between two looks at the clock. */
const NODES_PER_BUDGET_CHECK = 256;

/**
 * The nodes of the file analyzed last, in document order (depth-first, parents first). Every rule walks
 * the whole file; listing its nodes once and handing the same list to each rule costs one walk instead
 * of one per rule. Source files are immutable (an edit makes a new one), so the list never goes stale,
 * and holding only the last file keeps a batch run's memory flat.
 */
let listed: { sourceFile: ts.SourceFile; nodes: readonly ts.Node[] } | undefined;

/**
 * Walks every node of `root` depth-first without recursion, so deeply nested code cannot overflow
 * the stack, and within the analysis time budget.
 */
export function forEachNode(root: ts.Node, visit: (node: ts.Node) => void): void {
  if (!ts.isSourceFile(root)) {
    walk(root, visit);
    return;
  }
  const nodes = nodesOfFile(root);
  for (let index = 0; index < nodes.length; index++) {
    if (index % NODES_PER_BUDGET_CHECK === NODES_PER_BUDGET_CHECK - 1) checkBudget();
    visit(nodes[index]);
  }
}

function nodesOfFile(sourceFile: ts.SourceFile): readonly ts.Node[] {
  if (listed?.sourceFile !== sourceFile) {
    const nodes: ts.Node[] = [];
    walk(sourceFile, (node) => nodes.push(node));
    listed = { sourceFile, nodes };
  }
  return listed.nodes;
}

function walk(root: ts.Node, visit: (node: ts.Node) => void): void {
  const stack: ts.Node[] = [root];
  const push = (child: ts.Node) => {
    stack.push(child);
  };
  let visited = 0;
  while (stack.length > 0) {
    if (++visited % NODES_PER_BUDGET_CHECK === 0) checkBudget();
    const node = stack.pop()!;
    visit(node);
    // Children go on the stack in reverse, so that the first child comes off first.
    const first = stack.length;
    ts.forEachChild(node, push);
    for (let low = first, high = stack.length - 1; low < high; low++, high--) {
      const swap = stack[low];
      stack[low] = stack[high];
      stack[high] = swap;
    }
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
