import { ts } from '../../typescript';
import { calleeExpression, calleeNameNode, changeAt, forEachNode, isAsyncFunction, skipParentheses } from './ast';
import { readCodeOf, readCodeOfFiles } from './crossFileReads';
import { isFunctionWithBody, type AsyncContexts, type CodeContext, type FunctionWithBody } from './asyncContext';
import { isDefaultLibrarySymbol, isPackageFile, isProjectFile, resolvedSymbol } from './declarations';
import { implementationOf } from './implementations';
import { calleeText } from './text';
import { untypedCallees, type UntypedCallee } from './untypedCallees';

/**
 * Per-function summaries "calling this may block the event loop, through this chain of calls", for
 * blocking-call. A summary follows the calls that the type checker resolves to a synchronous function
 * with a body in the project's own code (a function, a method, also through `this`, a getter, a
 * constructor, through imports, re-exports and default exports), in any file and any number of calls
 * deep. It does not follow a function value passed somewhere (a callback the helper stores or runs
 * later is not the helper's own code: see AsyncContexts), nor calls into libraries.
 *
 * Summaries are kept across analyses, per function, for as long as the files they were computed from
 * are the same ts.SourceFile objects in the current program (the program reuses the objects of unchanged
 * files across edits): an edit recomputes the summaries of the edited file and of the functions whose
 * chains pass through it, nothing else.
 */

/** One call on a chain: a call (or getter read, or `new`) in a function's own code, and a short name for it. */
export interface ChainStep {
  node: ts.Node;
  label: string;
  /** Whether this step runs only on some paths through its function (a branch, a loop, after an early exit). */
  conditional: boolean;
  /** For a call of one of an object's members picked by a run-time key: the member taken, `paths.pnpm.get`. */
  member?: string;
}

/** How a function reaches a blocking leaf: the steps from a call in its own code down to the leaf itself. */
export interface Chain<L> {
  steps: ChainStep[];
  leaf: L;
  /** Whether some step runs only on some paths: the function may block, not always. */
  conditional: boolean;
}

/** A blocking leaf or helper call found in async code. */
export type AsyncBlocking<L> =
  | { kind: 'direct'; node: ts.Node; awaitLegal: boolean; leaf: L }
  | { kind: 'helper'; node: ts.Node; label: string; helper: FunctionWithBody; chain: Chain<L>; member?: string };

export interface BlockingSummaryOptions<L> {
  /** The kinds of node `leafAt` looks at. */
  leafKinds: ReadonlySet<ts.SyntaxKind>;
  /** The blocking leaf at a node (of any file of the program), if it is one. */
  leafAt(node: ts.Node): L | undefined;
  /** The leaf's short name: `fs.readFileSync`. */
  leafLabel(leaf: L, node: ts.Node): string;
  /** Whether a call (or getter read, or `new`) of a helper is accepted as fine: its chain is not followed. */
  isFine(node: ts.Node, helper: FunctionWithBody): boolean;
  /** Everything the answers of `leafAt` and `isFine` depend on besides the code (the rule's options). */
  key: string;
}

/** Chains longer than this are not followed (the stack stays bounded on generated code). */
const MAX_DEPTH = 48;

interface Entry {
  chain: Chain<unknown> | null;
  /** The files the summary was computed from: it holds while the program has these very objects. */
  files: readonly ts.SourceFile[];
  /**
   * The files among them whose function bodies it followed (see crossFileReads); of the others it read
   * declarations only, which their signatures cover.
   */
  bodies: readonly string[];
}

/** Summaries by the file of their function, then by the rule's options, then by function. */
const summaries = new WeakMap<ts.SourceFile, Map<string, Map<ts.Node, Entry>>>();

/** Names that a helper call or a getter read can have, per file: a method call whose name is none of these cannot reach a helper. */
const helperNamesByFile = new WeakMap<ts.SourceFile, { calls: Set<string>; accessors: Set<string> }>();
const helperNamesByProgram = new WeakSet<ts.Program>();

