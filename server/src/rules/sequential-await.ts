import { ts } from '../typescript';
import { integerOption } from './options';
import { defineRule, type TextEdit } from './types';
import { forEachNode } from './util/ast';
import { boundedStyle, HELPER_NAME, limiterDeclaration, pLimitProjectInput } from './util/boundedFix';
import {
  alternativeBranches,
  containsBoundedCall,
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_UNBOUNDED,
  isBoundedCall,
  promiseCombinator,
  SizeClassifier,
  unwrapExpression,
} from './util/concurrency';
import { readCodeOf } from './util/crossFileReads';
import { calledDeclaration, calledModule, moduleOfDeclaration, resolvedSymbol } from './util/declarations';
import { statementEnd } from './util/fixText';
import { IoEvidence } from './util/ioEvidence';
import { isMemberAccessTarget } from './util/promiseFixes';
import { PromiseTypes } from './util/promiseTypes';

interface Options {
  concurrency: number;
}

type Loop = ts.ForStatement | ts.ForOfStatement | ts.ForInStatement | ts.WhileStatement | ts.DoStatement;
type FixId = 'runConcurrently' | 'runBounded';

const LOOP_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.ForStatement,
  ts.SyntaxKind.ForOfStatement,
  ts.SyntaxKind.ForInStatement,
  ts.SyntaxKind.WhileStatement,
  ts.SyntaxKind.DoStatement,
]);

function isLoop(node: ts.Node): node is Loop {
  return ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node);
}

/** The parts of a loop that run again on every iteration. */
function repeatedParts(loop: Loop): (ts.Node | undefined)[] {
  if (ts.isForStatement(loop)) return [loop.condition, loop.incrementor, loop.statement];
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return [loop.expression, loop.statement];
  return [loop.statement];
}

/**
 * The awaits that run once per iteration of `loop` and belong to it: not those inside nested
 * functions (they run when called) nor those repeated by a nested loop (they are that loop's).
 */
function awaitsOf(root: ts.Node | undefined): ts.AwaitExpression[] {
  const found: ts.AwaitExpression[] = [];
  const stack: ts.Node[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isAwaitExpression(node)) found.push(node);
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) continue;
    if (isLoop(node)) {
      // A nested loop's header runs once per iteration of ours; its body is its own.
      if (ts.isForStatement(node) && node.initializer) stack.push(node.initializer);
      if (ts.isForOfStatement(node) || ts.isForInStatement(node)) stack.push(node.expression);
      continue;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return found.sort((a, b) => a.pos - b.pos);
}

/** The names a binding (`x`, `[a, b]`, `{ id, ...rest }`) declares. */
function boundIdentifiers(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  const names: ts.Identifier[] = [];
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) names.push(...boundIdentifiers(element.name));
  }
  return names;
}

function isInside(node: ts.Node, container: ts.Node | undefined): boolean {
  return container !== undefined && node.pos >= container.pos && node.end <= container.end;
}

const MUTATING_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear']);
const ASSIGNMENTS = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.MinusEqualsToken,
  ts.SyntaxKind.AsteriskEqualsToken,
  ts.SyntaxKind.AsteriskAsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken,
  ts.SyntaxKind.PercentEqualsToken,
  ts.SyntaxKind.LessThanLessThanEqualsToken,
  ts.SyntaxKind.GreaterThanGreaterThanEqualsToken,
  ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken,
  ts.SyntaxKind.AmpersandEqualsToken,
  ts.SyntaxKind.BarEqualsToken,
  ts.SyntaxKind.CaretEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

function isAssignment(node: ts.Node): node is ts.BinaryExpression {
  return ts.isBinaryExpression(node) && ASSIGNMENTS.has(node.operatorToken.kind);
}

/** Whether `node` is (part of) the target of an assignment: `x = ...`, `[x, y] = ...`, `{ x } = ...`. */
function isAssignmentTarget(node: ts.Node): boolean {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (isAssignment(parent)) return parent.left === current;
    if (
      ts.isArrayLiteralExpression(parent) ||
      ts.isSpreadElement(parent) ||
      ts.isShorthandPropertyAssignment(parent) ||
      (ts.isPropertyAssignment(parent) && parent.initializer === current) ||
      ts.isObjectLiteralExpression(parent) ||
      ts.isParenthesizedExpression(parent)
    ) {
      current = parent;
      continue;
    }
    return false;
  }
}

