import { ts } from '../../typescript';
// The walk lives in base/ (the engine uses it too); rules take it from here with the other node helpers.
export { forEachNode, forEachNodeOfKinds } from '../../base/walk';

/** For forEachNodeOfKinds (and RuleContext.forEachNodeInScope): just the calls. */
export const CALLS: ReadonlySet<ts.SyntaxKind> = new Set([ts.SyntaxKind.CallExpression]);

export function skipParentheses(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/**
 * The function a call's callee expression names, without parentheses and without the `(0, f)` that
 * Babel and TypeScript emit around an imported function (`(0, fs_1.readFileSync)(p)` calls
 * `fs_1.readFileSync` with no `this`).
 */
export function calleeExpression(callee: ts.Expression): ts.Expression {
  const expression = skipParentheses(callee);
  if (
    ts.isBinaryExpression(expression) &&
    expression.operatorToken.kind === ts.SyntaxKind.CommaToken &&
    ts.isNumericLiteral(expression.left) &&
    expression.left.text === '0'
  ) {
    return skipParentheses(expression.right);
  }
  return expression;
}

/** The nearest function-like node that contains `node`, or undefined at module level. */
export function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return current;
    if (ts.isClassStaticBlockDeclaration(current)) return undefined;
  }
  return undefined;
}

/**
 * How an expression is changed where it stands (parentheses around it skipped): assigned with `=`,
 * updated (`+=` and the other compound assignments, `++`, `--`: read, then written), or deleted.
 * Undefined when it is only read here, destructuring targets included (callers that care walk the pattern).
 */
export function changeAt(node: ts.Expression): 'assign' | 'update' | 'delete' | undefined {
  let current: ts.Node = node;
  while (ts.isParenthesizedExpression(current.parent)) current = current.parent;
  const parent = current.parent;
  if (ts.isBinaryExpression(parent) && parent.left === current && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
    return parent.operatorToken.kind === ts.SyntaxKind.EqualsToken ? 'assign' : 'update';
  }
  if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)) {
    return 'update';
  }
  return ts.isDeleteExpression(parent) ? 'delete' : undefined;
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

/** The node that names a callee: `f` of `f()`, `m` of `a.m()` and of `a['m']()`. */
export function calleeNameNode(callee: ts.Expression): ts.Node | undefined {
  if (ts.isIdentifier(callee)) return callee;
  if (ts.isPropertyAccessExpression(callee)) return callee.name;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression;
  return undefined;
}