const THEN_METHODS = new Set(['then', 'catch', 'finally']);

interface Computation {
  chain: Chain<unknown> | null;
  files: Set<ts.SourceFile>;
  bodies: Set<string>;
  /** Functions still being computed that the result depended on: then it is not final (see `summaryOf`). */
  pending: Set<ts.Node>;
}

export class BlockingSummaries<L> {
  private readonly visiting = new Set<ts.Node>();
  private readonly names: { calls: Set<string>; accessors: Set<string> };
  /** The rule's options and the program's shape: summaries are kept apart by both. */
  private readonly key: string;

  constructor(
    private readonly program: ts.Program,
    private readonly checker: ts.TypeChecker,
    private readonly contexts: AsyncContexts,
    private readonly options: BlockingSummaryOptions<L>,
  ) {
    this.names = programHelperNames(program);
    this.key = `${programShape(program)}\0${options.key}`;
  }

  /**
   * The blocking leaves and helper calls in async code among the nodes `forEachNodeInScope` visits:
   * async functions, and the callbacks of a promise's `.then`/`.catch`/`.finally` (which run on the
   * event loop just the same), with the synchronous callbacks they run at once.
   */
  scan(forEachNodeInScope: (kinds: ReadonlySet<ts.SyntaxKind>, visit: (node: ts.Node) => void) => void): AsyncBlocking<L>[] {
    const results: AsyncBlocking<L>[] = [];
    forEachNodeInScope(scannedKinds(this.options.leafKinds), (node) => {
      if (!this.mayMatter(node)) return;
      const context = this.asyncContextOf(node);
      if (!context) return;
      const leaf = this.options.leafKinds.has(node.kind) ? this.options.leafAt(node) : undefined;
      if (leaf !== undefined) {
        results.push({ kind: 'direct', node, awaitLegal: context.awaitLegal, leaf });
        return;
      }
      const resolved = this.helpersOf(node);
      if (!resolved) return;
      let found: { helper: FunctionWithBody; chain: Chain<L>; member?: string } | undefined;
      for (const { fn: helper, member } of resolved.callees) {
        if (this.options.isFine(node, helper)) continue;
        const chain = this.summaryOf(helper);
        if (chain && (!found || (found.chain.conditional && !chain.conditional))) found = { helper, chain, member };
        if (found && !found.chain.conditional) break;
      }
      if (!found) return;
      // A member picked by a run-time key runs for some keys only.
      const chain = resolved.byKey ? { ...found.chain, conditional: true } : found.chain;
      results.push({ kind: 'helper', node, label: stepLabel(node), helper: found.helper, chain, member: found.member });
    });
    return results;
  }

  /** Property accesses matter only when some getter or setter of the project has their name (the cheap test first). */
  private mayMatter(node: ts.Node): boolean {
    return !ts.isPropertyAccessExpression(node) || this.options.leafKinds.has(node.kind) || this.names.accessors.has(node.name.text);
  }

  /** Whether a node runs in async code, and whether `await` may be written there. */
  private asyncContextOf(node: ts.Node): { awaitLegal: boolean } | undefined {
    const context: CodeContext = this.contexts.contextOf(node);
    if (context.kind === 'async') return { awaitLegal: context.awaitLegal };
    if (context.kind === 'sync' && this.isPromiseCallback(context.fn)) return { awaitLegal: false };
    return undefined;
  }

  /** `p.then(() => ...)`, `.catch(...)`, `.finally(...)` of the default library's promises. */
  private isPromiseCallback(fn: FunctionWithBody): boolean {
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
    let argument: ts.Node = fn;
    while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
    const call = argument.parent;
    if (!ts.isCallExpression(call) || !call.arguments.includes(argument as ts.Expression)) return false;
    const callee = skipParentheses(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !THEN_METHODS.has(callee.name.text)) return false;
    return isDefaultLibrarySymbol(this.program, this.checker.getSymbolAtLocation(callee.name));
  }

