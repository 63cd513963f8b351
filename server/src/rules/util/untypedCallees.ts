import { ts } from '../../typescript';
import { changeAt, forEachNode, isAsyncFunction, skipParentheses } from './ast';
import type { FunctionWithBody } from './asyncContext';

/**
 * The functions a call may run where the checker types its callee `any` (JavaScript it cannot type),
 * read from two shapes of compiled code whose structure in the same file leaves no doubt, never from
 * names:
 * - a namespace as TypeScript emits it: `var N; (function (N) { function get() {} N.get = get; })(N || (N = {}));`
 *   `N.get()` runs that `get` when `N.get` is assigned once, by a statement of the function, and `N` and
 *   the function's parameter are used for nothing but member reads and those assignments;
 * - an object literal read with a run-time key: `var paths = { npm: { get() {} }, pnpm: { get() {} } };`
 *   `paths[key].get()` (also through `var p = paths[key]; p.get()`) runs one of the members' `get`,
 *   when `paths` and the member values are only read after the initializer (no member `get` written, no
 *   value passed on, no `this` in their functions that could write one), and every member has its own
 *   synchronous function `get`.
 * Anything else (a write, an escape, a spread, a computed or accessor member, a reassignment) resolves
 * to nothing. Both shapes need the whole file's references, gathered once per file.
 */

export interface UntypedCallee {
  fn: FunctionWithBody;
  /** For a member picked by a run-time key: the member, `paths.pnpm.get`. */
  member?: string;
}

/** What an untyped call may run: one function (a namespace member), or one of several picked by a key. */
export interface UntypedCallees {
  callees: UntypedCallee[];
  byKey: boolean;
}

/**
 * The functions an untyped call's callee (without parentheses and `(0, f)`) may run, or undefined when
 * the checker types it or its shape is not one of the two above.
 */
export function untypedCallees(callee: ts.Expression, checker: ts.TypeChecker): UntypedCallees | undefined {
  // The shapes first (cheap), the checker's types last.
  let found: (() => UntypedCallees | undefined) | undefined;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) {
    const receiver = skipParentheses(callee.expression);
    const member = callee.name.text;
    if (ts.isIdentifier(receiver)) {
      const declaration = singleVariable(checker, receiver);
      if (declaration && !declaration.initializer) {
        found = () => {
          const fn = namespaceMembers(declaration, checker)?.get(member);
          return fn ? { callees: [{ fn }], byKey: false } : undefined;
        };
      } else {
        const access = declaration?.initializer && keyedAccess(declaration.initializer);
        if (access) found = () => byKey(access, checker, member, declaration);
      }
    } else {
      const access = keyedAccess(receiver);
      if (access) found = () => byKey(access, checker, member, undefined);
    }
    if (found && checker.getSymbolAtLocation(callee.name)) return undefined;
  } else if (ts.isIdentifier(callee)) {
    const declaration = singleVariable(checker, callee);
    const access = declaration?.initializer && keyedAccess(declaration.initializer);
    if (access) found = () => byKey(access, checker, undefined, declaration);
  } else {
    const access = keyedAccess(callee);
    if (access) found = () => byKey(access, checker, undefined, undefined);
  }
  return found && isAny(checker, callee) ? found() : undefined;
}

function isAny(checker: ts.TypeChecker, node: ts.Node): boolean {
  return (checker.getTypeAtLocation(node).flags & ts.TypeFlags.Any) !== 0;
}

/** `obj[key]` with a key that is not a literal, on a plain name. */
function keyedAccess(expression: ts.Expression): (ts.ElementAccessExpression & { expression: ts.Identifier }) | undefined {
  const access = skipParentheses(expression);
  if (!ts.isElementAccessExpression(access) || !ts.isIdentifier(access.expression)) return undefined;
  const key = skipParentheses(access.argumentExpression);
  if (ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) return undefined;
  return access as ts.ElementAccessExpression & { expression: ts.Identifier };
}

/**
 * The one declaration of a variable that only its file can see: declared inside a function, or at the
 * top level of a module (a script's top-level `var` is a global other files may write), not exported.
 */
