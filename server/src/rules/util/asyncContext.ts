import { ts } from '../../typescript';
import { checkBudget } from '../../base/budget';
import { forEachNode, isAsyncFunction, skipParentheses } from './ast';
import { aliasTarget, isDefaultLibrarySymbol } from './declarations';

/** A function with a body: the unit whose code runs when it is called. */
export type FunctionWithBody = ts.FunctionLikeDeclaration & { body: ts.Node };

/**
 * Where a piece of code runs, as the event-loop rules see it:
 * - `async`: while an async function runs (its body, or a synchronous callback it runs at once);
 *   `awaitLegal` says whether `await` may be written right there.
 * - `sync`: while a plain synchronous function runs.
 * - `other`: module top level, class field initializers and static blocks (start-up code).
 */
export type CodeContext =
  | { kind: 'async'; fn: FunctionWithBody; awaitLegal: boolean }
  | { kind: 'sync'; fn: FunctionWithBody }
  | { kind: 'other' };

/** Array, Map, Set and typed-array methods that call their callback before they return. */
const IMMEDIATE_CALLBACK_METHODS = new Set([
  'forEach',
  'map',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
  'sort',
  'toSorted',
  'from',
  'replace',
  'replaceAll',
]);

const OTHER: CodeContext = { kind: 'other' };

/**
 * Answers "does this node run inside async code?" for one file. A synchronous callback counts as the
 * code around it when it runs at once: a built-in array/Map/Set method's callback (`forEach`, `map`,
 * `sort`, ...), `Array.from`'s mapper, `String#replace`'s replacer, a non-async Promise executor.
 */
export class AsyncContexts {
  private readonly bodyContexts = new Map<ts.Node, CodeContext>();

  constructor(
    private readonly program: ts.Program,
    private readonly checker: ts.TypeChecker,
  ) {}

  contextOf(node: ts.Node): CodeContext {
    const enclosing = enclosingFunctionOf(node);
    if (!enclosing) return OTHER;
    const context = this.bodyContextOf(enclosing.fn);
    // Parameter defaults run when the function is called, but `await` is not allowed there.
    return enclosing.inParameters && context.kind === 'async' ? { ...context, awaitLegal: false } : context;
  }

  /**
   * The context of the code directly in a function's body. A callback's context depends on the code
   * around it, so nested callbacks are resolved outwards first, without recursion (5,000 nested
   * callbacks must not overflow the stack), and cached.
   */
  bodyContextOf(fn: FunctionWithBody): CodeContext {
    const callbacks: FunctionWithBody[] = [];
    let outer: CodeContext | undefined;
    let current: FunctionWithBody | undefined = fn;
    while (!outer) {
      if (!current) {
        outer = OTHER;
        break;
      }
      const known = this.bodyContexts.get(current);
      if (known) outer = known;
      else if (isAsyncFunction(current)) outer = this.remember(current, { kind: 'async', fn: current, awaitLegal: true });
      // A generator's body runs when it is iterated, not when it is called.
      else if (current.asteriskToken || !isCallArgument(current)) outer = this.remember(current, { kind: 'sync', fn: current });
      else {
        callbacks.push(current);
        current = enclosingFunctionOf(current)?.fn;
      }
    }
    let context = outer;
    for (let i = callbacks.length - 1; i >= 0; i--) {
      const callback = callbacks[i];
      // Ask the checker whether a callback runs at once only when the answer matters: inside a function.
      // (A callback is never a helper of the one-level case, so at top level either answer reads the same.)
      if (context.kind === 'other') context = OTHER;
      else if (this.runsAtOnce(callback)) context = context.kind === 'async' ? { ...context, awaitLegal: false } : context;
      else context = { kind: 'sync', fn: callback };
      this.remember(callback, context);
    }
    return context;
  }

  private remember(fn: FunctionWithBody, context: CodeContext): CodeContext {
    this.bodyContexts.set(fn, context);
    return context;
  }

  /** Whether a function expression is a callback that the call it is passed to runs before returning. */
  runsAtOnce(fn: ts.Node): boolean {
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
    let argument: ts.Node = fn;
    while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
    const call = argument.parent;
    if (ts.isNewExpression(call)) {
      return call.arguments?.[0] === argument && this.isBuiltin(call.expression, 'Promise');
    }
    if (!ts.isCallExpression(call) || !call.arguments.includes(argument as ts.Expression)) return false;
    const callee = skipParentheses(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !IMMEDIATE_CALLBACK_METHODS.has(callee.name.text)) return false;
    const symbol = this.checker.getSymbolAtLocation(callee.name);
    if (!symbol) {
      // Untyped code (plain JavaScript, `any`): trust the method name.
      return isUntyped(this.checker.getTypeAtLocation(callee.expression));
    }
    return isDefaultLibrarySymbol(this.program, symbol);
  }

