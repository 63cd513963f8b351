import { ts } from '../../typescript';
import { isAsyncFunction, skipParentheses } from './ast';
import { argumentsForParameter, namedParameter } from './callSites';
import { readCodeOf } from './crossFileReads';
import { calledDeclaration, isDefaultLibrarySymbol, isPlatformFile, moduleOfDeclaration } from './declarations';
import { declarationWithBody } from './implementations';
import { callNeverRejects } from './neverRejecting';
import { unionParts, type PromiseTypes } from './promiseTypes';

/**
 * The one reading of "this promise cannot reject" that the promise rules share: floating-promise asks
 * it of a dropped call (`asyncBodyCannotReject`), misused-promise of a function given to a slot that
 * drops its promise (`functionCannotReject`), and both of the callbacks chained on such promises
 * (`syncBodyCannotThrow`).
 *
 * Whether an async function handles every error of its own, so that its promise cannot reject: each
 * statement of its body either cannot throw (`cannotThrow`: declarations, comparisons, assignments,
 * property reads of present values, asserts, listener registration, timers, and the project's own
 * synchronous functions whose bodies cannot throw), or is a `try/catch` whose `catch` clause hands the
 * error on (to a callback, a `reject`, a `destroy`) without throwing, awaiting or returning a promise,
 * or a `try` whose `finally` ends the process (Node's `process.exit`) before anything can surface.
 * The try block may do anything except return a promise (its rejection would skip the catch clause).
 * A function that the project's declaration file declares is judged by its body in the JavaScript
 * beside it (see implementationOf).
 */
export function asyncBodyCannotReject(
  program: ts.Program,
  checker: ts.TypeChecker,
  promiseTypes: PromiseTypes,
  declared: ts.Node,
  call?: ts.CallExpression,
): boolean {
  const fn = declarationWithBody(program, declared);
  if (!isAsyncFunction(fn)) return false;
  readCodeOf(fn);
  const declaration = fn as ts.FunctionLikeDeclaration;
  if (!declaration.body || !ts.isBlock(declaration.body) || declaration.asteriskToken) return false;
  const judge = new Judge(program, checker, promiseTypes, call ? literalTruthiness(checker, declaration, call) : new Map());
  // Parameters are bound inside the async function: destructuring an argument, or a default value, may throw there.
  const plainParameters = declaration.parameters.every((parameter) => ts.isIdentifier(parameter.name) && (!parameter.initializer || judge.cannotThrow(parameter.initializer)));
  // The evidence is the function's own error handling: a body with no try/catch is judged by its type, as any other.
  return plainParameters && judge.settles(declaration.body) && judge.handsErrorsOn;
}

/**
 * Whether a function value's promise can never reject, so that a slot dropping it loses nothing: an
 * async function as `asyncBodyCannotReject` reads it, or an arrow that only returns a call
 * (`() => worker.drain()`) of such a function of the project (a package's body, known only by its
 * `.d.ts`, is not read) or of a platform call that cannot reject (`NEVER_REJECTING_CALLS`). The
 * arrow's own throw happens at the call, synchronously: it is no dropped rejection.
 */
export function functionCannotReject(program: ts.Program, checker: ts.TypeChecker, promiseTypes: PromiseTypes, fn: ts.Node): boolean {
  if (isAsyncFunction(fn)) return asyncBodyCannotReject(program, checker, promiseTypes, fn);
  if (!ts.isArrowFunction(fn) || ts.isBlock(fn.body) || !fn.parameters.every((parameter) => ts.isIdentifier(parameter.name) && !parameter.initializer)) return false;
  const returned = skipParentheses(fn.body);
  if (!ts.isCallExpression(returned)) return false;
  if (callNeverRejects(program, checker, returned)) return true;
  const callee = calledDeclaration(checker, returned);
  return callee !== undefined && asyncBodyCannotReject(program, checker, promiseTypes, callee, returned);
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

/** Whether a synchronous function (a `.then` callback, a Promise executor) cannot throw, in the sense of `asyncBodyCannotReject`. */
export function syncBodyCannotThrow(program: ts.Program, checker: ts.TypeChecker, promiseTypes: PromiseTypes, fn: ts.Node): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn) && !ts.isFunctionDeclaration(fn)) return false;
  if (isAsyncFunction(fn) || fn.asteriskToken || !fn.body) return false;
  readCodeOf(fn);
  const judge = new Judge(program, checker, promiseTypes);
  const parametersBind = fn.parameters.every((parameter) => ts.isIdentifier(parameter.name) && (!parameter.initializer || judge.cannotThrow(parameter.initializer)));
  return parametersBind && (ts.isBlock(fn.body) ? fn.body.statements.every((statement) => judge.settles(statement)) : judge.cannotThrow(fn.body));
}