function singleVariable(checker: ts.TypeChecker, name: ts.Identifier): (ts.VariableDeclaration & { name: ts.Identifier }) | undefined {
  const declarations = checker.getSymbolAtLocation(name)?.declarations;
  if (declarations?.length !== 1) return undefined;
  const [declaration] = declarations;
  if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
  const statement = declaration.parent.parent;
  if (!ts.isVariableStatement(statement) || statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) return undefined;
  const file = declaration.getSourceFile();
  const local =
    ts.findAncestor(declaration, ts.isFunctionLike) !== undefined ||
    ts.isExternalModule(file) ||
    (file as { commonJsModuleIndicator?: ts.Node }).commonJsModuleIndicator !== undefined;
  return local ? (declaration as ts.VariableDeclaration & { name: ts.Identifier }) : undefined;
}

// ---------------------------------------------------------------------------------------------------
// The references of a name, from one walk of its file.

interface FileIndex {
  identifiers: Map<string, ts.Identifier[]>;
  /** `with` or a direct `eval` can bind or write any name: nothing in the file is followed then. */
  dynamicScope: boolean;
}

const indexes = new WeakMap<ts.SourceFile, FileIndex>();

function indexOf(file: ts.SourceFile): FileIndex {
  let index = indexes.get(file);
  if (index) return index;
  index = { identifiers: new Map(), dynamicScope: false };
  const found = index;
  forEachNode(file, (node) => {
    if (ts.isIdentifier(node)) {
      let list = found.identifiers.get(node.text);
      if (!list) found.identifiers.set(node.text, (list = []));
      list.push(node);
    } else if (ts.isWithStatement(node) || (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'eval')) {
      found.dynamicScope = true;
    }
  });
  indexes.set(file, index);
  return index;
}

/**
 * Every reference to a declared name in its file, without the declaration's own name; undefined when
 * the file's scope is dynamic or the name is used where its symbol is not plain to see (`{ name }`, `export { name }`).
 */
function referencesOf(name: ts.Identifier, checker: ts.TypeChecker, within: ts.Node = name.getSourceFile()): ts.Identifier[] | undefined {
  const index = indexOf(name.getSourceFile());
  if (index.dynamicScope) return undefined;
  const symbol = checker.getSymbolAtLocation(name);
  if (!symbol) return undefined;
  const references: ts.Identifier[] = [];
  for (const identifier of index.identifiers.get(name.text) ?? []) {
    if (identifier === name || identifier.pos < within.pos || identifier.end > within.end) continue;
    const parent = identifier.parent;
    if ((ts.isShorthandPropertyAssignment(parent) && parent.name === identifier) || ts.isExportSpecifier(parent)) return undefined;
    if (checker.getSymbolAtLocation(identifier) === symbol) references.push(identifier);
  }
  return references;
}

/** Whether an expression is read, assigned with `=`, or written otherwise (`+=`, `++`, `delete`, a destructuring target). */
function accessKind(node: ts.Expression): 'read' | 'assign' | 'write' {
  const change = changeAt(node);
  if (change !== undefined) return change === 'assign' ? 'assign' : 'write';
  return isDestructuringTarget(node) ? 'write' : 'read';
}

/** `[a.x] = ...`, `({ k: a.x } = ...)`, `for (a.x of ...)`: a write through a pattern. */
function isDestructuringTarget(node: ts.Node): boolean {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if ((ts.isForInStatement(parent) || ts.isForOfStatement(parent)) && parent.initializer === current) return true;
    if (ts.isBinaryExpression(parent)) return parent.left === current && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && current !== node;
    if (
      ts.isParenthesizedExpression(parent) ||
      ts.isArrayLiteralExpression(parent) ||
      ts.isObjectLiteralExpression(parent) ||
      ts.isSpreadElement(parent) ||
      ts.isSpreadAssignment(parent) ||
      (ts.isPropertyAssignment(parent) && parent.initializer === current) ||
      ts.isShorthandPropertyAssignment(parent)
    ) {
      current = parent;
      continue;
    }
    return false;
  }
}

/** Whether a function's own code (not the functions declared in it, arrow functions aside) uses `this`. */
function usesThis(fn: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (node.kind === ts.SyntaxKind.ThisKeyword) found = true;
    else if (!(ts.isFunctionLike(node) && !ts.isArrowFunction(node)) && !ts.isClassLike(node)) ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return found;
}

/** A synchronous function with a body, as a value: a function expression, an arrow function, a method. */
function syncFunctionValue(node: ts.Node): FunctionWithBody | undefined {
  if (!(ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node))) return undefined;
  if (!node.body || isAsyncFunction(node) || node.asteriskToken) return undefined;
  return node as FunctionWithBody;
}

