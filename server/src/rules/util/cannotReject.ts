import { ts } from '../../typescript';
import { isAsyncFunction, skipParentheses } from './ast';
import { calledDeclaration } from './declarations';
import type { PromiseTypes } from './promiseTypes';

/**
 * Whether an async function handles every error of its own, so that its promise cannot reject: each
 * `await` (and `for await`) sits in the `try` block of a `try/catch` whose `catch` clause hands the error
 * on (to a callback, a `reject`, a `destroy`) without throwing or awaiting, and the statements outside
 * those `try` blocks (set-up before them, the `catch` and `finally` clauses, what follows) contain no
 * `throw`, no `await` of a promise that may reject, and no `return` of a value that may be a promise.
 * Those plain statements are taken not to throw on their own: the evidence looked for is the author's
 * error handling around the asynchronous work, not a proof about every call.
 */
export function asyncBodyCannotReject(
  program: ts.Program,
  checker: ts.TypeChecker,
  promiseTypes: PromiseTypes,
  fn: ts.Node,
  call?: ts.CallExpression,
): boolean {
  if (!isAsyncFunction(fn)) return false;
  const declaration = fn as ts.FunctionLikeDeclaration;
  if (!declaration.body || !ts.isBlock(declaration.body) || declaration.asteriskToken) return false;
  const judge = new Judge(program, checker, promiseTypes, call ? literalTruthiness(checker, declaration, call) : new Map());
  // Parameters are bound inside the async function: destructuring an argument, or a default value, may throw there.
  const plainParameters = declaration.parameters.every((parameter) => ts.isIdentifier(parameter.name) && (!parameter.initializer || judge.isQuiet(parameter.initializer)));
  return plainParameters && judge.settles(declaration.body);
}

/**
 * The truthiness of the parameters a call gives a literal (`run(params, false)`) or leaves out, so that
 * `if (recursive) return result` is known not to run for that call.
 */
function literalTruthiness(checker: ts.TypeChecker, fn: ts.FunctionLikeDeclaration, call: ts.CallExpression): Map<ts.Symbol, boolean> {
  const known = new Map<ts.Symbol, boolean>();
  if (call.arguments.some((argument) => ts.isSpreadElement(argument))) return known;
  fn.parameters.forEach((parameter, index) => {
    if (!ts.isIdentifier(parameter.name) || parameter.dotDotDotToken) return;
    const symbol = checker.getSymbolAtLocation(parameter.name);
    const argument = call.arguments[index] && skipParentheses(call.arguments[index]);
    let truthy: boolean | undefined;
    if (!argument) truthy = parameter.initializer ? undefined : false;
    else if (argument.kind === ts.SyntaxKind.TrueKeyword) truthy = true;
    else if (argument.kind === ts.SyntaxKind.FalseKeyword || argument.kind === ts.SyntaxKind.NullKeyword) truthy = false;
    if (symbol && truthy !== undefined) known.set(symbol, truthy);
  });
  return known;
}

/** Whether a synchronous function (a `.then` callback, a Promise executor) contains nothing that throws by itself. */
export function syncBodyCannotThrow(program: ts.Program, checker: ts.TypeChecker, promiseTypes: PromiseTypes, fn: ts.Node): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn) && !ts.isFunctionDeclaration(fn)) return false;
  if (isAsyncFunction(fn) || fn.asteriskToken || !fn.body) return false;
  return new Judge(program, checker, promiseTypes).isQuiet(fn.body);
}

class Judge {
  constructor(
    private readonly program: ts.Program,
    private readonly checker: ts.TypeChecker,
    private readonly promiseTypes: PromiseTypes,
    private readonly parameterTruthiness: ReadonlyMap<ts.Symbol, boolean> = new Map(),
  ) {}

  /** A statement after which the function's promise has not rejected. */
  settles(statement: ts.Statement): boolean {
    if (ts.isBlock(statement)) return statement.statements.every((inner) => this.settles(inner));
    if (ts.isIfStatement(statement)) {
      const value = this.conditionValue(statement.expression);
      if (value !== undefined) return value ? this.settles(statement.thenStatement) : !statement.elseStatement || this.settles(statement.elseStatement);
      return this.isQuiet(statement.expression) && this.settles(statement.thenStatement) && (!statement.elseStatement || this.settles(statement.elseStatement));
    }
    if (ts.isTryStatement(statement)) {
      if (statement.finallyBlock && !this.isQuiet(statement.finallyBlock)) return false;
      // Without a catch clause, the try block itself must settle.
      if (!statement.catchClause) return this.settles(statement.tryBlock);
      return this.isQuiet(statement.catchClause.block) && this.returnsNoPromise(statement.tryBlock);
    }
    return this.isQuiet(statement);
  }