const MAX_CALL_DEPTH = 2;
const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask']);
const LISTENER_METHODS = new Set(['on', 'once', 'off', 'addListener', 'removeListener', 'prependListener', 'prependOnceListener', 'addEventListener', 'removeEventListener']);

class Judge {
  constructor(
    private readonly program: ts.Program,
    private readonly checker: ts.TypeChecker,
    private readonly promiseTypes: PromiseTypes,
    private readonly parameterTruthiness: ReadonlyMap<ts.Symbol, boolean> = new Map(),
  ) {}

  /**
   * A statement after which the function's promise has not rejected: a `try/catch` that hands its error
   * on, or a statement that cannot throw.
   */
  settles(statement: ts.Statement): boolean {
    if (ts.isBlock(statement)) return statement.statements.every((inner) => this.settles(inner));
    if (ts.isFunctionDeclaration(statement) || ts.isEmptyStatement(statement)) return true;
    if (ts.isIfStatement(statement)) {
      const value = this.conditionValue(statement.expression);
      if (value !== undefined) return value ? this.settles(statement.thenStatement) : !statement.elseStatement || this.settles(statement.elseStatement);
      return this.cannotThrow(statement.expression) && this.settles(statement.thenStatement) && (!statement.elseStatement || this.settles(statement.elseStatement));
    }
    if (ts.isTryStatement(statement)) {
      // A finally that ends the process: whatever the try block does, its failure never surfaces.
      if (statement.finallyBlock && this.endsProcess(statement.finallyBlock)) {
        this.handsErrorsOn = true;
        return true;
      }
      if (statement.finallyBlock && !this.settles(statement.finallyBlock)) return false;
      // `catch ({ message })` throws again when what was thrown is null or undefined.
      const binding = statement.catchClause?.variableDeclaration;
      if (binding && !ts.isIdentifier(binding.name)) return false;
      // Without a catch clause, the try block itself must settle.
      if (!statement.catchClause) return this.settles(statement.tryBlock);
      if (!this.handsOn(statement.catchClause.block) || !this.returnsNoPromise(statement.tryBlock)) return false;
      this.handsErrorsOn = true;
      return true;
    }
    if (ts.isReturnStatement(statement)) return !statement.expression || (this.cannotThrow(statement.expression) && !this.mayBePromise(statement.expression));
    if (ts.isExpressionStatement(statement)) return this.cannotThrow(statement.expression);
    if (ts.isVariableStatement(statement)) {
      return statement.declarationList.declarations.every((declaration) => ts.isIdentifier(declaration.name) && (!declaration.initializer || this.cannotThrow(declaration.initializer)));
    }
    return false;
  }

  /** A finally block that reaches Node's `process.exit(...)` through statements that cannot throw. */
  private endsProcess(block: ts.Block): boolean {
    for (const statement of block.statements) {
      if (ts.isExpressionStatement(statement) && this.isProcessExit(skipParentheses(statement.expression))) return true;
      if (!this.settles(statement)) return false;
    }
    return false;
  }

