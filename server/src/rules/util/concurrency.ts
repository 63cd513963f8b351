import { ts } from '../../typescript';
import { forEachNode } from './ast';
import { readCodeOf } from './crossFileReads';
import { calledModule, isDefaultLibrarySymbol, moduleOfDeclaration, resolvedSymbol } from './declarations';
import type { IoEvidence } from './ioEvidence';

/**
 * What the concurrency rules (unbounded-fan-out, sequential-await) share: how big a collection can
 * get, whether work is already bounded by a limiter, and the names of the builtin combinators.
 */

/** Arrays of at most this many statically known elements are "small" when no option says otherwise. */
export const DEFAULT_MAX_UNBOUNDED = 16;

/** The limit the bounded fixes write when no option says otherwise. */
export const DEFAULT_CONCURRENCY = 8;

/** The expression inside parentheses, `!`, `as T`, `<T>` and `satisfies T`: what runs. */
export function unwrapExpression(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isTypeAssertionExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

export type PromiseCombinator = 'all' | 'allSettled' | 'any' | 'race';
const COMBINATORS = new Set<string>(['all', 'allSettled', 'any', 'race']);

/** `Promise.all(...)` and friends, where `Promise` is the builtin (declared in the default library). */
export function promiseCombinator(program: ts.Program, checker: ts.TypeChecker, call: ts.CallExpression): PromiseCombinator | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !COMBINATORS.has(callee.name.text)) return undefined;
  const receiver = unwrapExpression(callee.expression);
  if (!ts.isIdentifier(receiver) || receiver.text !== 'Promise') return undefined;
  if (!isDefaultLibrarySymbol(program, resolvedSymbol(checker, receiver))) return undefined;
  return callee.name.text as PromiseCombinator;
}

/** Libraries whose every call runs work under a concurrency limit or a lock. */
const LIMITER_MODULES = new Set([
  'p-limit',
  'p-queue',
  'bottleneck',
  'async-sema',
  'async-mutex',
  'p-throttle',
  'limiter',
  'await-semaphore',
  'semaphore-async-await',
  '@shopify/semaphore',
]);
/** Libraries that map with a `concurrency` option (bounded only when it is given). */
const CONCURRENCY_OPTION_MODULES = new Set(['p-map', 'p-all', 'p-filter', 'p-map-series', 'p-each-series']);
/** async/neo-async: the `...Limit` and `...Series` functions are bounded; `map`, `each`, `parallel` are not. */
const ASYNC_MODULES = new Set(['async', 'neo-async', 'async-es']);
/** Our own helper (the one the fixes and snippets write) and the method names of hand-written semaphores and locks. */
const BOUNDED_HELPER_NAMES = new Set(['mapWithConcurrency']);
const LOCK_METHOD_NAMES = new Set(['acquire', 'runExclusive']);