/**
 * Whether an identifier is written rather than read: assigned, incremented, the object of a property
 * or element assignment, the receiver of a mutating method (`push`, `set`, ...), or `delete`d from.
 */
function isWrite(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)) {
    return true;
  }
  if (isAssignmentTarget(identifier)) return true;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === identifier) {
    if (isAssignmentTarget(parent) || ts.isDeleteExpression(parent.parent)) return true;
    if (ts.isPrefixUnaryExpression(parent.parent) || ts.isPostfixUnaryExpression(parent.parent)) return true;
    if (ts.isPropertyAccessExpression(parent) && MUTATING_METHODS.has(parent.name.text) && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
      return true;
    }
  }
  return false;
}

/** Identifiers that are names, not references: `a.name`, `{ name: 1 }`, a declared name. */
function isReference(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isPropertySignature(parent)) && parent.name === identifier) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === identifier) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent) || ts.isFunctionDeclaration(parent)) && parent.name === identifier) return false;
  return !ts.isTypeNode(parent) && !ts.isTypeReferenceNode(parent);
}

/** Names of collections whose order is their meaning (a pipeline of steps, not a set of items). */
const ORDERED_COLLECTION = /^(migrations?|steps?|hooks?|middlewares?|plugins?|stages?|phases?|pipeline|interceptors?|listeners?|handlers?|callbacks?|initializers?|seeders?|seeds?)$/i;
/** Names of sleep helpers, for when the checker cannot see into them. */
const DELAY_NAME = /^(sleep|delay|pause|backoff)(Ms|Millis|Seconds|For|Async)?$|^(wait|setTimeout)$/i;

function nameOfExpression(expression: ts.Expression): string | undefined {
  const value = unwrapExpression(expression);
  if (ts.isIdentifier(value)) return value.text;
  if (ts.isPropertyAccessExpression(value)) return value.name.text;
  if (ts.isCallExpression(value)) return nameOfExpression(value.expression);
  return undefined;
}

/** Whether a function body waits with a timer: `new Promise((r) => setTimeout(r, ms))` or timers/promises. */
function containsTimer(program: ts.Program, checker: ts.TypeChecker, node: ts.Node): boolean {
  let found = false;
  forEachNode(node, (child) => {
    if (found || !ts.isCallExpression(child)) return;
    const callee = unwrapExpression(child.expression);
    if (ts.isIdentifier(callee) && callee.text === 'setTimeout') found = true;
    else if (calledModule(program, checker, child) === 'timers/promises') found = true;
  });
  return found;
}

/** Whether awaiting `operand` waits for time to pass (a retry's backoff, a poll's interval, a rate limit). */
function isDelay(program: ts.Program, checker: ts.TypeChecker, operand: ts.Expression): boolean {
  const value = unwrapExpression(operand);
  if (ts.isNewExpression(value)) return containsTimer(program, checker, value);
  if (!ts.isCallExpression(value)) return false;
  if (calledModule(program, checker, value) === 'timers/promises') return true;
  // A sleep helper of the project: a function whose whole body waits for a timer.
  const declaration = checker.getResolvedSignature(value)?.getDeclaration();
  const body = declaration && !ts.isJSDocSignature(declaration) && 'body' in declaration ? (declaration.body as ts.Node | undefined) : undefined;
  if (body) readCodeOf(body);
  const only = body && ts.isBlock(body) ? (body.statements.length === 1 ? body.statements[0] : undefined) : body;
  if (only && !declaration!.getSourceFile().isDeclarationFile && containsTimer(program, checker, only)) return true;
  const name = nameOfExpression(value.expression);
  return name !== undefined && DELAY_NAME.test(name);
}

/** The statement a `break` or `continue` jumps out of (or to the next iteration of). */
function jumpTarget(jump: ts.BreakOrContinueStatement): ts.Node | undefined {
  for (let current = jump.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return undefined;
    if (jump.label) {
      if (ts.isLabeledStatement(current) && current.label.text === jump.label.text) return current.statement;
      continue;
    }
    if (isLoop(current) || (ts.isSwitchStatement(current) && ts.isBreakStatement(jump))) return current;
  }
  return undefined;
}