  /** Whether an expression names the built-in global of that name (not a user's own declaration). */
  isBuiltin(expression: ts.Expression, name: string): boolean {
    const target = skipParentheses(expression);
    if (!ts.isIdentifier(target) || target.text !== name) return false;
    const symbol = this.checker.getSymbolAtLocation(target);
    if (!symbol) return true;
    // `import { performance } from 'node:perf_hooks'` names the library's object too.
    const declarations = aliasTarget(this.checker, symbol).declarations ?? [];
    return declarations.length > 0 && declarations.every((declaration) => declaration.getSourceFile().isDeclarationFile);
  }
}

/**
 * The function whose body (or parameter list) a node is in, or undefined when the node runs as part of
 * something else: module top level, a class field initializer, a static block.
 */
function enclosingFunctionOf(node: ts.Node): { fn: FunctionWithBody; inParameters: boolean } | undefined {
  for (let current = node; current.parent; current = current.parent) {
    const parent = current.parent;
    if (isFunctionWithBody(parent)) return { fn: parent, inParameters: current !== parent.body };
    if (ts.isFunctionLike(parent)) return undefined; // a signature without a body: types only
    if (ts.isClassStaticBlockDeclaration(parent) || ts.isSourceFile(parent)) return undefined;
    // A field initializer runs when an instance is built, not as part of an enclosing function.
    if (ts.isPropertyDeclaration(parent) && current === parent.initializer) return undefined;
  }
  return undefined;
}

export function isFunctionWithBody(node: ts.Node): node is FunctionWithBody {
  return ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body !== undefined;
}

/** A function expression passed as an argument: `xs.map(() => ...)`, `new Promise((resolve) => ...)`. */
function isCallArgument(fn: ts.Node): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  let argument: ts.Node = fn;
  while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
  return (ts.isCallExpression(argument.parent) || ts.isNewExpression(argument.parent)) && argument !== argument.parent.expression;
}

function isUntyped(type: ts.Type): boolean {
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
}

/**
 * The function of this file that a call runs, when it is a plain synchronous one with a body:
 * a function declaration, a method, or a const/field holding an arrow or function expression.
 */
export function sameFileSyncCallee(checker: ts.TypeChecker, call: ts.CallExpression): FunctionWithBody | undefined {
  const callee = skipParentheses(call.expression);
  const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
  if (!nameNode) return undefined;
  const symbol = checker.getSymbolAtLocation(nameNode);
  // Overloads: the declaration with a body is the one that runs.
  const declaration = symbol?.declarations?.find((d) => isFunctionWithBody(d)) ?? symbol?.valueDeclaration;
  if (!declaration || declaration.getSourceFile() !== call.getSourceFile()) return undefined;
  let fn: ts.Node | undefined;
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) fn = declaration;
  else if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer) {
    if (ts.isVariableDeclaration(declaration) && !(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
    fn = skipParentheses(declaration.initializer);
  }
  if (!fn || !(ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) {
    return undefined;
  }
  if (!fn.body || isAsyncFunction(fn) || fn.asteriskToken) return undefined;
  return fn as FunctionWithBody;
}

/** Every function of the file that `sameFileSyncCallee` can return, in document order. */
function possibleHelpers(sourceFile: ts.SourceFile): FunctionWithBody[] {
  const helpers: FunctionWithBody[] = [];
  forEachNode(sourceFile, (node) => {
    if (!isFunctionWithBody(node) || isAsyncFunction(node) || node.asteriskToken) return;
    if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) helpers.push(node);
    else if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      let holder: ts.Node = node.parent;
      while (ts.isParenthesizedExpression(holder)) holder = holder.parent;
      if (ts.isVariableDeclaration(holder) || ts.isPropertyDeclaration(holder)) helpers.push(node);
    }
  });
  return helpers;
}

/** A problem found in async code, directly or one call away (in a same-file sync function it calls). */
export type AsyncCodeFinding<T> =
  | { kind: 'direct'; node: ts.Node; context: Extract<CodeContext, { kind: 'async' }>; finding: T }
  | { kind: 'helper'; call: ts.CallExpression; helper: FunctionWithBody; node: ts.Node; finding: T };

