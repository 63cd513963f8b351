import { ts } from '../../typescript';
import { checkBudget } from '../../engine/budget';

/** For forEachNodeOfKinds (and RuleContext.forEachNodeInScope): just the calls. */
export const CALLS: ReadonlySet<ts.SyntaxKind> = new Set([ts.SyntaxKind.CallExpression]);

/** Nodes visited between two looks at the clock. */
const NODES_PER_BUDGET_CHECK = 256;

/**
 * The nodes of the file analyzed last, in document order (depth-first, parents first). Every rule walks
 * the whole file; listing its nodes once and handing the same list to each rule costs one walk instead
 * of one per rule. Source files are immutable (an edit makes a new one), so the list never goes stale,
 * and holding only the last file keeps a batch run's memory flat.
 */
let listed: ListedFile | undefined;

interface ListedFile {
  sourceFile: ts.SourceFile;
  nodes: readonly ts.Node[];
  /** The nodes of each set of kinds asked for (rules ask with the same set objects for every file). */
  ofKinds: Map<ReadonlySet<ts.SyntaxKind>, readonly ts.Node[]>;
}

/** A set of kinds as a table indexed by kind: testing every node of a file against it costs little. */
const kindTables = new WeakMap<ReadonlySet<ts.SyntaxKind>, Uint8Array>();

/**
 * Walks every node of `root` depth-first without recursion, so deeply nested code cannot overflow
 * the stack, and within the analysis time budget.
 */
export function forEachNode(root: ts.Node, visit: (node: ts.Node) => void): void {
  if (!ts.isSourceFile(root)) {
    walk(root, visit);
    return;
  }
  visitAll(listOf(root).nodes, visit);
}

/**
 * forEachNode for the nodes of the given kinds only. Most rules look at a few kinds of node (calls,
 * statements, loops): over a whole file they visit just those, picked once per set of kinds from the
 * node list that all rules share, instead of each rule calling its visitor on every node.
 */
export function forEachNodeOfKinds(root: ts.Node, kinds: ReadonlySet<ts.SyntaxKind>, visit: (node: ts.Node) => void): void {
  if (!ts.isSourceFile(root)) {
    walk(root, (node) => {
      if (kinds.has(node.kind)) visit(node);
    });
    return;
  }
  const file = listOf(root);
  let nodes = file.ofKinds.get(kinds);
  if (!nodes) file.ofKinds.set(kinds, (nodes = nodesOfKinds(file, kinds)));
  visitAll(nodes, visit);
}

function visitAll(nodes: readonly ts.Node[], visit: (node: ts.Node) => void): void {
  for (let index = 0; index < nodes.length; index++) {
    if (index % NODES_PER_BUDGET_CHECK === NODES_PER_BUDGET_CHECK - 1) checkBudget();
    visit(nodes[index]);
  }
}

function listOf(sourceFile: ts.SourceFile): ListedFile {
  if (listed?.sourceFile !== sourceFile) {
    const nodes: ts.Node[] = [];
    walk(sourceFile, (node) => nodes.push(node));
    listed = { sourceFile, nodes, ofKinds: new Map() };
  }
  return listed;
}

/** The file's nodes of the given kinds, in document order. */
function nodesOfKinds(file: ListedFile, kinds: ReadonlySet<ts.SyntaxKind>): ts.Node[] {
  let table = kindTables.get(kinds);
  if (!table) {
    table = new Uint8Array(ts.SyntaxKind.Count);
    for (const kind of kinds) table[kind] = 1;
    kindTables.set(kinds, table);
  }
  const nodes: ts.Node[] = [];
  for (const node of file.nodes) if (table[node.kind] === 1) nodes.push(node);
  return nodes;
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

/** Whether a prefix operator (`await`, `void`) placed before this expression needs parentheses around it: TypeScript's factory decides, as when it builds `await expression`. */
export function needsParenthesesAfterPrefixOperator(expression: ts.Expression): boolean {
  // The factory returns the operand itself unless it had to wrap it.
  return ts.factory.createAwaitExpression(expression).expression !== expression;
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

/** Binary operators whose result is a boolean, number, string or bigint, whatever the operands. */
const NON_THENABLE_OPERATORS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
  ts.SyntaxKind.InstanceOfKeyword,
  ts.SyntaxKind.InKeyword,
  ts.SyntaxKind.PlusToken,
  ts.SyntaxKind.MinusToken,
  ts.SyntaxKind.AsteriskToken,
  ts.SyntaxKind.SlashToken,
  ts.SyntaxKind.PercentToken,
  ts.SyntaxKind.AsteriskAsteriskToken,
  ts.SyntaxKind.AmpersandToken,
  ts.SyntaxKind.BarToken,
  ts.SyntaxKind.CaretToken,
  ts.SyntaxKind.LessThanLessThanToken,
  ts.SyntaxKind.GreaterThanGreaterThanToken,
  ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken,
]);

/** Syntax whose value is a boolean, number, string, bigint, regular expression, null or undefined. */
export function hasPrimitiveValue(expression: ts.Expression): boolean {
  return (
    ts.isLiteralExpression(expression) ||
    ts.isTemplateExpression(expression) ||
    ts.isPrefixUnaryExpression(expression) ||
    ts.isPostfixUnaryExpression(expression) ||
    ts.isTypeOfExpression(expression) ||
    ts.isVoidExpression(expression) ||
    ts.isDeleteExpression(expression) ||
    (ts.isBinaryExpression(expression) && NON_THENABLE_OPERATORS.has(expression.operatorToken.kind)) ||
    expression.kind === ts.SyntaxKind.TrueKeyword ||
    expression.kind === ts.SyntaxKind.FalseKeyword ||
    expression.kind === ts.SyntaxKind.NullKeyword
  );
}
