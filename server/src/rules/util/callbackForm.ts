import { ts } from '../../typescript';
import { isAsyncFunction, skipParentheses } from './ast';
import { readCodeOf } from './crossFileReads';
import { calledDeclaration } from './declarations';
import type { PromiseTypes } from './promiseTypes';

/**
 * A JavaScript function with a callback form and a promise form, called with a callback:
 * `function request(opts, callback) { if (callback === undefined) return new Promise(...); ... }`
 * called as `request(opts, done)` or `request.call(this, opts, done)`. The checker infers the
 * function's return type from all its returns, so the call looks like it yields a promise; this one
 * returns only from the returns that a function-valued callback can reach. True when every return
 * of a value that may be a promise sits in a branch that a function passed by this call rules out.
 */
export function callsCallbackForm(program: ts.Program, checker: ts.TypeChecker, promiseTypes: PromiseTypes, call: ts.CallExpression): boolean {
  const target = calledFunction(program, checker, call);
  if (!target) return false;
  const { fn, args } = target;
  // Only inferred returns: a declared return type (or JSDoc @returns) is the author's word.
  if (!(fn.flags & ts.NodeFlags.JavaScriptFile) || fn.type || ts.getJSDocReturnType(fn)) return false;
  if (isAsyncFunction(fn) || fn.asteriskToken || !fn.body || !ts.isBlock(fn.body)) return false;
  readCodeOf(fn);
  const functionParameters = new Set<ts.Symbol>();
  fn.parameters.forEach((parameter, index) => {
    const argument = args[index];
    if (!argument || ts.isSpreadElement(argument) || !ts.isIdentifier(parameter.name) || parameter.dotDotDotToken) return;
    if (!isFunctionForSure(checker, argument)) return;
    const symbol = checker.getSymbolAtLocation(parameter.name);
    if (symbol && staysAFunction(checker, fn.body as ts.Block, symbol)) functionParameters.add(symbol);
  });
  if (functionParameters.size === 0) return false;
  let promiseReturns = 0;
  let allRuledOut = true;
  forEachOwnReturn(fn.body, (statement) => {
    if (!statement.expression || promiseTypes.awaitability(checker.getTypeAtLocation(statement.expression), statement.expression) === 'never') return;
    promiseReturns++;
    if (!isRuledOut(checker, statement, fn, functionParameters)) allRuledOut = false;
  });
  return promiseReturns > 0 && allRuledOut;
}

/** The function a call runs and the arguments its parameters receive (`f.call(thisArg, ...args)` included). */
function calledFunction(
  program: ts.Program,
  checker: ts.TypeChecker,
  call: ts.CallExpression,
): { fn: ts.FunctionLikeDeclaration; args: readonly ts.Expression[] } | undefined {
  const callee = skipParentheses(call.expression);
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'call') {
    const called = calledDeclaration(checker, call);
    if (called && program.isSourceFileDefaultLibrary(called.getSourceFile())) {
      const signatures = checker.getTypeAtLocation(callee.expression).getCallSignatures();
      const fn = signatures.length === 1 ? signatures[0].getDeclaration() : undefined;
      return fn && isFunctionWithBody(fn) ? { fn, args: call.arguments.slice(1) } : undefined;
    }
  }
  const fn = calledDeclaration(checker, call);
  return fn && isFunctionWithBody(fn) ? { fn, args: call.arguments } : undefined;
}

function isFunctionWithBody(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)) && node.body !== undefined;
}

/** A value whose every type is callable: never undefined, null or any. */
function isFunctionForSure(checker: ts.TypeChecker, argument: ts.Expression): boolean {
  const type = checker.getTypeAtLocation(argument);
  const parts = type.isUnion() ? type.types : [type];
  return parts.every((part) => !(part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) && part.getCallSignatures().length > 0);
}

/** The parameter is assigned only other functions: `if (typeof err === 'function') { callback = err }`. */
function staysAFunction(checker: ts.TypeChecker, body: ts.Block, parameter: ts.Symbol): boolean {
  let stays = true;
  const visit = (node: ts.Node): void => {
    if (!stays) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const target = skipParentheses(node.left);
      if (ts.isIdentifier(target) && checker.getSymbolAtLocation(target) === parameter) {
        if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !isGuardedFunction(checker, node.right)) stays = false;
      } else if (!ts.isIdentifier(target) && !ts.isPropertyAccessExpression(target) && !ts.isElementAccessExpression(target)) {
        // A destructuring assignment might write the parameter: give up.
        stays = false;
      }
    } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && ts.isIdentifier(node.operand) && checker.getSymbolAtLocation(node.operand) === parameter) {
      stays = false;
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return stays;
}

