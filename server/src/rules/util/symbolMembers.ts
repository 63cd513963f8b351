import { ts } from '../../typescript';
import { skipParentheses } from './ast';
import { isDefaultLibrarySymbol, resolvedSymbol } from './declarations';

/**
 * `obj[kDrain]()` where `const kDrain = Symbol('drain')` in JavaScript: the key's type is the plain
 * `symbol` type, so the checker answers with every symbol-keyed member of the object at once (async
 * ones included). This finds the member whose computed name is that very `Symbol(...)` call.
 * Returns the member's return type, `'unresolved'` when the key is a plain symbol whose member cannot be
 * found (the checker's union is then no evidence), or undefined when the call is not of this kind.
 */
export function symbolKeyedCallResult(program: ts.Program, checker: ts.TypeChecker, call: ts.CallExpression): ts.Type | 'unresolved' | undefined {
  const callee = skipParentheses(call.expression);
  if (!ts.isElementAccessExpression(callee)) return undefined;
  const keyType = checker.getTypeAtLocation(callee.argumentExpression);
  // A `unique symbol` key (TypeScript's `const k: unique symbol`) already names one member.
  if (!(keyType.flags & ts.TypeFlags.ESSymbol)) return undefined;
  const origin = symbolOrigin(program, checker, callee.argumentExpression, 0);
  if (!origin) return 'unresolved';
  const member = findMember(program, checker, checker.getApparentType(checker.getTypeAtLocation(callee.expression)), origin, 0);
  if (!member) return 'unresolved';
  const fn = ts.isMethodDeclaration(member) ? member : ts.isPropertyDeclaration(member) && member.initializer ? skipParentheses(member.initializer) : undefined;
  if (!fn || !(ts.isMethodDeclaration(fn) || ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return 'unresolved';
  const signature = checker.getSignatureFromDeclaration(fn);
  return signature ? checker.getReturnTypeOfSignature(signature) : 'unresolved';
}

const MAX_DEPTH = 8;

/** The declaration whose initializer is the `Symbol(...)` call a key expression holds, following names and exports. */
function symbolOrigin(program: ts.Program, checker: ts.TypeChecker, key: ts.Expression, depth: number): ts.Node | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const expression = skipParentheses(key);
  if (isSymbolCall(program, checker, expression)) return expression;
  if (!ts.isIdentifier(expression) && !ts.isPropertyAccessExpression(expression)) return undefined;
  const symbol = resolvedSymbol(checker, ts.isPropertyAccessExpression(expression) ? expression.name : expression);
  const declaration = symbol?.valueDeclaration;
  if (!declaration) return undefined;
  return declarationOrigin(program, checker, declaration, depth + 1);
}

function declarationOrigin(program: ts.Program, checker: ts.TypeChecker, declaration: ts.Node, depth: number): ts.Node | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if ((ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration)) && declaration.initializer) {
    return symbolOrigin(program, checker, declaration.initializer, depth);
  }
  if (ts.isShorthandPropertyAssignment(declaration)) {
    const value = checker.getShorthandAssignmentValueSymbol(declaration)?.valueDeclaration;
    return value ? declarationOrigin(program, checker, value, depth + 1) : undefined;
  }
  if (ts.isBinaryExpression(declaration) && declaration.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    // `exports.kDrain = Symbol('drain')`
    return symbolOrigin(program, checker, declaration.right, depth);
  }
  if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)) {
    // `const { kDrain } = require('./symbols')`: the property of the object it is taken from.
    const name = declaration.propertyName ?? declaration.name;
    if (!ts.isIdentifier(name)) return undefined;
    const holder = declaration.parent.parent;
    if (!ts.isVariableDeclaration(holder) || !holder.initializer) return undefined;
    const property = checker.getTypeAtLocation(holder.initializer).getProperty(name.text);
    return property?.valueDeclaration ? declarationOrigin(program, checker, property.valueDeclaration, depth + 1) : undefined;
  }
  return undefined;
}

/** `Symbol('name')`, the built-in one (declared in a default library file). */
function isSymbolCall(program: ts.Program, checker: ts.TypeChecker, expression: ts.Expression): boolean {
  if (!ts.isCallExpression(expression) || !ts.isIdentifier(expression.expression) || expression.expression.text !== 'Symbol') return false;
  return isDefaultLibrarySymbol(program, checker.getSymbolAtLocation(expression.expression), 'every');
}

/** The member of a class (or one it extends) whose computed name holds the same `Symbol(...)`. */
function findMember(program: ts.Program, checker: ts.TypeChecker, type: ts.Type, origin: ts.Node, depth: number): ts.ClassElement | undefined {
  if (depth > MAX_DEPTH) return undefined;
  for (const declaration of type.getSymbol()?.getDeclarations() ?? []) {
    if (!ts.isClassLike(declaration)) continue;
    const member = declaration.members.find(
      (element) => element.name !== undefined && ts.isComputedPropertyName(element.name) && symbolOrigin(program, checker, element.name.expression, 0) === origin,
    );
    if (member) return member;
  }
  if (!(type.flags & ts.TypeFlags.Object) || !((type as ts.ObjectType).objectFlags & ts.ObjectFlags.ClassOrInterface)) return undefined;
  for (const base of checker.getBaseTypes(type as ts.InterfaceType)) {
    const member = findMember(program, checker, base, origin, depth + 1);
    if (member) return member;
  }
  return undefined;
}