  /** The summary of a synchronous helper: null when no chain from it reaches a blocking leaf. */
  summaryOf(fn: FunctionWithBody): Chain<L> | null {
    const known = this.cached(fn);
    // Whoever uses a summary reads the bodies it was made from (kept summaries too).
    readCodeOf(fn);
    if (known) {
      readCodeOfFiles(known.bodies);
      return known.chain as Chain<L> | null;
    }
    const result = this.compute(fn, 0);
    readCodeOfFiles(result.bodies);
    // A result that met a function still being computed (recursion) is final only when that function
    // is this one. A helper met on the way keeps no null summary then, unless this one found no chain
    // at all: whatever it reaches, this one reaches too, so none of them blocks.
    return result.chain as Chain<L> | null;
  }

  private cached(fn: ts.Node): Entry | undefined {
    const entry = summaries.get(fn.getSourceFile())?.get(this.key)?.get(fn);
    if (!entry) return undefined;
    return entry.files.every((file) => this.program.getSourceFile(file.fileName) === file) ? entry : undefined;
  }

  private store(fn: ts.Node, chain: Chain<unknown> | null, files: Iterable<ts.SourceFile>, bodies: Iterable<string>): void {
    const file = fn.getSourceFile();
    let byKey = summaries.get(file);
    if (!byKey) summaries.set(file, (byKey = new Map()));
    let byFunction = byKey.get(this.key);
    if (!byFunction) byKey.set(this.key, (byFunction = new Map()));
    byFunction.set(fn, { chain, files: [...files], bodies: [...bodies] });
  }

  private compute(fn: FunctionWithBody, depth: number): Computation {
    const files = new Set<ts.SourceFile>([fn.getSourceFile()]);
    const bodies = new Set<string>([fn.getSourceFile().fileName]);
    const pending = new Set<ts.Node>();
    if (this.visiting.has(fn) || depth > MAX_DEPTH) {
      pending.add(fn);
      return { chain: null, files, bodies, pending };
    }
    this.visiting.add(fn);
    const reached: ts.Node[] = [];
    let first: Chain<L> | null = null;
    let firstConditional: Chain<L> | null = null;
    this.forEachOwnNode(fn, (node) => {
      if (first) return true;
      let chain: Chain<L> | undefined;
      const leaf = this.options.leafKinds.has(node.kind) ? this.options.leafAt(node) : undefined;
      if (leaf !== undefined) {
        const conditional = isConditional(node, fn);
        chain = { steps: [{ node, label: this.options.leafLabel(leaf, node), conditional }], leaf, conditional };
      } else {
        const resolved = this.helpersOf(node, files);
        if (!resolved) return false;
        let taken: { inner: Chain<L>; member?: string } | undefined;
        for (const { fn: helper, member } of resolved.callees) {
          if (this.options.isFine(node, helper)) continue;
          let inner: Chain<L> | null;
          const known = this.cached(helper);
          if (known) {
            inner = known.chain as Chain<L> | null;
            for (const file of known.files) files.add(file);
            for (const file of known.bodies) bodies.add(file);
          } else {
            const result = this.compute(helper, depth + 1);
            inner = result.chain as Chain<L> | null;
            for (const file of result.files) files.add(file);
            for (const file of result.bodies) bodies.add(file);
            for (const other of result.pending) pending.add(other);
            reached.push(helper);
          }
          if (inner && (!taken || (taken.inner.conditional && !inner.conditional))) taken = { inner, member };
          if (taken && !taken.inner.conditional) break;
        }
        if (taken) {
          // A member picked by a run-time key runs for some keys only.
          const conditional = isConditional(node, fn) || resolved.byKey;
          const step: ChainStep = { node, label: stepLabel(node), conditional, ...(taken.member !== undefined ? { member: taken.member } : {}) };
          chain = { steps: [step, ...taken.inner.steps], leaf: taken.inner.leaf, conditional: conditional || taken.inner.conditional };
        }
      }
      if (!chain) return false;
      if (!chain.conditional) first = chain;
      else firstConditional ??= chain;
      return first !== null;
    });
    this.visiting.delete(fn);
    pending.delete(fn);
    const chain = first ?? firstConditional;
    if (pending.size === 0) {
      this.store(fn, chain, files, bodies);
      // No chain from here: none from the helpers reached either (their pending nulls are final too).
      if (!chain) for (const helper of reached) if (!this.cached(helper)) this.store(helper, null, files, bodies);
    }
    return { chain, files, bodies, pending };
  }