/** The name a call's callee is written with: `f` of `f()`, `m` of `a.m()`. */
export function calleeName(call: ts.CallExpression): string | undefined {
  const callee = unwrapExpression(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

const CONCURRENCY_OPTIONS = new Set(['concurrency', 'maxConcurrent', 'maxConcurrency']);

function hasConcurrencyOption(call: ts.CallExpression | ts.NewExpression): boolean {
  return (call.arguments ?? []).some((argument) => {
    const value = unwrapExpression(argument);
    if (!ts.isObjectLiteralExpression(value)) return false;
    return value.properties.some((property) => property.name !== undefined && ts.isIdentifier(property.name) && CONCURRENCY_OPTIONS.has(property.name.text));
  });
}

/** `queue.add(...)` where `const queue = new Queue({ concurrency: 4 })`: an object made with a concurrency limit. */
function isMadeWithConcurrencyLimit(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const callee = unwrapExpression(call.expression);
  const receiver = ts.isPropertyAccessExpression(callee) ? unwrapExpression(callee.expression) : callee;
  if (!ts.isIdentifier(receiver)) return false;
  const declaration = resolvedSymbol(checker, receiver)?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
  const initializer = unwrapExpression(declaration.initializer);
  return (ts.isNewExpression(initializer) || ts.isCallExpression(initializer)) && hasConcurrencyOption(initializer);
}

/**
 * Whether a call runs its work under a concurrency limit: a limiter library (recognized by the module
 * that declares the called function), p-map and friends with `concurrency`, async's `mapLimit`, our own
 * `mapWithConcurrency`, the `acquire`/`runExclusive` of a semaphore or lock, or a method of an object
 * made with a `concurrency` option (`new Retrier(check, { concurrency: 100 })`).
 */
export function isBoundedCall(program: ts.Program, checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const name = calleeName(call);
  if (name !== undefined && BOUNDED_HELPER_NAMES.has(name)) return true;
  if (name !== undefined && LOCK_METHOD_NAMES.has(name) && ts.isPropertyAccessExpression(unwrapExpression(call.expression))) return true;
  if (isMadeWithConcurrencyLimit(checker, call)) return true;
  const module = calledModule(program, checker, call);
  if (module === undefined) return false;
  if (LIMITER_MODULES.has(module)) return true;
  if (CONCURRENCY_OPTION_MODULES.has(module)) return hasConcurrencyOption(call);
  if (ASYNC_MODULES.has(module)) return name !== undefined && /(Limit|Series)$/.test(name);
  return false;
}

/** Whether a node contains (or is) a call that runs its work under a limit. */
export function containsBoundedCall(program: ts.Program, checker: ts.TypeChecker, root: ts.Node): boolean {
  let found = false;
  forEachNode(root, (node) => {
    if (!found && ts.isCallExpression(node) && isBoundedCall(program, checker, node)) found = true;
  });
  return found;
}

/** A function literal, or the function a name refers to when it is declared in the project. */
export function functionOf(checker: ts.TypeChecker, expression: ts.Expression): ts.FunctionLikeDeclaration | undefined {
  const value = unwrapExpression(expression);
  if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
  if (!ts.isIdentifier(value)) return undefined;
  const declaration = resolvedSymbol(checker, value)?.valueDeclaration;
  if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
  if (ts.isFunctionDeclaration(declaration)) {
    readCodeOf(declaration);
    return declaration;
  }
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const initializer = unwrapExpression(declaration.initializer);
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) {
      readCodeOf(initializer);
      return initializer;
    }
  }
  return undefined;
}

/** Whether the mapped function (or the function it names) hands its work to a limiter. */
export function isBoundedCallback(program: ts.Program, checker: ts.TypeChecker, callback: ts.Expression): boolean {
  if (containsBoundedCall(program, checker, callback)) return true;
  const target = functionOf(checker, callback);
  return target !== undefined && target !== unwrapExpression(callback) && target.body !== undefined && containsBoundedCall(program, checker, target.body);
}

// ---------------------------------------------------------------------------------------------------
// Sizes

/** `small`: statically known to have few elements; `data`: as many as the data has; `unknown`: cannot tell. */
export type Size = 'small' | 'data' | 'unknown';

/** Callbacks of these methods run once per element. */
const ITERATING_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'some', 'every']);
const SAME_SIZE_METHODS = new Set(['filter', 'map', 'sort', 'reverse', 'toSorted', 'toReversed', 'toSpliced', 'with', 'fill', 'flat', 'slice', 'concat']);
const MAX_DEPTH = 6;

function combine(sizes: Size[]): Size {
  if (sizes.includes('data')) return 'data';
  if (sizes.includes('unknown')) return 'unknown';
  return 'small';
}

/**
 * Classifies how many elements an array-valued expression has, following local constants a few steps.
 *
 * Without `evidence`, anything not known to be small counts as data (the sequential loop's fix picks
 * its bounded form by that). With it, `data` needs positive evidence that the array is as large as
 * some input: a parameter of a named function (the caller's array), the result of awaited I/O (rows of
 * a query, a directory listing, a response's body) or of `JSON.parse`, a property of such a result,
 * or a constant count above the limit. Properties of options, of `this` or of a module (a list of
 * replicas, cluster nodes, workspace folders, a schema's paths) are config-sized: `unknown`.
 */
export class SizeClassifier {
  constructor(
    private readonly program: ts.Program,
    private readonly checker: ts.TypeChecker,
    private readonly maxUnbounded: number,
    private readonly evidence?: IoEvidence,
  ) {}

