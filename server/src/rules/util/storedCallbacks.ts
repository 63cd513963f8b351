import { ts } from '../../typescript';
import { isAsyncFunction, skipParentheses } from './ast';
import { readCodeOf } from './crossFileReads';
import { calledDeclaration, isProjectFile } from './declarations';
import { declarationWithBody } from './implementations';

/**
 * Whether the function a call passes at `index` gives its promise back to a caller, although the
 * parameter's declared type returns void: the callee is a method whose body (in the project, or in the
 * JavaScript beside the project's declaration file: see implementationOf) only stores the parameter in a
 * private field of its class (`this.handlers[type] = handler`), and every mention of that field in the
 * class's file is a write of a fresh value, or a call of the value read from it whose result an async
 * function returns or awaits (`return this.handlers[info.type]?.(info)`). That async function's promise
 * then adopts the handler's, and its own callers hold it (floating-promise looks at them).
 *
 * Private means `#handlers`, or a `private` member (of the class, or of the declaration file's class for
 * JavaScript): no code outside the class reads it, short of TypeScript's own escape `registry['handlers']`
 * in another file. Any other use of the parameter, any other mention of the field, or a body not in view
 * answers no.
 */
export function storedCallbackIsReturned(program: ts.Program, checker: ts.TypeChecker, call: ts.CallExpression, index: number): boolean {
  if (call.arguments.slice(0, index + 1).some((argument) => ts.isSpreadElement(argument))) return false;
  const declared = calledDeclaration(checker, call);
  if (!declared) return false;
  const method = declarationWithBody(program, declared);
  if (!ts.isMethodDeclaration(method) || !method.body || method.asteriskToken || !isProjectFile(program, method.getSourceFile())) return false;
  // The method's body and its class's file are read (see crossFileReads).
  readCodeOf(method);
  const owner = method.parent;
  if (!ts.isClassDeclaration(owner) && !ts.isClassExpression(owner)) return false;
  const parameter = method.parameters[index];
  if (!parameter || parameter.dotDotDotToken || !ts.isIdentifier(parameter.name)) return false;
  const field = storingField(checker, method, parameter.name);
  if (field === undefined || !isPrivateField(owner, declared, field)) return false;
  return everyMentionHandsBack(owner.getSourceFile(), field, parameter.name.text);
}

/**
 * The name of the field of `this` that the method's body stores the parameter in, when every use of the
 * parameter is such a store (`this.f = p` or `this.f[key] = p`, outside nested functions) into one field.
 */
function storingField(checker: ts.TypeChecker, method: ts.MethodDeclaration, name: ts.Identifier): string | undefined {
  const parameter = checker.getSymbolAtLocation(name);
  if (!parameter || !method.body) return undefined;
  let field: string | undefined;
  let other = false;
  const visit = (node: ts.Node): void => {
    if (other) return;
    if (ts.isIdentifier(node) && checker.getSymbolAtLocation(node) === parameter) {
      const stored = storedInto(node);
      if (stored === undefined || (field !== undefined && stored !== field) || ts.findAncestor(node.parent, (a) => a === method || ts.isFunctionLike(a)) !== method) other = true;
      else field = stored;
      return;
    }
    // A shorthand property names the parameter without an identifier of its own value.
    if (ts.isShorthandPropertyAssignment(node) && checker.getShorthandAssignmentValueSymbol(node) === parameter) other = true;
    ts.forEachChild(node, visit);
  };
  visit(method.body);
  return other ? undefined : field;
}

/** `this.f = value` or `this.f[key] = value` as a statement: the field's name. */
function storedInto(value: ts.Identifier): string | undefined {
  const assignment = value.parent;
  if (!ts.isBinaryExpression(assignment) || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken || assignment.right !== value) return undefined;
  if (!ts.isExpressionStatement(assignment.parent)) return undefined;
  let target = skipParentheses(assignment.left);
  if (ts.isElementAccessExpression(target)) target = skipParentheses(target.expression);
  return ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword ? target.name.text : undefined;
}

/** `#f`, or a field that the class (or, for JavaScript, the declaration file's class) declares `private`. */
function isPrivateField(owner: ts.ClassLikeDeclaration, declared: ts.Node, field: string): boolean {
  if (field.startsWith('#')) return true;
  const privateIn = (members: ts.NodeArray<ts.ClassElement>) => {
    const declarations = members.filter((member) => member.name !== undefined && ts.isIdentifier(member.name) && member.name.text === field);
    return declarations.length > 0 && declarations.every((member) => ts.isPropertyDeclaration(member) && (ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Private) !== 0);
  };
  if (!isJavaScript(owner)) return privateIn(owner.members);
  // JavaScript has no `private`: the declaration file emitted beside it says which members are.
  return ts.isClassDeclaration(declared.parent) && declared.getSourceFile().isDeclarationFile && privateIn(declared.parent.members);
}