  /**
   * Visits, in document order, the nodes of a function's own synchronous code (with the callbacks it
   * runs at once) that can be a leaf or reach a helper; stops when `visit` returns true.
   */
  private forEachOwnNode(fn: FunctionWithBody, visit: (node: ts.Node) => boolean): void {
    let done = false;
    const kinds = scannedKinds(this.options.leafKinds);
    forEachNode(fn, (node) => {
      if (done || node === fn || !kinds.has(node.kind) || !this.mayMatter(node)) return;
      const context = this.contexts.contextOf(node);
      if (context.kind !== 'sync' || context.fn !== fn) return;
      done = visit(node);
    });
  }

  /**
   * The helpers a node may run: the one `helperOf` finds, else, for a call the checker types `any`, the
   * functions of a namespace member or of an object's members picked by a run-time key (see untypedCallees).
   */
  private helpersOf(node: ts.Node, files?: Set<ts.SourceFile>): { callees: UntypedCallee[]; byKey: boolean } | undefined {
    const helper = this.helperOf(node, files);
    if (helper) return { callees: [{ fn: helper }], byKey: false };
    if (!ts.isCallExpression(node)) return undefined;
    const callee = calleeExpression(node.expression);
    const name = memberName(callee);
    if (name !== undefined && !this.names.calls.has(name)) return undefined;
    const found = untypedCallees(callee, this.checker);
    // Both shapes are read from the call's own file.
    return found && isProjectFile(this.program, node.getSourceFile()) ? found : undefined;
  }

  /**
   * The synchronous helper of the project's own code that a node runs: the function a call calls, the
   * constructor of `new`, the getter a property read runs. Undefined for anything else. `files`, when
   * given, gains the project files that declare what the node resolved to (a summary depends on them
   * even when that is no helper: an interface's method may become a class's).
   */
  helperOf(node: ts.Node, files?: Set<ts.SourceFile>): FunctionWithBody | undefined {
    if (ts.isCallExpression(node)) {
      const callee = calleeExpression(node.expression);
      if (callee.kind === ts.SyntaxKind.ImportKeyword) return undefined;
      if (callee.kind === ts.SyntaxKind.SuperKeyword) return this.constructorOf(node, files);
      const name = memberName(callee);
      if (name !== undefined && !this.names.calls.has(name) && !this.names.accessors.has(name)) return undefined;
      const nameNode = calleeNameNode(callee);
      return nameNode ? this.functionOf(this.symbolOf(nameNode, files), files) : undefined;
    }
    if (ts.isNewExpression(node)) return this.constructorOf(node, files);
    if (ts.isPropertyAccessExpression(node)) {
      if (!this.names.accessors.has(node.name.text)) return undefined;
      const access = accessOf(node);
      // The call of a getter's value is looked at as the call.
      if (access.read && ts.isCallExpression(node.parent) && skipParentheses(node.parent.expression) === node) return undefined;
      const declarations = this.symbolOf(node.name, files)?.declarations ?? [];
      const setter = access.write ? this.accessorOf(declarations, ts.SyntaxKind.SetAccessor, files) : undefined;
      return setter ?? (access.read ? this.accessorOf(declarations, ts.SyntaxKind.GetAccessor, files) : undefined);
    }
    return undefined;
  }