/** `break`, `continue` and `return` in the body that leave this loop's iteration early. */
function exitsOf(loop: Loop): ts.Statement[] {
  const exits: ts.Statement[] = [];
  forEachNode(loop.statement, (node) => {
    if (ts.isReturnStatement(node) && !insideFunction(node, loop)) exits.push(node);
    if (ts.isBreakOrContinueStatement(node)) {
      const target = jumpTarget(node);
      // A jump to a statement inside the body stays in this iteration.
      if (target && !isInside(target, loop.statement)) exits.push(node);
    }
  });
  return exits;
}

function insideFunction(node: ts.Node, stop: ts.Node): boolean {
  for (let current = node.parent; current && current !== stop; current = current.parent) {
    if (ts.isFunctionLike(current)) return true;
  }
  return false;
}

function containsKind(node: ts.Node, test: (node: ts.Node) => boolean): boolean {
  let found = false;
  forEachNode(node, (child) => {
    if (!found && test(child)) found = true;
  });
  return found;
}

/** The local counter of `while (i < n)` or `for (let i = 0; i < n; i++)`: the name the comparison tests. */
function comparedCounter(condition: ts.Expression | undefined): ts.Identifier | undefined {
  const test = condition && unwrapExpression(condition);
  if (!test || !ts.isBinaryExpression(test)) return undefined;
  const comparisons = [
    ts.SyntaxKind.LessThanToken,
    ts.SyntaxKind.LessThanEqualsToken,
    ts.SyntaxKind.GreaterThanToken,
    ts.SyntaxKind.GreaterThanEqualsToken,
    ts.SyntaxKind.ExclamationEqualsEqualsToken,
    ts.SyntaxKind.ExclamationEqualsToken,
  ];
  if (!comparisons.includes(test.operatorToken.kind)) return undefined;
  const left = unwrapExpression(test.left);
  const right = unwrapExpression(test.right);
  if (ts.isIdentifier(left)) return left;
  if (ts.isIdentifier(right)) return right;
  return undefined;
}

/** `i++`, `--i`, `i += 2`, `i -= step`: a step of a counter. */
function isCounterStep(expression: ts.Expression, counter: string): boolean {
  const value = unwrapExpression(expression);
  if ((ts.isPrefixUnaryExpression(value) || ts.isPostfixUnaryExpression(value)) && ts.isIdentifier(value.operand)) {
    return value.operand.text === counter && (value.operator === ts.SyntaxKind.PlusPlusToken || value.operator === ts.SyntaxKind.MinusMinusToken);
  }
  if (ts.isBinaryExpression(value) && ts.isIdentifier(value.left) && value.left.text === counter) {
    return value.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken || value.operatorToken.kind === ts.SyntaxKind.MinusEqualsToken;
  }
  return false;
}