function isJavaScript(node: ts.Node): boolean {
  return (node.flags & ts.NodeFlags.JavaScriptFile) !== 0;
}

/**
 * Every mention of the field's name in the class's file (as a name or a string) is the field's
 * declaration, a write of a fresh value into it or into one of its keys, the stores of the parameter, a
 * delete, or a call of the value read whose result an async function returns or awaits.
 */
function everyMentionHandsBack(file: ts.SourceFile, field: string, parameterName: string): boolean {
  let ok = true;
  let calls = 0;
  const visit = (node: ts.Node): void => {
    if (!ok) return;
    const text = ts.isIdentifier(node) || ts.isPrivateIdentifier(node) || ts.isStringLiteralLike(node) ? node.text : undefined;
    if (text === field) {
      const use = useOf(node, parameterName);
      if (use === 'other') ok = false;
      else if (use === 'call') calls++;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return ok && calls > 0;
}

function useOf(name: ts.Node, parameterName: string): 'write' | 'call' | 'other' {
  const parent = name.parent;
  if (ts.isPropertyDeclaration(parent) && parent.name === name) return !parent.initializer || isFreshValue(parent.initializer) ? 'write' : 'other';
  if (!ts.isPropertyAccessExpression(parent) || parent.name !== name || parent.expression.kind !== ts.SyntaxKind.ThisKeyword) return 'other';
  let access: ts.Expression = parent;
  while (ts.isParenthesizedExpression(access.parent)) access = access.parent;
  const outer = access.parent;
  // `this.f = {}`, and the stores of the parameter.
  if (ts.isBinaryExpression(outer) && outer.left === access && outer.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    return isFreshValue(outer.right) || isNamed(outer.right, parameterName) ? 'write' : 'other';
  }
  if (ts.isCallExpression(outer) && outer.expression === access) return isHandedBack(outer) ? 'call' : 'other';
  if (!ts.isElementAccessExpression(outer) || outer.expression !== access) return 'other';
  let element: ts.Expression = outer;
  while (ts.isParenthesizedExpression(element.parent)) element = element.parent;
  const user = element.parent;
  if (ts.isBinaryExpression(user) && user.left === element && user.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    return isFreshValue(user.right) || isNamed(user.right, parameterName) ? 'write' : 'other';
  }
  if (ts.isDeleteExpression(user)) return 'write';
  return ts.isCallExpression(user) && user.expression === element && isHandedBack(user) ? 'call' : 'other';
}

function isNamed(expression: ts.Expression, name: string): boolean {
  const value = skipParentheses(expression);
  return ts.isIdentifier(value) && value.text === name;
}

/** A value that nothing else holds: an object or array literal of such values, null, undefined, a literal. */
function isFreshValue(expression: ts.Expression): boolean {
  const value = skipParentheses(expression);
  if (ts.isObjectLiteralExpression(value)) return value.properties.every((property) => ts.isPropertyAssignment(property) && !ts.isComputedPropertyName(property.name) && isFreshValue(property.initializer));
  if (ts.isArrayLiteralExpression(value)) return value.elements.every((element) => !ts.isSpreadElement(element) && isFreshValue(element));
  return value.kind === ts.SyntaxKind.NullKeyword || ts.isLiteralExpression(value) || (ts.isIdentifier(value) && value.text === 'undefined') || ts.isArrowFunction(value) || ts.isFunctionExpression(value);
}

/** A call whose result an async function returns (`return call`, `return await call`, an async arrow's body) or awaits. */
function isHandedBack(call: ts.CallExpression): boolean {
  let value: ts.Node = call;
  while (ts.isParenthesizedExpression(value.parent)) value = value.parent;
  let user = value.parent;
  const awaited = ts.isAwaitExpression(user);
  if (awaited) {
    value = user;
    while (ts.isParenthesizedExpression(value.parent)) value = value.parent;
    user = value.parent;
  }
  const fn = ts.findAncestor(call.parent, ts.isFunctionLike);
  if (!fn || !isAsyncFunction(fn) || (fn as ts.FunctionLikeDeclaration).asteriskToken) return false;
  // An await rejects the async function (or reaches its try/catch); a returned promise is adopted by it.
  if (awaited) return true;
  if (ts.isReturnStatement(user)) return true;
  return ts.isArrowFunction(user) && user.body === value;
}