  /**
   * The constructor that `new C()` or `super(...)` runs, as the checker resolves the call: the class's
   * own, or the one it inherits when it declares none. Undefined when no constructor with a body runs.
   */
  private constructorOf(node: ts.CallExpression | ts.NewExpression, files?: Set<ts.SourceFile>): FunctionWithBody | undefined {
    if (ts.isNewExpression(node)) {
      // Resolving the signature is the dear part: only for a class the project declares (`new Map()` is not).
      const nameNode = calleeNameNode(skipParentheses(node.expression));
      const symbol = nameNode && this.symbolOf(nameNode, files);
      const ownClass = symbol?.declarations?.some(
        (d) => (ts.isClassDeclaration(d) || ts.isClassExpression(d)) && !isPackageFile(this.program, d.getSourceFile()) && (isProjectFile(this.program, d.getSourceFile()) || d.getSourceFile().isDeclarationFile),
      );
      if (!ownClass) return undefined;
    }
    const declaration = this.checker.getResolvedSignature(node)?.declaration;
    if (!declaration || ts.isJSDocSignature(declaration)) return undefined;
    const constructor = ts.isConstructorDeclaration(declaration) && declaration.body ? declaration : implementationOf(this.program, declaration, files);
    if (!constructor || !ts.isConstructorDeclaration(constructor) || !constructor.body) return undefined;
    if (files && !files.has(constructor.getSourceFile())) files.add(constructor.getSourceFile());
    return isProjectFile(this.program, constructor.getSourceFile()) ? (constructor as FunctionWithBody) : undefined;
  }

  /** The one getter (or setter) with a body that a property's declarations hold, or their implementation beside a declaration file. */
  private accessorOf(declarations: readonly ts.Declaration[], kind: ts.SyntaxKind.GetAccessor | ts.SyntaxKind.SetAccessor, files?: Set<ts.SourceFile>): FunctionWithBody | undefined {
    const found = new Set<ts.Node>();
    for (const declaration of declarations) {
      if (declaration.kind !== kind) continue;
      const accessor = (declaration as ts.AccessorDeclaration).body ? declaration : implementationOf(this.program, declaration, files);
      if (accessor?.kind === kind && (accessor as ts.AccessorDeclaration).body) found.add(accessor);
    }
    // A union's property can be two classes' accessors: which one runs is not known.
    if (found.size !== 1) return undefined;
    const [accessor] = found;
    return isProjectFile(this.program, accessor.getSourceFile()) ? (accessor as FunctionWithBody) : undefined;
  }

  private symbolOf(node: ts.Node, files?: Set<ts.SourceFile>): ts.Symbol | undefined {
    const symbol = resolvedSymbol(this.checker, node);
    if (files) {
      for (const declaration of symbol?.declarations ?? []) {
        const file = declaration.getSourceFile();
        if (!files.has(file) && isProjectFile(this.program, file)) files.add(file);
      }
    }
    return symbol;
  }

  /**
   * The synchronous function with a body that a called symbol declares: a function, method, getter, or a
   * const (or field) holding one. Only when the checker's answer is one function: a call through a union
   * of two classes (either method may run), an interface's or an abstract method is not followed.
   */
  private functionOf(symbol: ts.Symbol | undefined, files?: Set<ts.SourceFile>): FunctionWithBody | undefined {
    const declarations = symbol?.declarations ?? [];
    // Overloads: the declaration with a body is the one that runs.
    const withBody = new Set<ts.Node>();
    for (const declaration of declarations) {
      if (isFunctionWithBody(declaration)) withBody.add(declaration);
      else if (ts.isFunctionLike(declaration) || ts.isClassDeclaration(declaration)) {
        const implementation = implementationOf(this.program, declaration, files);
        if (implementation && isFunctionWithBody(implementation)) withBody.add(implementation);
      }
    }
    if (withBody.size > 1) return undefined;
    let [fn]: (ts.Node | undefined)[] = [...withBody];
    if (!fn) {
      const holder = declarations.find(
        (declaration) => ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration),
      ) as ts.VariableDeclaration | ts.PropertyDeclaration | ts.PropertyAssignment | undefined;
      if (!holder?.initializer) return undefined;
      if (ts.isVariableDeclaration(holder) && !(ts.getCombinedNodeFlags(holder) & ts.NodeFlags.Const)) return undefined;
      fn = skipParentheses(holder.initializer);
    }
    if (
      !fn ||
      !(ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isGetAccessorDeclaration(fn))
    ) {
      return undefined;
    }
    if (!fn.body || isAsyncFunction(fn) || fn.asteriskToken || !isProjectFile(this.program, fn.getSourceFile())) return undefined;
    return fn as FunctionWithBody;
  }
}