/** An identifier read inside `if (typeof x === 'function') { ... }`, or a value the checker knows is callable. */
function isGuardedFunction(checker: ts.TypeChecker, value: ts.Expression): boolean {
  const expression = skipParentheses(value);
  if (isFunctionForSure(checker, expression)) return true;
  if (!ts.isIdentifier(expression)) return false;
  const symbol = checker.getSymbolAtLocation(expression);
  for (let node: ts.Node = expression; !ts.isFunctionLike(node) && !ts.isSourceFile(node); node = node.parent) {
    const parent = node.parent;
    if (ts.isIfStatement(parent) && parent.thenStatement === node && symbol && valueWhenFunction(checker, parent.expression, new Set([symbol])) === true) return true;
  }
  return false;
}

/** Return statements of the function itself, not of functions nested in it. */
function forEachOwnReturn(body: ts.Node, visit: (statement: ts.ReturnStatement) => void): void {
  const walk = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node)) visit(node);
    ts.forEachChild(node, walk);
  };
  ts.forEachChild(body, walk);
}

/** The return sits in an if-branch that cannot run when the parameters hold functions. */
function isRuledOut(checker: ts.TypeChecker, statement: ts.Node, fn: ts.Node, parameters: ReadonlySet<ts.Symbol>): boolean {
  for (let node = statement; node !== fn; node = node.parent) {
    const parent = node.parent;
    if (!ts.isIfStatement(parent)) continue;
    const value = valueWhenFunction(checker, parent.expression, parameters);
    if ((parent.thenStatement === node && value === false) || (parent.elseStatement === node && value === true)) return true;
  }
  return false;
}

/** The value of a condition when the parameters hold functions, or undefined when it depends on more. */
function valueWhenFunction(checker: ts.TypeChecker, condition: ts.Expression, parameters: ReadonlySet<ts.Symbol>): boolean | undefined {
  const expression = skipParentheses(condition);
  const isParameter = (node: ts.Expression): boolean => {
    const inner = skipParentheses(node);
    const symbol = ts.isIdentifier(inner) ? checker.getSymbolAtLocation(inner) : undefined;
    return symbol !== undefined && parameters.has(symbol);
  };
  if (isParameter(expression)) return true;
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = valueWhenFunction(checker, expression.operand, parameters);
    return inner === undefined ? undefined : !inner;
  }
  if (!ts.isBinaryExpression(expression)) return undefined;
  const operator = expression.operatorToken.kind;
  if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) {
    const left = valueWhenFunction(checker, expression.left, parameters);
    const right = valueWhenFunction(checker, expression.right, parameters);
    const and = operator === ts.SyntaxKind.AmpersandAmpersandToken;
    if (left === !and || right === !and) return !and;
    return left === and && right === and ? and : undefined;
  }
  const equal = operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken;
  const notEqual = operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken;
  if (!equal && !notEqual) return undefined;
  const sameWhenFunction = comparedWhenFunction(expression.left, expression.right, isParameter) ?? comparedWhenFunction(expression.right, expression.left, isParameter);
  return sameWhenFunction === undefined ? undefined : sameWhenFunction === equal;
}

/** Whether `subject === other` holds for a function: `typeof cb === 'function'` does, `cb === undefined` does not. */
function comparedWhenFunction(
  subject: ts.Expression,
  other: ts.Expression,
  isParameter: (node: ts.Expression) => boolean,
): boolean | undefined {
  const left = skipParentheses(subject);
  const right = skipParentheses(other);
  if (ts.isTypeOfExpression(left) && isParameter(left.expression) && ts.isStringLiteralLike(right)) return right.text === 'function';
  if (!isParameter(left)) return undefined;
  const isUndefined = (ts.isIdentifier(right) && right.text === 'undefined') || ts.isVoidExpression(right);
  return right.kind === ts.SyntaxKind.NullKeyword || isUndefined ? false : undefined;
}
