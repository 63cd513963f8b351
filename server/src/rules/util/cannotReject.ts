import { ts } from '../../typescript';
import { calledDeclaration, packageOfFile } from './declarations';

/**
 * Whether the promise a function returns can never reject, read conservatively from its body. A
 * function whose promise nobody awaits loses nothing when that promise cannot reject, so a dropped
 * promise is only worth a report when this answers false.
 *
 * An async function's promise rejects when its body throws. The body cannot throw when each of its
 * statements is one of:
 * - a statement that cannot throw: a declaration or an assignment (to a variable or a field of
 *   `this`) of a plain value (literal, variable, field of `this`, comparisons and logic of those),
 *   `return;`, and `if` and blocks made of such statements;
 * - a `try` whose `catch` handles the error: the catch block throws nothing and awaits nothing, and the
 *   try block returns no promise it does not await (`return p` in a try escapes its catch); any
 *   `finally` is made of statements that cannot throw;
 * - a `try` whose `finally` ends the process (`process.exit(...)` of Node.js, after statements that
 *   cannot throw): whatever the try block does, its failure never surfaces.
 *
 * A function that is not async and only returns a call (`() => worker.stopAndExit()`) returns that
 * call's promise: it cannot reject when the called function, an async function with a body in the
 * program, cannot. (A function known only by a `.d.ts` is not read.)
 *
 * Calls outside a try are never taken to be safe: any of them may throw. A body is read only when it
 * has a try of its own at the top level: one without (`async () => {}`) shows no handling to rely on.
 */
export function cannotReject(program: ts.Program, checker: ts.TypeChecker, fn: ts.Node): boolean {
  return functionCannotReject({ program, checker }, fn, 0);
}

interface Reader {
  program: ts.Program;
  checker: ts.TypeChecker;
}

function functionCannotReject(reader: Reader, fn: ts.Node, depth: number): boolean {
  if (!isFunctionWithBody(fn) || fn.asteriskToken) return false;
  // Parameters bind inside the function: destructuring an argument, or a default value, may throw there.
  if (!fn.parameters.every((parameter) => ts.isIdentifier(parameter.name) && (!parameter.initializer || isPlainValue(reader, parameter.initializer)))) return false;
  const body = fn.body;
  if (isAsync(fn)) {
    // The reading needs a try that guards the work: a body with none (`async () => {}`, a few
    // assignments) shows no thought given to errors, and is left to the caller's judgement.
    return ts.isBlock(body) && body.statements.some(ts.isTryStatement) && body.statements.every((statement) => cannotThrow(reader, statement, true));
  }
  if (depth > 0 || !ts.isArrowFunction(fn) || ts.isBlock(body)) return false;
  // `() => task()`: the arrow's own throw happens at the call, synchronously; its promise is task's.
  const returned = skipParentheses(body);
  if (!ts.isCallExpression(returned)) return false;
  const callee = calledDeclaration(reader.checker, returned);
  return callee !== undefined && !callee.getSourceFile().isDeclarationFile && functionCannotReject(reader, callee, depth + 1);
}

type FunctionWithBody = ts.FunctionLikeDeclaration & { body: ts.ConciseBody };

function isFunctionWithBody(node: ts.Node): node is FunctionWithBody {
  return (
    (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) &&
    node.body !== undefined
  );
}