  /** `flag` or `!flag` for a parameter whose truthiness the call fixes. */
  private conditionValue(condition: ts.Expression): boolean | undefined {
    const expression = skipParentheses(condition);
    if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) {
      const inner = this.conditionValue(expression.operand);
      return inner === undefined ? undefined : !inner;
    }
    if (!ts.isIdentifier(expression)) return undefined;
    const symbol = this.checker.getSymbolAtLocation(expression);
    return symbol ? this.parameterTruthiness.get(symbol) : undefined;
  }

  /** No throw, no await that may reject, no promise returned: code that rejects only if a call in it throws. */
  isQuiet(root: ts.Node): boolean {
    let quiet = true;
    const visit = (node: ts.Node): void => {
      if (!quiet) return;
      // Nested functions run later (or never): what they do is not this body's outcome.
      if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
      if (ts.isThrowStatement(node) || ts.isYieldExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) quiet = false;
      else if (ts.isAwaitExpression(node) && !this.isNeverRejectingCall(node.expression)) quiet = false;
      else if (ts.isReturnStatement(node) && node.expression && this.mayBePromise(node.expression)) quiet = false;
      else ts.forEachChild(node, visit);
    };
    visit(root);
    return quiet;
  }

  /** `try { return promise } catch {}`: the catch clause does not see a returned promise's rejection. */
  private returnsNoPromise(block: ts.Block): boolean {
    let ok = true;
    const visit = (node: ts.Node): void => {
      if (!ok || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression && this.mayBePromise(node.expression)) ok = false;
      else if (ts.isIfStatement(node) && this.conditionValue(node.expression) !== undefined) {
        visit(this.conditionValue(node.expression) ? node.thenStatement : (node.elseStatement ?? node.expression));
      } else ts.forEachChild(node, visit);
    };
    visit(block);
    return ok;
  }

  private mayBePromise(expression: ts.Expression): boolean {
    const value = skipParentheses(expression);
    if (isNeverThenableSyntax(value)) return false;
    if (this.promiseTypes.awaitability(this.checker.getTypeAtLocation(value), value) === 'never') return false;
    return !ts.isIdentifier(value) || !this.holdsNoPromise(value);
  }

  /**
   * A local variable whose every assigned value is null, undefined, an awaited value or a value whose type
   * is no promise: an untyped `let response = null` that later holds `await fetchIt()` returns no promise.
   */
  private holdsNoPromise(name: ts.Identifier): boolean {
    const symbol = this.checker.getSymbolAtLocation(name);
    const declaration = symbol?.valueDeclaration;
    if (!symbol || !declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return false;
    const scope = ts.findAncestor(declaration, (node) => ts.isFunctionLike(node) || ts.isSourceFile(node));
    if (!scope || ts.isSourceFile(scope)) return false;
    const values: ts.Expression[] = declaration.initializer ? [declaration.initializer] : [];
    let other = false;
    const visit = (node: ts.Node): void => {
      if (other) return;
      if (ts.isBinaryExpression(node) && ts.isIdentifier(skipParentheses(node.left)) && this.checker.getSymbolAtLocation(skipParentheses(node.left)) === symbol) {
        if (node.operatorToken.kind === ts.SyntaxKind.EqualsToken) values.push(node.right);
        else if (node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) other = true;
      }
      ts.forEachChild(node, visit);
    };
    visit(scope);
    return !other && values.every((value) => this.isNoPromiseValue(value, 0));
  }

  private isNoPromiseValue(expression: ts.Expression, depth: number): boolean {
    const value = skipParentheses(expression);
    if (isNeverThenableSyntax(value)) return true;
    // `a = b = make()`: the value is the innermost right-hand side.
    if (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken && depth < 4) return this.isNoPromiseValue(value.right, depth + 1);
    return this.promiseTypes.awaitability(this.checker.getTypeAtLocation(value), value) === 'never';
  }

  /**
   * `await sleep(ms)` where `sleep` returns `new Promise((resolve) => ...)`: an executor that takes no
   * `reject` and throws nothing by itself settles only by resolving.
   */
  private isNeverRejectingCall(expression: ts.Expression): boolean {
    const call = skipParentheses(expression);
    if (!ts.isCallExpression(call)) return false;
    const callee = calledDeclaration(this.checker, call);
    if (!callee || !(ts.isFunctionDeclaration(callee) || ts.isArrowFunction(callee) || ts.isFunctionExpression(callee))) return false;
    if (isAsyncFunction(callee) || callee.asteriskToken || !callee.body) return false;
    let result: ts.Expression | undefined;
    if (!ts.isBlock(callee.body)) result = callee.body;
    else if (callee.body.statements.length === 1 && ts.isReturnStatement(callee.body.statements[0])) result = callee.body.statements[0].expression;
    const created = result && skipParentheses(result);
    if (!created || !ts.isNewExpression(created) || !this.isBuiltinPromiseConstructor(created.expression)) return false;
    const executor = created.arguments?.length === 1 ? skipParentheses(created.arguments[0]) : undefined;
    if (!executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor)) || executor.parameters.length > 1) return false;
    return syncBodyCannotThrow(this.program, this.checker, this.promiseTypes, executor);
  }

  private isBuiltinPromiseConstructor(expression: ts.Expression): boolean {
    const constructor = skipParentheses(expression);
    if (!ts.isIdentifier(constructor)) return false;
    const declarations = this.checker.getSymbolAtLocation(constructor)?.getDeclarations() ?? [];
    return declarations.length > 0 && declarations.every((declaration) => this.program.isSourceFileDefaultLibrary(declaration.getSourceFile()));
  }
}

/** Values that are never thenable by their syntax: null, undefined, literals, and awaited values (await unwraps every thenable). */
function isNeverThenableSyntax(value: ts.Expression): boolean {
  return (
    ts.isAwaitExpression(value) ||
    value.kind === ts.SyntaxKind.NullKeyword ||
    value.kind === ts.SyntaxKind.TrueKeyword ||
    value.kind === ts.SyntaxKind.FalseKeyword ||
    ts.isLiteralExpression(value) ||
    ts.isVoidExpression(value) ||
    (ts.isIdentifier(value) && value.text === 'undefined')
  );
}