/**
 * The program's root files, as a short key. A call that resolves to nothing (a file the program does
 * not hold: a first look at a file without its imports' imports, a module not yet written) leaves no
 * file behind in a summary's files: summaries of programs with other roots are kept apart instead.
 */
const shapes = new WeakMap<ts.Program, string>();
function programShape(program: ts.Program): string {
  let shape = shapes.get(program);
  if (shape === undefined) {
    const roots = program.getRootFileNames();
    let hash = 0x811c9dc5;
    for (const root of roots) {
      for (let i = 0; i < root.length; i++) hash = Math.imul(hash ^ root.charCodeAt(i), 0x01000193);
      hash = Math.imul(hash ^ 10, 0x01000193);
    }
    shapes.set(program, (shape = `${roots.length}:${(hash >>> 0).toString(36)}`));
  }
  return shape;
}

/** The kinds a scan visits: the leaf kinds, and those that can run a helper. The same set for the same kinds. */
const scannedKindSets = new WeakMap<ReadonlySet<ts.SyntaxKind>, ReadonlySet<ts.SyntaxKind>>();
function scannedKinds(kinds: ReadonlySet<ts.SyntaxKind>): ReadonlySet<ts.SyntaxKind> {
  let scanned = scannedKindSets.get(kinds);
  if (!scanned) {
    scanned = new Set([...kinds, ts.SyntaxKind.CallExpression, ts.SyntaxKind.NewExpression, ts.SyntaxKind.PropertyAccessExpression]);
    scannedKindSets.set(kinds, scanned);
  }
  return scanned;
}

/** A step's short name: `loadConfig()`, `new Store()`, `this.settings`. */
export function stepLabel(node: ts.Node): string {
  const file = node.getSourceFile();
  if (ts.isCallExpression(node)) return `${calleeText(node, file)}()`;
  if (ts.isNewExpression(node)) return `new ${calleeText(node, file)}()`;
  const text = node.getText(file).replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The name a method call is looked up by, when it is one (`a.b()`, `a['b']()`); undefined for a plain call. */
function memberName(callee: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression.text;
  return undefined;
}

/**
 * What a property access does: reads the value (a getter runs), writes it (a setter runs), or both
 * (`a.b += 1`, `a.b++`). A deleted property does neither.
 */
function accessOf(node: ts.PropertyAccessExpression): { read: boolean; write: boolean } {
  const change = changeAt(node);
  return { read: change !== 'assign' && change !== 'delete', write: change === 'assign' || change === 'update' };
}

/**
 * Whether a node of a function's own code runs only on some paths through it: in a branch, a loop body,
 * a `catch`, the right side of `&&`/`||`/`??`, an optional call, a callback (which may not be called),
 * or after a statement that can leave the function early (`if (cached) return cached;`).
 */
export function isConditional(node: ts.Node, fn: FunctionWithBody): boolean {
  if (ts.isOptionalChain(node)) return true;
  for (let child = node, parent = node.parent; parent && child !== fn.body && child !== fn; child = parent, parent = parent.parent) {
    if (ts.isFunctionLike(parent)) return true;
    if (ts.isIfStatement(parent) && child !== parent.expression) return true;
    if (ts.isConditionalExpression(parent) && child !== parent.condition) return true;
    if (ts.isBinaryExpression(parent) && child === parent.right && isShortCircuit(parent.operatorToken.kind)) return true;
    if (ts.isCaseClause(parent) || ts.isDefaultClause(parent) || ts.isCatchClause(parent)) return true;
    if ((ts.isWhileStatement(parent) || ts.isForInStatement(parent) || ts.isForOfStatement(parent)) && child === parent.statement) return true;
    if (ts.isForStatement(parent) && (child === parent.statement || child === parent.incrementor)) return true;
    if (ts.isBlock(parent) || ts.isCaseClause(parent)) {
      for (const statement of parent.statements) {
        if (statement === child) break;
        if (mayLeave(statement)) return true;
      }
    }
  }
  return false;
}

function isShortCircuit(kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.AmpersandAmpersandToken ||
    kind === ts.SyntaxKind.BarBarToken ||
    kind === ts.SyntaxKind.QuestionQuestionToken ||
    kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken ||
    kind === ts.SyntaxKind.BarBarEqualsToken ||
    kind === ts.SyntaxKind.QuestionQuestionEqualsToken
  );
}