// ---------------------------------------------------------------------------------------------------
// Namespaces as TypeScript emits them.

const namespaces = new WeakMap<ts.VariableDeclaration, Map<string, FunctionWithBody> | null>();

function namespaceMembers(declaration: ts.VariableDeclaration & { name: ts.Identifier }, checker: ts.TypeChecker): Map<string, FunctionWithBody> | undefined {
  let members = namespaces.get(declaration);
  if (members === undefined) namespaces.set(declaration, (members = computeNamespaceMembers(declaration, checker) ?? null));
  return members ?? undefined;
}

interface NamespaceFunction {
  fn: ts.FunctionExpression | ts.ArrowFunction;
  body: ts.Block;
  parameter: ts.Identifier;
}

function computeNamespaceMembers(declaration: ts.VariableDeclaration & { name: ts.Identifier }, checker: ts.TypeChecker): Map<string, FunctionWithBody> | undefined {
  if ((ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0) return undefined;
  const references = referencesOf(declaration.name, checker);
  if (!references) return undefined;
  const functions: NamespaceFunction[] = [];
  /** Members written anywhere but by one statement of a namespace function: never followed. */
  const otherWrites = new Set<string>();
  const consumed = new Set<ts.Identifier>();
  for (const reference of references) {
    const namespace = namespaceFunctionOf(reference, checker);
    if (namespace) {
      functions.push(namespace.fn);
      consumed.add(reference).add(namespace.assigned);
    }
  }
  if (functions.length === 0) return undefined;
  for (const reference of references) {
    if (consumed.has(reference)) continue;
    if (!readsMembersOnly(reference, otherWrites)) return undefined;
  }
  const assignments = new Map<string, ts.Expression[]>();
  for (const { fn, body, parameter } of functions) {
    const index = indexOf(fn.getSourceFile());
    // `arguments[0]` is the parameter under another name.
    if (index.identifiers.get('arguments')?.some((identifier) => identifier.pos >= fn.pos && identifier.end <= fn.end)) return undefined;
    const inner = referencesOf(parameter, checker, fn);
    if (!inner) return undefined;
    for (const reference of inner) {
      const access = reference.parent;
      if (ts.isPropertyAccessExpression(access) && access.expression === reference && ts.isIdentifier(access.name)) {
        const kind = accessKind(access);
        const statement = access.parent.parent;
        if (kind === 'assign' && ts.isExpressionStatement(statement) && statement.parent === body && access.parent.parent === statement) {
          const list = assignments.get(access.name.text) ?? [];
          list.push((access.parent as ts.BinaryExpression).right);
          assignments.set(access.name.text, list);
        } else if (kind !== 'read') {
          otherWrites.add(access.name.text);
        }
      } else if (!readsMembersOnly(reference, otherWrites)) {
        return undefined;
      }
    }
  }
  const members = new Map<string, FunctionWithBody>();
  for (const [name, values] of assignments) {
    if (values.length !== 1 || otherWrites.has(name)) continue;
    const fn = namespaceFunctionValue(values[0], functions, checker);
    if (!fn) continue;
    // Called as `N.get()`, a member's `this` is the namespace: it could write any member.
    if (usesThis(fn)) return undefined;
    members.set(name, fn);
  }
  return members;
}

/**
 * A read of a member (`N.x`, `N[k]`) that writes nothing but named members, which `writes` gains.
 * False for any other use of the name: passed on, returned, reassigned, written through a run-time key.
 */
function readsMembersOnly(reference: ts.Identifier, writes: Set<string>): boolean {
  const access = reference.parent;
  if (ts.isPropertyAccessExpression(access) && access.expression === reference && ts.isIdentifier(access.name)) {
    if (accessKind(access) !== 'read') writes.add(access.name.text);
    return true;
  }
  return ts.isElementAccessExpression(access) && access.expression === reference && accessKind(access) === 'read';
}

/**
 * The namespace function of `(function (N) { ... })(N || (N = {}));` from the `N` left of `||`, and
 * the `N` that `N = {}` assigns.
 */
function namespaceFunctionOf(reference: ts.Identifier, checker: ts.TypeChecker): { fn: NamespaceFunction; assigned: ts.Identifier } | undefined {
  const or = reference.parent;
  if (!ts.isBinaryExpression(or) || or.left !== reference || or.operatorToken.kind !== ts.SyntaxKind.BarBarToken) return undefined;
  const assignment = skipParentheses(or.right);
  if (
    !ts.isBinaryExpression(assignment) ||
    assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken ||
    !ts.isIdentifier(assignment.left) ||
    checker.getSymbolAtLocation(assignment.left) !== checker.getSymbolAtLocation(reference) ||
    !ts.isObjectLiteralExpression(skipParentheses(assignment.right)) ||
    (skipParentheses(assignment.right) as ts.ObjectLiteralExpression).properties.length !== 0
  ) {
    return undefined;
  }
  let argument: ts.Node = or;
  while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
  const call = argument.parent;
  if (!ts.isCallExpression(call) || call.arguments.length !== 1 || call.arguments[0] !== argument || !ts.isExpressionStatement(call.parent)) return undefined;
  const fn = skipParentheses(call.expression);
  if (!(ts.isFunctionExpression(fn) || ts.isArrowFunction(fn)) || !ts.isBlock(fn.body) || isAsyncFunction(fn) || fn.asteriskToken) return undefined;
  if (fn.parameters.length !== 1) return undefined;
  const [parameter] = fn.parameters;
  if (!ts.isIdentifier(parameter.name) || parameter.dotDotDotToken || parameter.initializer) return undefined;
  return { fn: { fn, body: fn.body, parameter: parameter.name }, assigned: assignment.left };
}

/** A member's value: a function written in place, or the name of a function the namespace function declares and never reassigns. */
function namespaceFunctionValue(value: ts.Expression, functions: readonly NamespaceFunction[], checker: ts.TypeChecker): FunctionWithBody | undefined {
  const expression = skipParentheses(value);
  if (!ts.isIdentifier(expression)) return ts.isMethodDeclaration(expression) ? undefined : syncFunctionValue(expression);
  const declarations = checker.getSymbolAtLocation(expression)?.declarations;
  if (declarations?.length !== 1) return undefined;
  const [declaration] = declarations;
  if (!ts.isFunctionDeclaration(declaration) || !declaration.name || !declaration.body || isAsyncFunction(declaration) || declaration.asteriskToken) return undefined;
  if (!functions.some(({ body }) => declaration.parent === body)) return undefined;
  const references = referencesOf(declaration.name, checker);
  if (!references || references.some((reference) => accessKind(reference) !== 'read')) return undefined;
  return declaration as FunctionWithBody;
}

// ---------------------------------------------------------------------------------------------------
// Object literals read with a run-time key.

interface KeyedLiteral {
  /** The object's name and its members in order: the key as written and the value. */
  name: string;
  entries: { key: string; value: ts.Node }[];
  /** The names of member values' members written after the initializer; 'all' when one is written through a run-time key. */
  written: Set<string> | 'all';
  /** The variables that hold a member value (`var p = obj[key]`) and are only read. */
  aliases: Set<ts.VariableDeclaration>;
}

const literals = new WeakMap<ts.VariableDeclaration, KeyedLiteral | null>();

function byKey(
  access: ts.ElementAccessExpression & { expression: ts.Identifier },
  checker: ts.TypeChecker,
  member: string | undefined,
  alias: ts.VariableDeclaration | undefined,
): UntypedCallees | undefined {
  const declaration = singleVariable(checker, access.expression);
  if (!declaration) return undefined;
  let literal = literals.get(declaration);
  if (literal === undefined) literals.set(declaration, (literal = keyedLiteral(declaration, checker) ?? null));
  if (!literal || literal.written === 'all' || (alias && !literal.aliases.has(alias))) return undefined;
  if (member !== undefined && literal.written.has(member)) return undefined;
  const callees: UntypedCallee[] = [];
  for (const { key, value } of literal.entries) {
    let fn: FunctionWithBody | undefined;
    if (member === undefined) {
      fn = syncFunctionValue(value);
    } else if (ts.isObjectLiteralExpression(value)) {
      const found = value.properties.filter((property) => propertyKey(property) === member);
      const [property] = found;
      if (found.length === 1) fn = syncFunctionValue(ts.isPropertyAssignment(property) ? skipParentheses(property.initializer) : property);
    }
    // Every member must have its own function: else the call is not the one these shapes describe.
    if (!fn) return undefined;
    callees.push({ fn, member: `${literal.name}.${key}${member === undefined ? '' : `.${member}`}` });
  }
  return callees.length > 0 ? { callees, byKey: true } : undefined;
}

/** The key of an object literal's member when it is a plain one (no spread, accessor, shorthand, computed name or `__proto__`). */
function propertyKey(property: ts.ObjectLiteralElementLike): string | undefined {
  if (!ts.isPropertyAssignment(property) && !ts.isMethodDeclaration(property)) return undefined;
  const name = property.name;
  const key = ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : undefined;
  return key === '__proto__' ? undefined : key;
}

/** The members of a plain object literal, or undefined when one of them is not plain. */
function plainEntries(literal: ts.ObjectLiteralExpression): { key: string; value: ts.Node }[] | undefined {
  const entries: { key: string; value: ts.Node }[] = [];
  for (const property of literal.properties) {
    const key = propertyKey(property);
    if (key === undefined) return undefined;
    entries.push({ key, value: ts.isPropertyAssignment(property) ? skipParentheses(property.initializer) : property });
  }
  return entries;
}

function keyedLiteral(declaration: ts.VariableDeclaration & { name: ts.Identifier }, checker: ts.TypeChecker): KeyedLiteral | undefined {
  const initializer = declaration.initializer && skipParentheses(declaration.initializer);
  if (!initializer || !ts.isObjectLiteralExpression(initializer)) return undefined;
  const entries = plainEntries(initializer);
  if (!entries || entries.length === 0) return undefined;
  // The functions of the object and of its member values: with `this`, a call could write any member.
  for (const { value } of entries) {
    const inner = ts.isObjectLiteralExpression(value) ? plainEntries(value) : [{ key: '', value }];
    if (!inner) return undefined;
    if (inner.some((entry) => ts.isFunctionLike(entry.value) && usesThis(entry.value))) return undefined;
  }
  const references = referencesOf(declaration.name, checker);
  if (!references) return undefined;
  const literal: KeyedLiteral = { name: declaration.name.text, entries, written: new Set(), aliases: new Set() };
  for (const reference of references) {
    const access = reference.parent;
    const memberRead =
      (ts.isPropertyAccessExpression(access) || ts.isElementAccessExpression(access)) && access.expression === reference && accessKind(access) === 'read';
    if (!memberRead || !memberValueStaysHere(access, literal, checker, true)) return undefined;
  }
  return literal;
}

/**
 * Whether a member value read from the object (or from a variable that holds one) is only read, tested,
 * called, or has its own named members written (which `literal.written` gains); with `aliasing`, it may
 * also initialize a variable that does the same.
 */
function memberValueStaysHere(value: ts.Expression, literal: KeyedLiteral, checker: ts.TypeChecker, aliasing: boolean): boolean {
  let current: ts.Node = value;
  while (ts.isParenthesizedExpression(current.parent)) current = current.parent;
  const parent = current.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === current) {
    if (accessKind(parent) !== 'read' && literal.written !== 'all') literal.written.add(parent.name.text);
    return true;
  }
  if (ts.isElementAccessExpression(parent) && parent.expression === current) {
    if (accessKind(parent) !== 'read') literal.written = 'all';
    return true;
  }
  if (ts.isCallExpression(parent) && parent.expression === current) return true;
  if (isTest(current)) return true;
  if (aliasing && ts.isVariableDeclaration(parent) && parent.initializer === current && ts.isIdentifier(parent.name)) {
    const declarations = checker.getSymbolAtLocation(parent.name)?.declarations;
    if (declarations?.length !== 1) return false;
    const references = referencesOf(parent.name, checker);
    if (!references) return false;
    for (const reference of references) {
      if (accessKind(reference) !== 'read' || !memberValueStaysHere(reference, literal, checker, false)) return false;
    }
    literal.aliases.add(parent);
    return true;
  }
  return false;
}

/** A value only tested: `if (p)`, `!p`, `p ? a : b`, `typeof p`, `p === undefined`. */
function isTest(node: ts.Node): boolean {
  const parent = node.parent;
  if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) && parent.expression === node) return true;
  if (ts.isConditionalExpression(parent) && parent.condition === node) return true;
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isTypeOfExpression(parent)) return true;
  if (ts.isBinaryExpression(parent)) {
    const kind = parent.operatorToken.kind;
    return (
      kind === ts.SyntaxKind.EqualsEqualsEqualsToken ||
      kind === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
      kind === ts.SyntaxKind.EqualsEqualsToken ||
      kind === ts.SyntaxKind.ExclamationEqualsToken
    );
  }
  return false;
}