export default defineRule<Options, 'sequential', FixId>({
  meta: {
    id: 'sequential-await',
    description: '`await` in a loop whose iterations do not depend on each other.',
    summary: {
      finds: '`await` in a loop whose iterations do not depend on each other (not retries, polling, pagination, early exits, queue consumers)',
      fixes: '`Promise.all` over a small list, `mapWithConcurrency` / p-limit over data (unsafe)',
    },
    defaultSeverity: 'info',
    needsTypes: true,
    firstLook: false,
    projectWide: pLimitProjectInput,
    messages: {
      sequential:
        'Each iteration waits for this `await` before the next one starts, though the iterations do not depend on each other, so the loop takes the sum of their times. Run them concurrently (Promise.all, or mapWithConcurrency for large inputs) unless their order matters.',
    },
    options: {
      concurrency: integerOption('The limit the bounded fix writes when the loop goes over data: at most this many iterations run at once.', DEFAULT_CONCURRENCY, 1),
    },
    fixes: {
      runConcurrently: { title: 'Run the iterations concurrently (Promise.all)', kind: 'unsafe' },
      runBounded: { title: 'Run the iterations concurrently, a few at a time (mapWithConcurrency or p-limit)', kind: 'unsafe' },
    },
    examples: {
      incorrect:
        'async function load(id: string): Promise<string> {\n  const response = await fetch(`https://api.example.com/items/${id}`);\n  return response.text();\n}\n\nexport async function loadAll(ids: string[]): Promise<string[]> {\n  const pages: string[] = [];\n  for (const id of ids) {\n    pages.push(await load(id));\n  }\n  return pages;\n}\n',
      correct:
        'async function load(id: string): Promise<string | undefined> {\n  const response = await fetch(`https://api.example.com/items/${id}`);\n  return response.ok ? response.text() : undefined;\n}\n\nexport async function findFirst(ids: string[]): Promise<string | undefined> {\n  for (const id of ids) {\n    const page = await load(id);\n    if (page) return page;\n  }\n  return undefined;\n}\n',
    },
  },

  check(context) {
    const { sourceFile, options } = context;
    if (!sourceFile.text.includes('await')) return;

    let io: IoEvidence | undefined;

    context.forEachNodeInScope(LOOP_KINDS, (node) => {
      if (!isLoop(node) || (ts.isForOfStatement(node) && node.awaitModifier)) return;
      // Cheap syntax tests first: a loop without an await in its body costs nothing more.
      const awaits = awaitsOf(node.statement);
      if (awaits.length === 0) return;
      const first = firstIndependentAwait(node, awaits);
      if (!first) return;
      const fixes = fixesFor(node);
      context.report({ node: first, messageId: 'sequential', fixes });
    });

    /** The variable an identifier refers to; in `{ id }` that is the variable `id`, not the property. */
    function symbolOf(identifier: ts.Identifier): ts.Symbol | undefined {
      const { checker } = context;
      if (ts.isShorthandPropertyAssignment(identifier.parent) && identifier.parent.name === identifier) {
        return checker.getShorthandAssignmentValueSymbol(identifier.parent);
      }
      return checker.getSymbolAtLocation(identifier);
    }

    /** The first await of the loop's work when the iterations are independent; undefined when they are not. */
    function firstIndependentAwait(loop: Loop, awaits: ts.AwaitExpression[]): ts.AwaitExpression | undefined {
      const { program, checker } = context;
      // Awaits in the condition or the step: a poll (`while (!(await ready()))`).
      if (repeatedParts(loop).some((part) => part !== loop.statement && awaitsOf(part).length > 0)) return undefined;
      // An async generator streams its results in order.
      if (containsKind(loop.statement, (child) => ts.isYieldExpression(child) && !insideFunction(child, loop))) return undefined;

      const iterationNames = iterationVariables(loop);
      if (!iterationNames) return undefined;
      const iterationSymbols = new Set(iterationNames.map((name) => checker.getSymbolAtLocation(name)).filter((s): s is ts.Symbol => s !== undefined));

      // Only awaits that start work count: `await pending` waits for something already running.
      const work = awaits.filter((expression) => {
        const operand = unwrapExpression(expression.expression);
        return ts.isCallExpression(operand) || ts.isNewExpression(operand) || ts.isTaggedTemplateExpression(operand);
      });
      if (work.length === 0) return undefined;
      for (const expression of awaits) {
        const operand = unwrapExpression(expression.expression);
        if (isDelay(program, checker, operand)) return undefined;
        if (ts.isCallExpression(operand) && (isBoundedCall(program, checker, operand) || promiseCombinator(program, checker, operand))) return undefined;
        // Calling the element itself: a pipeline of steps, in order by design.
        if (ts.isCallExpression(operand)) {
          const callee = unwrapExpression(operand.expression);
          if (ts.isIdentifier(callee) && iterationSymbols.has(symbolOf(callee)!)) return undefined;
        }
      }
      if ((ts.isForOfStatement(loop) || ts.isForInStatement(loop)) && ORDERED_COLLECTION.test(nameOfExpression(loop.expression) ?? '')) return undefined;

      // Leaving or skipping the rest on what an await returned.
      if (exitsOf(loop).some((exit) => exit.pos > work[0].pos)) return undefined;

      // The work must be per item: it uses the iteration variable (or something computed from it).
      const perItem = derivedSymbols(loop, iterationSymbols);
      const usesItem = (node: ts.Node) => containsKind(node, (child) => ts.isIdentifier(child) && perItem.has(symbolOf(child)!));
      if (!work.some((expression) => usesItem(expression.expression))) return undefined;

      if (carriesState(loop, iterationSymbols) || writesSharedState(loop, usesItem)) return undefined;
      // The code offers a concurrent way on another branch (`if (options.ordered)`): this one is chosen.
      if (alternativeBranches(loop).some((branch) => containsKind(branch, (child) => ts.isCallExpression(child) && (promiseCombinator(program, checker, child) !== undefined || containsBoundedCall(program, checker, child))))) {
        return undefined;
      }

      // Positive evidence that the wait is I/O that could overlap: none of it through one connection,
      // handle or transaction used by every iteration (a per-item object's own calls are fine).
      io ??= new IoEvidence(program, checker);
      const ownReceiver = (receiver: ts.Expression) => {
        let root = unwrapExpression(receiver);
        while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isCallExpression(root)) root = unwrapExpression(root.expression);
        return ts.isIdentifier(root) && perItem.has(symbolOf(root)!);
      };
      let first: ts.AwaitExpression | undefined;
      for (const expression of work) {
        const evidence = io.of(expression.expression, ownReceiver);
        if (evidence.shared || passesSharedObject(loop, expression.expression, ownReceiver)) return undefined;
        if (evidence.io && usesItem(expression.expression)) first ??= expression;
      }
      return first;
    }

    /**
     * Whether work hands a function of the project an object that every iteration shares (a client, a
     * session, a context: `executeOperation(db.client, op, timeout)`): what that function does with it
     * (a transaction, a cursor, a budget) may need the calls one at a time, and nothing here says not.
     */
    function passesSharedObject(loop: Loop, root: ts.Node, own: (expression: ts.Expression) => boolean): boolean {
      const { program, checker } = context;
      return containsKind(root, (node) => {
        if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return false;
        const declaration = calledDeclaration(checker, node);
        if (!declaration || moduleOfDeclaration(program, declaration) !== undefined) return false;
        return (node.arguments ?? []).some((argument) => {
          if (ts.isSpreadElement(argument) || own(argument)) return false;
          let base = unwrapExpression(argument);
          while (ts.isPropertyAccessExpression(base) || ts.isElementAccessExpression(base)) base = unwrapExpression(base.expression);
          if (base.kind !== ts.SyntaxKind.ThisKeyword) {
            if (!ts.isIdentifier(base)) return false;
            const declared = checker.getSymbolAtLocation(base)?.valueDeclaration;
            if (!declared || isInside(declared, loop)) return false;
          }
          // Untyped JavaScript: an outer value of unknown shape may be such an object too.
          const type = checker.getTypeAtLocation(argument);
          if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
          return (type.flags & ts.TypeFlags.Object) !== 0 && type.getCallSignatures().length === 0;
        });
      });
    }

    /**
     * Whether the body changes state that outlives the iteration other than by collecting results: a
     * property of `this` or of an outer object (`state.current = item`), an element not keyed by the
     * item, an outer collection emptied or reordered. The iterations' order is then part of the result.
     */
    function writesSharedState(loop: Loop, usesItem: (node: ts.Node) => boolean): boolean {
      return containsKind(loop.statement, (node) => {
        if (ts.isCallExpression(node)) {
          const callee = unwrapExpression(node.expression);
          if (!ts.isPropertyAccessExpression(callee) || !MUTATING_METHODS.has(callee.name.text) || !isOuter(callee.expression)) return false;
          if (callee.name.text === 'push') return false;
          // `results.set(item.id, value)`, `seen.add(item)`: one slot per item.
          return !((callee.name.text === 'set' || callee.name.text === 'add') && node.arguments.length > 0 && usesItem(node.arguments[0]));
        }
        const target = isAssignment(node) ? unwrapExpression(node.left) : (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) ? unwrapExpression(node.operand) : ts.isDeleteExpression(node) ? unwrapExpression(node.expression) : undefined;
        if (!target || (!ts.isPropertyAccessExpression(target) && !ts.isElementAccessExpression(target)) || !isOuter(target.expression)) return false;
        // `byId[item.id] = value`: one slot per item.
        return !(ts.isElementAccessExpression(target) && usesItem(target.argumentExpression));
      });

      function isOuter(expression: ts.Expression): boolean {
        let root = unwrapExpression(expression);
        while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = unwrapExpression(root.expression);
        if (root.kind === ts.SyntaxKind.ThisKeyword) return true;
        if (!ts.isIdentifier(root)) return false;
        const declaration = context.checker.getSymbolAtLocation(root)?.valueDeclaration;
        return declaration !== undefined && !isInside(declaration, loop);
      }
    }

    /**
     * The iteration variables: a for...of/for...in binding, or the counter of a counted loop. Undefined
     * for loops that are not over a collection or a range (a `while` on a flag, a queue drained with
     * `shift()`, `for (;;)`): those are consumers, pollers and state machines.
     */
    function iterationVariables(loop: Loop): ts.Identifier[] | undefined {
      if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) {
        const initializer = loop.initializer;
        if (ts.isVariableDeclarationList(initializer)) return initializer.declarations.flatMap((declaration) => boundIdentifiers(declaration.name));
        return ts.isIdentifier(initializer) ? [initializer] : undefined;
      }
      if (ts.isForStatement(loop)) {
        const initializer = loop.initializer;
        if (!initializer || !ts.isVariableDeclarationList(initializer) || !loop.incrementor) return undefined;
        const counter = comparedCounter(loop.condition);
        if (!counter || !initializer.declarations.some((declaration) => ts.isIdentifier(declaration.name) && declaration.name.text === counter.text)) return undefined;
        if (!isCounterStep(loop.incrementor, counter.text)) return undefined;
        return [counter];
      }
      // while/do: only a local counter compared in the condition and stepped once per iteration.
      const counter = comparedCounter(loop.expression);
      if (!counter || !ts.isBlock(loop.statement)) return undefined;
      const declaration = resolvedSymbol(context.checker, counter)?.valueDeclaration;
      if (!declaration || !ts.isVariableDeclaration(declaration) || insideFunction(loop, declaration.parent.parent.parent)) return undefined;
      const steps = loop.statement.statements.filter((statement) => ts.isExpressionStatement(statement) && isCounterStep(statement.expression, counter.text));
      return steps.length === 1 ? [counter] : undefined;
    }

    /** The iteration variables and the body's locals computed from them. */
    function derivedSymbols(loop: Loop, iterationSymbols: Set<ts.Symbol>): Set<ts.Symbol> {
      const { checker } = context;
      const derived = new Set(iterationSymbols);
      forEachNode(loop.statement, (node) => {
        if (!ts.isVariableDeclaration(node) || !node.initializer) return;
        const initializer = node.initializer;
        if (!containsKind(initializer, (child) => ts.isIdentifier(child) && derived.has(symbolOf(child)!))) return;
        for (const name of boundIdentifiers(node.name)) {
          const symbol = checker.getSymbolAtLocation(name);
          if (symbol) derived.add(symbol);
        }
      });
      return derived;
    }

    /**
     * Whether state declared outside the body is both written and read by the loop: a cursor, a page
     * token, a buffer that is flushed, a set of ids already seen. One iteration then feeds the next.
     * Writes alone (`results.push(x)`, `total += n`) do not make the iterations depend on each other.
     */
    function carriesState(loop: Loop, iterationSymbols: Set<ts.Symbol>): boolean {
      const written = new Set<ts.Symbol>();
      const read = new Set<ts.Symbol>();
      forEachNode(loop, (node) => {
        if (!ts.isIdentifier(node) || !isReference(node)) return;
        const symbol = symbolOf(node);
        if (!symbol || iterationSymbols.has(symbol)) return;
        const declaration = symbol.valueDeclaration;
        if (!declaration || isInside(declaration, loop.statement)) return;
        if (!ts.isVariableDeclaration(declaration) && !ts.isParameter(declaration) && !ts.isBindingElement(declaration)) return;
        if (isWrite(node)) {
          if (isInside(node, loop.statement)) written.add(symbol);
        } else {
          read.add(symbol);
        }
      });
      for (const symbol of written) if (read.has(symbol)) return true;
      return false;
    }

    function fixesFor(loop: Loop): { id: FixId; edits: TextEdit[] }[] {
      if (!ts.isForOfStatement(loop) || ts.isLabeledStatement(loop.parent)) return [];
      const initializer = loop.initializer;
      if (!ts.isVariableDeclarationList(initializer) || initializer.declarations.length !== 1 || !(initializer.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let))) return [];
      const body = loop.statement;
      if (exitsOf(loop).length > 0) return [];
      // `var` would be hoisted out of the new callback; writes to outer state across an await would race.
      if (containsKind(body, (child) => ts.isVariableDeclarationList(child) && !(child.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let)))) return [];
      if (!ts.isBlock(body) && !ts.isExpressionStatement(body)) return [];
      const { program, checker } = context;
      const declaredOutside = (target: ts.Expression): boolean => {
        let root = unwrapExpression(target);
        while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = unwrapExpression(root.expression);
        if (!ts.isIdentifier(root)) return true;
        const declaration = checker.getSymbolAtLocation(root)?.valueDeclaration;
        return !declaration || !isInside(declaration, body);
      };
      // `total += await f(x)` reads `total` before the await: run concurrently, the updates would be lost.
      if (containsKind(body, (child) => isAssignment(child) && containsKind(child.right, ts.isAwaitExpression) && declaredOutside(child.left))) return [];

      const sizes = new SizeClassifier(program, checker, DEFAULT_MAX_UNBOUNDED);
      const bounded = sizes.collection(loop.expression) !== 'small';
      const parameter = initializer.declarations[0].name.getText(sourceFile);
      const itemsText = loop.expression.getText(sourceFile);
      const items = sizes.isArrayLike(loop.expression) ? itemsText : `Array.from(${itemsText})`;
      const promiseTypes = new PromiseTypes(program, checker);
      const alwaysPromise = (expression: ts.Expression) => {
        const type = checker.getTypeAtLocation(expression);
        return (type.isUnion() ? type.types : [type]).every((part) => promiseTypes.isPromise(part));
      };

      // The shapes: `out.push(await f(x))` collects results; anything else runs the body per item.
      const statements = ts.isBlock(body) ? [...body.statements] : [body];
      const last = statements[statements.length - 1];
      const collected = last && collectTarget(last);
      const rest = statements.slice(0, -1);
      // An outer array filled elsewhere in the body would get its elements in the order the tasks end.
      const ordered = (statement: ts.Node) =>
        containsKind(statement, (child) => {
          if (!ts.isCallExpression(child) || !ts.isPropertyAccessExpression(child.expression) || !['push', 'unshift', 'splice'].includes(child.expression.name.text)) return false;
          return declaredOutside(child.expression.expression);
        });
      if ((collected ? rest : statements).some(ordered)) return [];
      let callback: { direct: string } | { block: string };
      let declarationToReplace: ts.VariableStatement | undefined;
      if (collected && !rest.some((statement) => mentions(statement, collected.target)) && !mentions(collected.value, collected.target)) {
        const value = unwrapExpression(collected.value);
        if (rest.length === 0 && ts.isAwaitExpression(value) && alwaysPromise(value.expression)) {
          callback = { direct: value.expression.getText(sourceFile) };
        } else if (ts.isBlock(body)) {
          const pushStart = last.getStart(sourceFile) - body.getStart(sourceFile);
          const blockText = body.getText(sourceFile);
          callback = { block: `${blockText.slice(0, pushStart)}return ${collected.value.getText(sourceFile)};${blockText.slice(last.end - body.getStart(sourceFile))}` };
        } else {
          return [];
        }
        declarationToReplace = emptyArrayDeclaredBefore(loop, collected.target);
      } else {
        const only = statements.length === 1 ? statements[0] : undefined;
        const onlyAwait = only && ts.isExpressionStatement(only) && ts.isAwaitExpression(unwrapExpression(only.expression)) ? (unwrapExpression(only.expression) as ts.AwaitExpression) : undefined;
        if (onlyAwait && alwaysPromise(onlyAwait.expression)) callback = { direct: onlyAwait.expression.getText(sourceFile) };
        else if (ts.isBlock(body)) callback = { block: body.getText(sourceFile) };
        else return [];
      }

      const arrow = (limit?: string) => {
        if ('direct' in callback) return limit ? `(${parameter}) => ${limit}(() => ${callback.direct})` : `(${parameter}) => ${callback.direct}`;
        return limit ? `(${parameter}) => ${limit}(async () => ${callback.block})` : `async (${parameter}) => ${callback.block}`;
      };
      const needsParentheses = items === itemsText && !isMemberAccessTarget(loop.expression) && !ts.isArrayLiteralExpression(loop.expression);
      const memberTarget = needsParentheses ? `(${items})` : items;
      let mapped: string;
      const edits: TextEdit[] = [];
      let prefix = '';
      const start = (declarationToReplace ?? loop).getStart(sourceFile);
      if (!bounded) {
        mapped = `Promise.all(${memberTarget}.map(${arrow()}))`;
      } else {
        const style = boundedStyle(program, checker, sourceFile, loop);
        edits.push(...style.edits);
        if (style.kind === 'helper') {
          mapped = `${HELPER_NAME}(${items}, ${options.concurrency}, ${'direct' in callback ? arrow() : `async (${parameter}) => ${callback.block}`})`;
        } else {
          // The declaration goes in front of the replacement, as one edit.
          const limiter = limiterDeclaration(sourceFile, declarationToReplace ?? loop, style.factory, options.concurrency);
          const limit = limiter.name;
          prefix = limiter.edit.newText;
          mapped = `Promise.all(${memberTarget}.map(${arrow(limit)}))`;
        }
      }
      let replacement: string;
      if (collected && declarationToReplace) {
        const declaration = declarationToReplace.declarationList.declarations[0];
        const keyword = declarationToReplace.declarationList.flags & ts.NodeFlags.Const ? 'const' : 'let';
        const type = declaration.type ? `: ${declaration.type.getText(sourceFile)}` : '';
        replacement = `${keyword} ${collected.target.text}${type} = await ${mapped}${statementEnd(sourceFile)}`;
      } else if (collected) {
        replacement = `${collected.target.text}.push(...(await ${mapped}))${statementEnd(sourceFile)}`;
      } else {
        replacement = `await ${mapped}${statementEnd(sourceFile)}`;
      }
      edits.push({ start, end: loop.end, newText: `${prefix}${replacement}` });
      return [{ id: bounded ? 'runBounded' : 'runConcurrently', edits }];
    }
  },
});