  private isProcessExit(expression: ts.Expression): boolean {
    if (!ts.isCallExpression(expression) || !expression.arguments.every((argument) => !ts.isSpreadElement(argument) && this.cannotThrow(argument))) return false;
    const declaration = calledDeclaration(this.checker, expression);
    if (!declaration || !isPlatformFile(this.program, declaration.getSourceFile())) return false;
    if (!(ts.isMethodSignature(declaration) || ts.isMethodDeclaration(declaration) || ts.isFunctionDeclaration(declaration))) return false;
    if (!declaration.name || !ts.isIdentifier(declaration.name) || declaration.name.text !== 'exit') return false;
    // Node declares it `never`: it does not return, and ends the process rather than throwing.
    const signature = this.checker.getResolvedSignature(expression);
    return signature !== undefined && (this.checker.getReturnTypeOfSignature(signature).flags & ts.TypeFlags.Never) !== 0;
  }

  /**
   * A catch clause that hands the error on: no throw, no await that may reject, no promise returned.
   * Its calls (the callback, `reject`, `destroy` it hands the error to) are the author's error path.
   */
  handsOn(block: ts.Block): boolean {
    return this.isQuiet(block);
  }

  /**
   * An expression that cannot throw: values, comparisons, reads of properties of values that are not
   * null or undefined (an untyped value is taken to be present), assignments, and a few calls that throw
   * only on a broken invariant or a non-function argument: node:assert, listener registration,
   * timers, and the project's own synchronous functions and constructors whose bodies cannot throw.
   */
  cannotThrow(node: ts.Expression, depth = this.depth): boolean {
    const expression = skipParentheses(node);
    const ok = (inner: ts.Expression): boolean => this.cannotThrow(inner, depth);
    if (isNeverThenableSyntax(expression) && !ts.isAwaitExpression(expression)) return !ts.isVoidExpression(expression) || ok(expression.expression);
    if (ts.isIdentifier(expression) || expression.kind === ts.SyntaxKind.ThisKeyword || ts.isArrowFunction(expression) || ts.isFunctionExpression(expression)) return true;
    if (ts.isAwaitExpression(expression)) return this.isNeverRejectingCall(expression.expression);
    if (ts.isTypeOfExpression(expression)) return ok(expression.expression);
    if (ts.isPrefixUnaryExpression(expression) || ts.isPostfixUnaryExpression(expression)) {
      if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) return ok(expression.operand);
      return ts.isIdentifier(expression.operand) && this.isPrimitive(expression.operand);
    }
    if (ts.isConditionalExpression(expression)) return ok(expression.condition) && ok(expression.whenTrue) && ok(expression.whenFalse);
    if (ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression)) {
      if (ts.isElementAccessExpression(expression) && !ok(expression.argumentExpression)) return false;
      return ok(expression.expression) && (expression.questionDotToken !== undefined || this.isPresent(expression.expression));
    }
    if (ts.isObjectLiteralExpression(expression)) {
      return expression.properties.every((property) => {
        if (property.name && ts.isComputedPropertyName(property.name) && !ok(property.name.expression)) return false;
        if (ts.isPropertyAssignment(property)) return ok(property.initializer);
        // A spread of null or undefined copies nothing; it does not throw.
        if (ts.isSpreadAssignment(property)) return ok(property.expression);
        return true;
      });
    }
    if (ts.isArrayLiteralExpression(expression)) return expression.elements.every((element) => !ts.isSpreadElement(element) && ok(element));
    if (ts.isBinaryExpression(expression)) return this.binaryCannotThrow(expression, depth);
    if (ts.isCallExpression(expression)) return this.callCannotThrow(expression, depth);
    if (ts.isNewExpression(expression)) return this.constructionCannotThrow(expression, depth);
    return false;
  }

  private binaryCannotThrow(expression: ts.BinaryExpression, depth: number): boolean {
    const operator = expression.operatorToken.kind;
    const ok = (inner: ts.Expression): boolean => this.cannotThrow(inner, depth);
    switch (operator) {
      case ts.SyntaxKind.AmpersandAmpersandToken:
      case ts.SyntaxKind.BarBarToken:
      case ts.SyntaxKind.QuestionQuestionToken:
      case ts.SyntaxKind.CommaToken:
      case ts.SyntaxKind.EqualsEqualsEqualsToken:
      case ts.SyntaxKind.ExclamationEqualsEqualsToken:
        return ok(expression.left) && ok(expression.right);
      case ts.SyntaxKind.EqualsToken: {
        const target = skipParentheses(expression.left);
        if (ts.isIdentifier(target)) return ok(expression.right);
        if (!ts.isPropertyAccessExpression(target) && !ts.isElementAccessExpression(target)) return false;
        return ok(target) && ok(expression.right);
      }
      default:
        // Arithmetic, comparisons and loose equality convert objects (which may throw); on primitives they do not.
        if (operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment && !ts.isIdentifier(skipParentheses(expression.left))) return false;
        return ok(expression.left) && ok(expression.right) && this.isPrimitive(expression.left) && this.isPrimitive(expression.right);
    }
  }

  private callCannotThrow(call: ts.CallExpression, depth: number): boolean {
    if (call.arguments.some((argument) => ts.isSpreadElement(argument) || !this.cannotThrow(argument, depth))) return false;
    const callee = skipParentheses(call.expression);
    if ((ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) && !this.cannotThrow(callee.expression, depth)) return false;
    const declaration = calledDeclaration(this.checker, call);
    if (!declaration) return false;
    const module = moduleOfDeclaration(this.program, declaration);
    // An assertion states an invariant of the code: its failure is a bug, not an error to hand on.
    if (module === 'assert' || module === 'assert/strict') return true;
    const declaredName = ts.getNameOfDeclaration(declaration);
    const name = declaredName && ts.isIdentifier(declaredName) ? declaredName.text : undefined;
    if (isPlatformFile(this.program, declaration.getSourceFile())) {
      // Timers and listener registration throw only when given something that is not a function.
      if (name && TIMERS.has(name)) return call.arguments.length > 0 && this.isFunction(call.arguments[0]);
      if (name && LISTENER_METHODS.has(name)) return call.arguments.length >= 2 && this.isFunction(call.arguments[1]);
      return false;
    }
    if (module !== undefined || depth >= MAX_CALL_DEPTH) return false;
    return this.ownBodyCannotThrow(declaration, call.arguments, depth + 1);
  }

  private constructionCannotThrow(construction: ts.NewExpression, depth: number): boolean {
    const args = construction.arguments ?? [];
    if (args.some((argument) => ts.isSpreadElement(argument) || !this.cannotThrow(argument, depth))) return false;
    const declared = calledDeclaration(this.checker, construction);
    const declaration = declared && declarationWithBody(this.program, declared);
    if (!declaration || !ts.isConstructorDeclaration(declaration) || depth >= MAX_CALL_DEPTH) return false;
    readCodeOf(declaration);
    const owner = declaration.parent;
    // A base class's constructor runs too, and field initializers run before this body.
    if (owner.heritageClauses?.some((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)) return false;
    const fieldsOk = owner.members.every((member) => !ts.isPropertyDeclaration(member) || !member.initializer || this.cannotThrow(member.initializer, depth + 1));
    return fieldsOk && moduleOfDeclaration(this.program, declaration) === undefined && this.ownBodyCannotThrow(declaration, args, depth + 1);
  }

  /** A synchronous function of the project whose parameters bind without throwing and whose body cannot throw. */
  private ownBodyCannotThrow(declared: ts.Declaration, args: readonly ts.Expression[], depth: number): boolean {
    const declaration = declarationWithBody(this.program, declared);
    if (!ts.isFunctionLike(declaration)) return false;
    const fn = declaration as ts.FunctionLikeDeclaration;
    if (!fn.body || !ts.isBlock(fn.body) || isAsyncFunction(fn) || fn.asteriskToken || fn.getSourceFile().isDeclarationFile) return false;
    readCodeOf(fn);
    const parametersBind = fn.parameters.every((parameter, index) => {
      if (parameter.initializer && !this.cannotThrow(parameter.initializer, depth)) return false;
      if (ts.isIdentifier(parameter.name)) return true;
      // `constructor({ a, b })` given an object literal: destructuring it cannot throw.
      const argument = args[index] && skipParentheses(args[index]);
      return ts.isObjectBindingPattern(parameter.name) && argument !== undefined && ts.isObjectLiteralExpression(argument) && parameter.name.elements.every((element) => !element.initializer && !element.dotDotDotToken && ts.isIdentifier(element.name));
    });
    return parametersBind && fn.body.statements.every((statement) => this.settlesAt(statement, depth));
  }

  /** `settles` for a nested function's body, counting its calls towards the depth limit. */
  private settlesAt(statement: ts.Statement, depth: number): boolean {
    const saved = this.depth;
    this.depth = depth;
    try {
      return this.settles(statement);
    } finally {
      this.depth = saved;
    }
  }

  private depth = 0;

  /** Whether a try/catch that hands its error on was seen. */
  handsErrorsOn = false;

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

  private isFunction(argument: ts.Expression): boolean {
    const type = this.checker.getTypeAtLocation(argument);
    return unionParts(type).every((part) => part.getCallSignatures().length > 0);
  }

  /** Not null or undefined; an untyped (any) value is taken to be present. */
  private isPresent(expression: ts.Expression): boolean {
    const type = this.checker.getTypeAtLocation(expression);
    if (type.flags & ts.TypeFlags.Any) return true;
    return unionParts(type).every((part) => !(part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void | ts.TypeFlags.Unknown)));
  }

  private isPrimitive(expression: ts.Expression): boolean {
    const type = this.checker.getTypeAtLocation(skipParentheses(expression));
    const primitive = ts.TypeFlags.NumberLike | ts.TypeFlags.StringLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.Null | ts.TypeFlags.Undefined;
    return unionParts(type).every((part) => (part.flags & primitive) !== 0);
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
    if (ts.isCallExpression(value)) return !this.callsParameterReturningNoPromise(value);
    return !ts.isIdentifier(value) || !this.holdsNoPromise(value);
  }

  /**
   * `return done(result)` where `done` is an untyped parameter: judged by what the function's callers
   * pass for it (see `argumentsForParameter`): each must be a function whose every signature returns no
   * promise (a Promise executor's `resolve`).
   */
  private callsParameterReturningNoPromise(call: ts.CallExpression): boolean {
    const parameter = namedParameter(this.checker, call.expression);
    const passed = parameter && argumentsForParameter(this.checker, parameter);
    return (
      passed !== undefined &&
      passed.every((value) =>
        unionParts(this.checker.getTypeAtLocation(value)).every((part) => {
          const signatures = part.getCallSignatures();
          return signatures.length > 0 && signatures.every((signature) => this.promiseTypes.awaitability(signature.getReturnType(), value) === 'never');
        }),
      )
    );
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
   * `reject` and throws nothing by itself settles only by resolving; so do the platform calls of
   * `NEVER_REJECTING_CALLS` (`await worker.terminate()`).
   */
  private isNeverRejectingCall(expression: ts.Expression): boolean {
    const call = skipParentheses(expression);
    if (!ts.isCallExpression(call)) return false;
    if (callNeverRejects(this.program, this.checker, call)) return true;
    const declared = calledDeclaration(this.checker, call);
    const callee = declared && declarationWithBody(this.program, declared);
    if (!callee || !(ts.isFunctionDeclaration(callee) || ts.isArrowFunction(callee) || ts.isFunctionExpression(callee))) return false;
    if (isAsyncFunction(callee) || callee.asteriskToken || !callee.body) return false;
    readCodeOf(callee);
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
    return ts.isIdentifier(constructor) && isDefaultLibrarySymbol(this.program, this.checker.getSymbolAtLocation(constructor), 'every');
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