  /** The size of a collection that is iterated or mapped over. */
  collection(node: ts.Expression, depth = 0): Size {
    if (depth > MAX_DEPTH) return 'unknown';
    const expression = unwrapExpression(node);
    const type = this.checker.getTypeAtLocation(expression);
    if (this.isFixedTuple(type)) return 'small';
    if (ts.isArrayLiteralExpression(expression)) {
      return combine(expression.elements.map((element) => (ts.isSpreadElement(element) ? this.collection(element.expression, depth + 1) : 'small')));
    }
    if (ts.isStringLiteralLike(expression)) return 'small';
    if (ts.isIdentifier(expression)) return this.identifier(expression, depth);
    if (ts.isCallExpression(expression)) return this.callResult(expression, depth);
    if (!this.evidence) return 'data';
    if (ts.isAwaitExpression(expression)) return this.evidence.of(expression.expression).io ? 'data' : 'unknown';
    if (ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression)) return this.propertyOf(expression, depth);
    if (ts.isConditionalExpression(expression)) return combine([this.collection(expression.whenTrue, depth + 1), this.collection(expression.whenFalse, depth + 1)]);
    if (ts.isBinaryExpression(expression) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(expression.operatorToken.kind)) {
      return combine([this.collection(expression.left, depth + 1), this.collection(expression.right, depth + 1)]);
    }
    return 'unknown';
  }

  /** Strict: a property is data when the object it is read from is (`result.rows`, `(await response.json()).items`). */
  private propertyOf(expression: ts.PropertyAccessExpression | ts.ElementAccessExpression, depth: number): Size {
    let root: ts.Expression = expression;
    while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = unwrapExpression(root.expression);
    if (ts.isAwaitExpression(root)) return this.collection(root, depth + 1);
    if (!ts.isIdentifier(root)) return 'unknown';
    const declaration = resolvedSymbol(this.checker, root)?.valueDeclaration;
    // Only a local holding I/O results; a parameter's properties are its options as often as its data.
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return 'unknown';
    return this.fromIo(declaration.initializer) ? 'data' : 'unknown';
  }

  /** Strict: an awaited I/O call or `JSON.parse`, whose result has as many elements as the outside world sends. */
  private fromIo(initializer: ts.Expression): boolean {
    const value = unwrapExpression(initializer);
    if (ts.isAwaitExpression(value)) return this.evidence!.of(value.expression).io;
    if (ts.isCallExpression(value)) {
      const callee = unwrapExpression(value.expression);
      return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'JSON' && callee.name.text === 'parse' && this.isBuiltin(callee.expression);
    }
    return false;
  }

  /** The size of a number used as a count (`Array.from({ length: n })`). */
  count(node: ts.Expression, depth = 0): Size {
    if (depth > MAX_DEPTH) return 'unknown';
    const expression = unwrapExpression(node);
    const value = this.constantNumber(expression);
    if (value !== undefined) return value <= this.maxUnbounded ? 'small' : 'data';
    if (ts.isPropertyAccessExpression(expression) && (expression.name.text === 'length' || expression.name.text === 'size')) {
      return this.collection(expression.expression, depth + 1);
    }
    if (ts.isCallExpression(expression)) {
      const callee = unwrapExpression(expression.expression);
      if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Math') {
        const parts = expression.arguments.map((argument) => this.count(argument, depth + 1));
        // The smallest of several numbers is bounded as soon as one of them is.
        if (callee.name.text === 'min') return parts.some((part) => part !== 'data') ? (parts.includes('small') ? 'small' : 'unknown') : 'data';
        return combine(parts);
      }
      return 'unknown';
    }
    if (ts.isBinaryExpression(expression)) {
      return combine([this.count(expression.left, depth + 1), this.count(expression.right, depth + 1)]);
    }
    if (ts.isIdentifier(expression)) {
      const declaration = resolvedSymbol(this.checker, expression)?.valueDeclaration;
      if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && isConstDeclaration(declaration)) {
        return this.count(declaration.initializer, depth + 1);
      }
    }
    // A number from a parameter or an option is a limit someone chose (a worker count), not data.
    return 'unknown';
  }

  /** The value of an expression whose type is a number literal (`10`, `const BATCH = 10`, `BATCH * 2` is not). */
  constantNumber(expression: ts.Expression): number | undefined {
    const value = unwrapExpression(expression);
    if (ts.isNumericLiteral(value)) return Number(value.text);
    if (ts.isPrefixUnaryExpression(value) && value.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(value.operand)) return -Number(value.operand.text);
    const type = this.checker.getTypeAtLocation(value);
    return type.isNumberLiteral() ? type.value : undefined;
  }

  private isFixedTuple(type: ts.Type): boolean {
    const parts = type.isUnion() ? type.types : [type];
    return parts.every((part) => {
      if (!this.checker.isTupleType(part)) return false;
      const target = (part as ts.TypeReference).target as ts.TupleType;
      return !target.hasRestElement;
    });
  }

  private identifier(identifier: ts.Identifier, depth: number): Size {
    const symbol = resolvedSymbol(this.checker, identifier);
    const declaration = symbol?.valueDeclaration;
    if (!declaration) return 'unknown';
    if (ts.isParameter(declaration)) {
      // The parameter of a callback is an element of some collection (a batch, a group): its size is
      // whatever the caller chose. The parameter of a named function is the function's input: data.
      const owner = declaration.parent;
      const isCallback = (ts.isArrowFunction(owner) || ts.isFunctionExpression(owner)) && ts.isCallOrNewExpression(owner.parent);
      return isCallback ? 'unknown' : 'data';
    }
    if (ts.isBindingElement(declaration)) return this.evidence ? this.destructured(declaration) : 'unknown';
    if (!ts.isVariableDeclaration(declaration)) return this.evidence ? 'unknown' : 'data';
    if (ts.isForOfStatement(declaration.parent.parent) || ts.isForInStatement(declaration.parent.parent)) return 'unknown';
    if (this.evidence && symbol) {
      // Strict: every value the variable is given counts (`args = input` in one branch, `[input]` in the other).
      const values = [...(declaration.initializer ? [declaration.initializer] : []), ...this.assignedValues(symbol, declaration)];
      if (values.length === 0) return 'unknown';
      const size = combine(values.map((value) => (this.fromIo(value) ? 'data' : this.collection(value, depth + 1))));
      if (size !== 'small') return size;
      return this.filled(symbol, declaration, depth).size;
    }
    if (!declaration.initializer) return 'unknown';
    const size = this.collection(declaration.initializer, depth + 1);
    if (size !== 'small' || !symbol) return size;
    return this.filled(symbol, declaration, depth).size;
  }

  /** Strict: `const { rows } = await client.query(...)`: a part of an I/O result. */
  private destructured(element: ts.BindingElement): Size {
    let current: ts.Node = element;
    while (ts.isBindingElement(current) || ts.isObjectBindingPattern(current) || ts.isArrayBindingPattern(current)) current = current.parent;
    return ts.isVariableDeclaration(current) && current.initializer && this.fromIo(current.initializer) ? 'data' : 'unknown';
  }

  /** The values assigned to a variable after its declaration (`x = value`), in its scope. */
  private assignedValues(symbol: ts.Symbol, declaration: ts.VariableDeclaration): ts.Expression[] {
    const scope = declaration.parent.parent.parent;
    const values: ts.Expression[] = [];
    if (!scope || isConstDeclaration(declaration)) return values;
    forEachNode(scope, (node) => {
      if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
      const target = unwrapExpression(node.left);
      if (ts.isIdentifier(target) && target.text === symbol.getName() && resolvedSymbol(this.checker, target) === symbol) values.push(node.right);
    });
    return values;
  }

  /**
   * How many elements `push`/`unshift`/`splice` add to an array declared small: as many as the loops
   * around each call repeat (a loop over data: data), or a spread's size. The calls come along so a
   * rule can look at what is pushed.
   */
  filled(symbol: ts.Symbol, declaration: ts.VariableDeclaration, depth = 0): { size: Size; pushes: ts.CallExpression[] } {
    const scope = declaration.parent.parent.parent;
    const pushes: ts.CallExpression[] = [];
    const sizes: Size[] = [];
    if (!scope) return { size: 'unknown', pushes };
    forEachNode(scope, (node) => {
      if (!ts.isIdentifier(node) || node.text !== symbol.getName() || node === declaration.name) return;
      const access = node.parent;
      if (!ts.isPropertyAccessExpression(access) || access.expression !== node || !ts.isCallExpression(access.parent)) return;
      if (!['push', 'unshift', 'splice'].includes(access.name.text)) return;
      if (resolvedSymbol(this.checker, node) !== symbol) return;
      const call = access.parent;
      pushes.push(call);
      for (const argument of call.arguments) {
        if (ts.isSpreadElement(argument)) sizes.push(this.collection(argument.expression, depth + 1));
      }
      sizes.push(this.repetitions(call, scope, depth));
    });
    return { size: combine(sizes), pushes };
  }

  /** How many times `node` runs per run of `scope`: small when not in a loop or only in loops over small collections. */
  private repetitions(node: ts.Node, scope: ts.Node, depth: number): Size {
    const sizes: Size[] = [];
    for (let current = node.parent; current && current !== scope; current = current.parent) {
      if (ts.isForOfStatement(current)) sizes.push(this.collection(current.expression, depth + 1));
      else if (ts.isForInStatement(current)) sizes.push(this.evidence ? (this.objectSize(current.expression) === 'small' ? 'small' : this.collection(current.expression, depth + 1)) : 'data');
      else if (ts.isForStatement(current)) sizes.push(this.forLoopCount(current, depth));
      else if (ts.isWhileStatement(current) || ts.isDoStatement(current)) sizes.push('unknown');
      else if ((ts.isArrowFunction(current) || ts.isFunctionExpression(current)) && ts.isCallExpression(current.parent)) {
        const callee = unwrapExpression(current.parent.expression);
        if (ts.isPropertyAccessExpression(callee) && ITERATING_METHODS.has(callee.name.text)) sizes.push(this.collection(callee.expression, depth + 1));
      }
    }
    return combine(sizes);
  }

  /** `for (let i = 0; i < N; i++)`: the size of N. */
  private forLoopCount(loop: ts.ForStatement, depth: number): Size {
    const condition = loop.condition && unwrapExpression(loop.condition);
    if (!condition || !ts.isBinaryExpression(condition)) return 'unknown';
    const operator = condition.operatorToken.kind;
    if (operator === ts.SyntaxKind.LessThanToken || operator === ts.SyntaxKind.LessThanEqualsToken) return this.count(condition.right, depth + 1);
    if (operator === ts.SyntaxKind.GreaterThanToken || operator === ts.SyntaxKind.GreaterThanEqualsToken) return this.count(condition.left, depth + 1);
    return 'unknown';
  }

  private callResult(call: ts.CallExpression, depth: number): Size {
    const callee = unwrapExpression(call.expression);
    // Strict: what an unknown function returns is not known to be large.
    const otherCall: Size = this.evidence ? (this.fromIo(call) ? 'data' : 'unknown') : 'data';
    if (!ts.isPropertyAccessExpression(callee)) return otherCall;
    const method = callee.name.text;
    const receiver = callee.expression;
    // Array.from(x, fn?) and Array.of(...)
    if (ts.isIdentifier(receiver) && receiver.text === 'Array' && this.isBuiltin(receiver)) {
      if (method === 'of') return 'small';
      if (method === 'from' && call.arguments.length > 0) return this.arrayFromSource(call.arguments[0], depth);
      return otherCall;
    }
    if (ts.isIdentifier(receiver) && receiver.text === 'Object' && this.isBuiltin(receiver) && ['keys', 'values', 'entries'].includes(method)) {
      if (call.arguments.length === 0) return 'unknown';
      if (this.evidence) return this.objectSize(call.arguments[0]) === 'small' ? 'small' : this.collection(call.arguments[0], depth + 1);
      return this.objectSize(call.arguments[0]);
    }
    if (method === 'slice' && this.isArrayLike(receiver)) {
      const sliced = this.sliceSize(call);
      if (sliced === 'small') return 'small';
      return this.collection(receiver, depth + 1);
    }
    if (SAME_SIZE_METHODS.has(method) && this.isArrayLike(receiver)) {
      const own = this.collection(receiver, depth + 1);
      if (method !== 'concat') return own;
      return combine([own, ...call.arguments.map((argument) => (this.isArrayLike(argument) ? this.collection(argument, depth + 1) : 'small'))]);
    }
    return otherCall;
  }

  /** `Array.from({ length: n })` counts n; `Array.from(x)` has x's size. */
  arrayFromSource(source: ts.Expression, depth: number): Size {
    const value = unwrapExpression(source);
    if (ts.isObjectLiteralExpression(value)) {
      const length = value.properties.find(
        (property): property is ts.PropertyAssignment | ts.ShorthandPropertyAssignment =>
          (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) && ts.isIdentifier(property.name) && property.name.text === 'length',
      );
      if (!length) return 'unknown';
      return this.count(ts.isPropertyAssignment(length) ? length.initializer : length.name, depth + 1);
    }
    return this.collection(value, depth + 1);
  }

  /** `xs.slice(0, N)`, `xs.slice(-N)`, `xs.slice(i, i + N)` with a constant N up to the limit. */
  private sliceSize(call: ts.CallExpression): Size {
    const [start, end] = call.arguments;
    if (!start) return 'unknown';
    const startValue = this.constantNumber(start);
    if (end === undefined) return startValue !== undefined && startValue < 0 && -startValue <= this.maxUnbounded ? 'small' : 'unknown';
    const endValue = this.constantNumber(end);
    if (startValue !== undefined && endValue !== undefined) {
      const length = startValue >= 0 && endValue >= 0 ? endValue - startValue : undefined;
      return length !== undefined && length <= this.maxUnbounded ? 'small' : 'unknown';
    }
    // xs.slice(i, i + N): a window of N elements.
    const endExpression = unwrapExpression(end);
    if (ts.isBinaryExpression(endExpression) && endExpression.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const startText = unwrapExpression(start).getText();
      const width = unwrapExpression(endExpression.left).getText() === startText
        ? this.constantNumber(endExpression.right)
        : unwrapExpression(endExpression.right).getText() === startText
          ? this.constantNumber(endExpression.left)
          : undefined;
      if (width !== undefined && width <= this.maxUnbounded) return 'small';
    }
    return 'unknown';
  }

  /** An object with a fixed set of properties is small; a record or map with an index signature is data. */
  private objectSize(node: ts.Expression): Size {
    const type = this.checker.getTypeAtLocation(node);
    if (this.isArrayLike(node)) return this.collection(node);
    if (type.getStringIndexType() || type.getNumberIndexType()) return 'data';
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'unknown';
    return 'small';
  }

  /** Arrays and tuples; `any` too (untyped JavaScript), where `.map` is nearly always an array's. */
  isArrayLike(node: ts.Expression): boolean {
    const type = this.checker.getTypeAtLocation(node);
    if (type.flags & ts.TypeFlags.Any) return true;
    const parts = type.isUnion() ? type.types : [type];
    return parts.every((part) => this.checker.isArrayType(part) || this.checker.isTupleType(part));
  }

  private isBuiltin(identifier: ts.Identifier): boolean {
    const declarations = resolvedSymbol(this.checker, identifier)?.getDeclarations() ?? [];
    return declarations.some((declaration) => moduleOfDeclaration(this.program, declaration) === 'lib');
  }
}