/** The kinds a scan visits: the inspected ones, and calls (of helpers). The same set for the same kinds. */
const scannedKinds = new WeakMap<ReadonlySet<ts.SyntaxKind>, ReadonlySet<ts.SyntaxKind>>();
function withCalls(kinds: ReadonlySet<ts.SyntaxKind>): ReadonlySet<ts.SyntaxKind> {
  let scanned = scannedKinds.get(kinds);
  if (!scanned) scannedKinds.set(kinds, (scanned = new Set([...kinds, ts.SyntaxKind.CallExpression])));
  return scanned;
}

/**
 * Walks the nodes in scope and reports, through `inspect`, the nodes of the given kinds that run inside
 * async code: directly, or in a synchronous function of the same file called from async code (reported
 * at the call, one level deep only). `inspect` is asked about helper code lazily, only for helpers async
 * code calls; a helper may lie outside the scope.
 */
export function scanAsyncCode<T>(
  forEachNodeInScope: (kinds: ReadonlySet<ts.SyntaxKind>, visit: (node: ts.Node) => void) => void,
  contexts: AsyncContexts,
  checker: ts.TypeChecker,
  kinds: ReadonlySet<ts.SyntaxKind>,
  inspect: (node: ts.Node) => T | undefined,
): AsyncCodeFinding<T>[] {
  const results: AsyncCodeFinding<T>[] = [];
  const helperCalls: ts.CallExpression[] = [];
  forEachNodeInScope(withCalls(kinds), (node) => {
    const context = contexts.contextOf(node);
    if (context.kind !== 'async') return;
    const finding = kinds.has(node.kind) ? inspect(node) : undefined;
    if (finding !== undefined) results.push({ kind: 'direct', node, context, finding });
    else if (ts.isCallExpression(node)) helperCalls.push(node);
  });

  /** The first node in the helper's own synchronous code that `inspect` reports, in document order. */
  const firstFinding = (helper: FunctionWithBody): { node: ts.Node; finding: T } | null => {
    let first: { node: ts.Node; finding: T } | null = null;
    forEachNode(helper, (node) => {
      if (first || !kinds.has(node.kind)) return;
      const context = contexts.contextOf(node);
      if (context.kind !== 'sync' || context.fn !== helper) return;
      const finding = inspect(node);
      if (finding !== undefined) first = { node, finding };
    });
    return first;
  };

  const firstInHelper = new Map<ts.Node, { node: ts.Node; finding: T } | null>();
  const firstOf = (helper: FunctionWithBody): { node: ts.Node; finding: T } | null => {
    let first = firstInHelper.get(helper);
    if (first === undefined) firstInHelper.set(helper, (first = firstFinding(helper)));
    return first;
  };
  if (helperCalls.length === 0) return results;
  // Resolving each call's callee costs a checker look-up. When no function of the file that could be a
  // helper has a finding, no call can report one and none need resolving; looking into every possible
  // helper pays off only when there are more calls than helpers (a whole file, not one edited function).
  const candidates = possibleHelpers(helperCalls[0].getSourceFile());
  if (helperCalls.length > candidates.length && !candidates.some((helper) => firstOf(helper) !== null)) return results;
  for (const call of helperCalls) {
    const helper = sameFileSyncCallee(checker, call);
    if (!helper) continue;
    const first = firstOf(helper);
    if (first) results.push({ kind: 'helper', call, helper, node: first.node, finding: first.finding });
  }
  return results;
}

/**
 * Whether any node under `root` satisfies the test, without looking inside the nodes `skip` accepts
 * (by default nested functions and classes, whose code runs at another time). Iterative and
 * budget-checked, like `forEachNode`.
 */
export function someNode(
  root: ts.Node,
  test: (node: ts.Node) => boolean,
  skip: (node: ts.Node) => boolean = (node) => ts.isFunctionLike(node) || ts.isClassLike(node),
): boolean {
  const stack: ts.Node[] = [root];
  let visited = 0;
  while (stack.length > 0) {
    if (++visited % 256 === 0) checkBudget();
    const node = stack.pop()!;
    if (test(node)) return true;
    ts.forEachChild(node, (child) => {
      if (!skip(child)) stack.push(child);
    });
  }
  return false;
}