/** Whether a statement can end its function's run or its block early: a return, throw, break or continue in it (not in nested functions). */
function mayLeave(statement: ts.Statement): boolean {
  const stack: ts.Node[] = [statement];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node) || ts.isBreakStatement(node) || ts.isContinueStatement(node)) return true;
    ts.forEachChild(node, (child) => {
      if (!ts.isFunctionLike(child) && !ts.isClassLike(child)) stack.push(child);
    });
  }
  return false;
}

/**
 * The names of the project's synchronous functions, methods and function-holding consts and fields, of
 * the names they are re-exported under (`calls`), and of its getters and setters (`accessors`). One set for every program, that
 * only grows: a name in it that no helper has any more costs a look-up, never a missed helper, and each
 * program adds only the files it has that no earlier one had (an edit, one file).
 */
const allHelperNames = { calls: new Set<string>(['default']), accessors: new Set<string>() };
const namedFiles = new WeakSet<ts.SourceFile>();

function programHelperNames(program: ts.Program): { calls: Set<string>; accessors: Set<string> } {
  if (helperNamesByProgram.has(program)) return allHelperNames;
  for (const file of program.getSourceFiles()) {
    if (namedFiles.has(file) || !isProjectFile(program, file)) continue;
    const ofFile = fileHelperNames(file);
    for (const name of ofFile.calls) allHelperNames.calls.add(name);
    for (const name of ofFile.accessors) allHelperNames.accessors.add(name);
    namedFiles.add(file);
  }
  helperNamesByProgram.add(program);
  return allHelperNames;
}

function fileHelperNames(file: ts.SourceFile): { calls: Set<string>; accessors: Set<string> } {
  const known = helperNamesByFile.get(file);
  if (known) return known;
  const names = { calls: new Set<string>(), accessors: new Set<string>() };
  const add = (name: ts.Node | undefined, into: Set<string>) => {
    if (name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name))) into.add(name.text);
  };
  // Re-exports and imports under another name: a member call through a namespace names the alias.
  for (const statement of file.statements) {
    const clause = ts.isExportDeclaration(statement) ? statement.exportClause : undefined;
    if (clause && ts.isNamedExports(clause)) for (const element of clause.elements) names.calls.add(element.name.text);
    else if (clause && ts.isNamespaceExport(clause)) names.calls.add(clause.name.text);
  }
  forEachNode(file, (node) => {
    if (ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) add(node.name, names.accessors);
    else if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) add(node.name, names.calls);
    else if ((ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node) || ts.isPropertyAssignment(node)) && node.initializer) {
      const initializer = skipParentheses(node.initializer);
      if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) add(node.name, names.calls);
    }
  });
  helperNamesByFile.set(file, names);
  return names;
}