export function isConstDeclaration(declaration: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
}


/** Whether a statement always leaves its function (ends with `return` or `throw`). */
function leaves(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) return statement.statements.length > 0 && leaves(statement.statements[statement.statements.length - 1]);
  return false;
}

/**
 * The code that runs instead of `node` on another branch of a choice made in its function:
 * the other arm of an `if`/`else` or a `?:`, the rest of the block after an `if` whose arm returns, or
 * that `if`'s arm when `node` is in the rest. Code that offers both an ordered and a concurrent way
 * (`if (options.ordered)`, one driver or the other) chose between them on purpose.
 */
export function alternativeBranches(node: ts.Node): ts.Node[] {
  const branches: ts.Node[] = [];
  for (let child = node, current = node.parent; current && !ts.isFunctionLike(current) && !ts.isSourceFile(current); child = current, current = current.parent) {
    if (ts.isIfStatement(current)) {
      if (current.thenStatement === child && current.elseStatement) branches.push(current.elseStatement);
      if (current.elseStatement === child) branches.push(current.thenStatement);
      if (current.thenStatement === child && !current.elseStatement && leaves(current.thenStatement) && ts.isBlock(current.parent)) {
        branches.push(...current.parent.statements.slice(current.parent.statements.indexOf(current) + 1));
      }
    } else if (ts.isConditionalExpression(current)) {
      if (current.whenTrue === child) branches.push(current.whenFalse);
      if (current.whenFalse === child) branches.push(current.whenTrue);
    } else if (ts.isBlock(current) && ts.isStatement(child)) {
      const index = current.statements.indexOf(child);
      for (const earlier of current.statements.slice(0, index)) {
        if (ts.isIfStatement(earlier) && !earlier.elseStatement && leaves(earlier.thenStatement)) branches.push(earlier.thenStatement);
      }
    }
  }
  return branches;
}