function isAsync(fn: ts.FunctionLikeDeclaration): boolean {
  return (ts.getModifiers(fn) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
}

function skipParentheses(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** Whether a statement cannot throw; `tryAllowed` admits a try statement that handles what its block throws. */
function cannotThrow(reader: Reader, statement: ts.Statement, tryAllowed: boolean): boolean {
  if (ts.isEmptyStatement(statement)) return true;
  if (ts.isReturnStatement(statement)) return statement.expression === undefined || isLiteral(statement.expression);
  if (ts.isBlock(statement)) return statement.statements.every((inner) => cannotThrow(reader, inner, tryAllowed));
  if (ts.isIfStatement(statement)) {
    return (
      isPlainValue(reader, statement.expression) &&
      cannotThrow(reader, statement.thenStatement, tryAllowed) &&
      (statement.elseStatement === undefined || cannotThrow(reader, statement.elseStatement, tryAllowed))
    );
  }
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.every(
      (declaration) => ts.isIdentifier(declaration.name) && (declaration.initializer === undefined || isPlainValue(reader, declaration.initializer)),
    );
  }
  if (ts.isExpressionStatement(statement)) {
    const expression = skipParentheses(statement.expression);
    return (
      ts.isBinaryExpression(expression) &&
      expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      (ts.isIdentifier(expression.left) || isFieldOfThis(expression.left)) &&
      isPlainValue(reader, expression.right)
    );
  }
  if (ts.isTryStatement(statement) && tryAllowed) return tryCannotThrow(reader, statement);
  return false;
}

function tryCannotThrow(reader: Reader, statement: ts.TryStatement): boolean {
  const { tryBlock, catchClause, finallyBlock } = statement;
  if (finallyBlock && endsProcess(reader, finallyBlock)) return true;
  if (!catchClause || !handles(catchClause.block)) return false;
  // `catch ({ message })` throws again when the error is not an object.
  const binding = catchClause.variableDeclaration;
  if (binding && !ts.isIdentifier(binding.name)) return false;
  if (returnsUnawaited(tryBlock)) return false;
  return finallyBlock === undefined || finallyBlock.statements.every((inner) => cannotThrow(reader, inner, false));
}

/** A catch block that throws nothing and awaits nothing: the error ends there. */
function handles(block: ts.Block): boolean {
  let escapes = false;
  const visit = (node: ts.Node): void => {
    if (escapes || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isThrowStatement(node) || ts.isAwaitExpression(node) || ts.isYieldExpression(node)) {
      escapes = true;
      return;
    }
    // A returned promise settles the async function after the catch is done: its rejection escapes.
    if (ts.isReturnStatement(node) && node.expression && !isLiteral(node.expression)) {
      escapes = true;
      return;
    }
    if (ts.isForOfStatement(node) && node.awaitModifier) {
      escapes = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(block, visit);
  return !escapes;
}

/** Whether a try block returns a value it does not await: `return p` hands p's rejection past the catch. */
function returnsUnawaited(block: ts.Block): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression && !isLiteral(node.expression) && !ts.isAwaitExpression(skipParentheses(node.expression))) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(block, visit);
  return found;
}

/** A finally block that reaches Node's `process.exit(...)` through statements that cannot throw. */
function endsProcess(reader: Reader, block: ts.Block): boolean {
  for (const statement of block.statements) {
    if (ts.isExpressionStatement(statement) && isProcessExit(reader, skipParentheses(statement.expression))) return true;
    if (!cannotThrow(reader, statement, false)) return false;
  }
  return false;
}

function isProcessExit(reader: Reader, expression: ts.Expression): boolean {
  if (!ts.isCallExpression(expression) || !expression.arguments.every((argument) => isPlainValue(reader, argument))) return false;
  const declaration = calledDeclaration(reader.checker, expression);
  if (!declaration || !(ts.isMethodSignature(declaration) || ts.isMethodDeclaration(declaration) || ts.isFunctionDeclaration(declaration))) return false;
  if (!declaration.name || !ts.isIdentifier(declaration.name) || declaration.name.text !== 'exit') return false;
  if (packageOfFile(declaration.getSourceFile().fileName) !== '@types/node') return false;
  // Node declares it `never`: it does not return, and ends the process rather than throwing.
  const signature = reader.checker.getResolvedSignature(expression);
  return signature !== undefined && (reader.checker.getReturnTypeOfSignature(signature).flags & ts.TypeFlags.Never) !== 0;
}

function isFieldOfThis(node: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword && !ts.isPrivateIdentifier(node.name);
}

function isLiteral(node: ts.Expression): boolean {
  const expression = skipParentheses(node);
  switch (expression.kind) {
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
      return true;
    default:
      return ts.isIdentifier(expression) && expression.text === 'undefined';
  }
}

const PLAIN_OPERATORS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandToken,
  ts.SyntaxKind.BarBarToken,
  ts.SyntaxKind.QuestionQuestionToken,
]);

/**
 * A value whose evaluation cannot throw: a literal, a variable, `this` and its fields (read, not
 * called), a field of a global object of the runtime (`process.exitCode`), and `!`, `typeof`, `===`,
 * `!==`, `&&`, `||`, `??` of those. (Loose equality and arithmetic may call user code, and are left out.)
 */
function isPlainValue(reader: Reader, node: ts.Expression): boolean {
  const expression = skipParentheses(node);
  if (isLiteral(expression) || ts.isIdentifier(expression) || expression.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (isFieldOfThis(expression)) return true;
  if (ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.expression)) return isRuntimeGlobal(reader, expression.expression);
  if (ts.isPrefixUnaryExpression(expression)) return expression.operator === ts.SyntaxKind.ExclamationToken && isPlainValue(reader, expression.operand);
  if (ts.isTypeOfExpression(expression)) return isPlainValue(reader, expression.expression);
  if (ts.isBinaryExpression(expression)) {
    return PLAIN_OPERATORS.has(expression.operatorToken.kind) && isPlainValue(reader, expression.left) && isPlainValue(reader, expression.right);
  }
  return false;
}

/** A global the runtime always defines (`process`, `Math`): declared by the default library or Node's types, never shadowed. */
function isRuntimeGlobal(reader: Reader, identifier: ts.Identifier): boolean {
  const declarations = reader.checker.getSymbolAtLocation(identifier)?.getDeclarations() ?? [];
  return (
    declarations.length > 0 &&
    declarations.every((declaration) => {
      const file = declaration.getSourceFile();
      return reader.program.isSourceFileDefaultLibrary(file) || packageOfFile(file.fileName) === '@types/node';
    })
  );
}