/** `out.push(value)` as a statement, with `out` a plain name. */
function collectTarget(statement: ts.Statement): { target: ts.Identifier; value: ts.Expression } | undefined {
  if (!ts.isExpressionStatement(statement)) return undefined;
  const call = unwrapExpression(statement.expression);
  if (!ts.isCallExpression(call) || call.arguments.length !== 1 || ts.isSpreadElement(call.arguments[0])) return undefined;
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'push' || !ts.isIdentifier(callee.expression)) return undefined;
  return { target: callee.expression, value: call.arguments[0] };
}

function mentions(node: ts.Node, identifier: ts.Identifier): boolean {
  return containsKind(node, (child) => ts.isIdentifier(child) && child.text === identifier.text);
}


/** `const out: T[] = [];` right before the loop, declaring only `out`. */
function emptyArrayDeclaredBefore(loop: ts.Statement, target: ts.Identifier): ts.VariableStatement | undefined {
  const list = loop.parent;
  if (!ts.isBlock(list) && !ts.isSourceFile(list) && !ts.isModuleBlock(list) && !ts.isCaseClause(list) && !ts.isDefaultClause(list)) return undefined;
  const statements = list.statements as ts.NodeArray<ts.Statement>;
  const index = statements.indexOf(loop);
  const previous = index > 0 ? statements[index - 1] : undefined;
  if (!previous || !ts.isVariableStatement(previous) || previous.declarationList.declarations.length !== 1) return undefined;
  if (previous.modifiers?.length) return undefined;
  const declaration = previous.declarationList.declarations[0];
  if (!ts.isIdentifier(declaration.name) || declaration.name.text !== target.text || !declaration.initializer) return undefined;
  const initializer = unwrapExpression(declaration.initializer);
  return ts.isArrayLiteralExpression(initializer) && initializer.elements.length === 0 ? previous : undefined;
}
