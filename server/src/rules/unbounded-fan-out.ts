import { ts } from '../typescript';
import { integerOption } from './options';
import { defineRule, type TextEdit } from './types';
import { CALLS, forEachNode } from './util/ast';
import {
  boundedStyle,
  callbackArity,
  HELPER_NAME,
  limitedCallback,
  limiterDeclaration,
  pLimitProjectInput,
  returnsPromise,
  statementInList,
} from './util/boundedFix';
import {
  alternativeBranches,
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_UNBOUNDED,
  containsBoundedCall,
  isBoundedCallback,
  promiseCombinator,
  SizeClassifier,
  unwrapExpression,
  type PromiseCombinator,
} from './util/concurrency';
import { resolvedSymbol } from './util/declarations';
import { IoEvidence } from './util/ioEvidence';

interface Options {
  concurrency: number;
  maxUnbounded: number;
}

/** Where the tasks of a fan-out are started. `map` and `from` can be rewritten; the others are only reported. */
type FanOut =
  | { kind: 'map'; call: ts.CallExpression; items: ts.Expression; callback: ts.Expression }
  | { kind: 'from'; call: ts.CallExpression; items: ts.Expression; callback: ts.Expression }
  | { kind: 'other' };

const COMBINATOR_NAMES = new Set(['all', 'allSettled', 'any', 'race']);

/** Whether code contains a loop that awaits in its body (`for await` too), outside nested functions. */
function hasAwaitingLoop(root: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node, inLoop: boolean): void => {
    if (found || (ts.isFunctionLike(node) && node !== root)) return;
    if (inLoop && ts.isAwaitExpression(node)) found = true;
    if (ts.isForOfStatement(node) && node.awaitModifier) found = true;
    const loop = ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node);
    ts.forEachChild(node, (child) => visit(child, inLoop || loop));
  };
  visit(root, false);
  return found;
}

export default defineRule<Options, 'unbounded', 'limitConcurrency'>({
  meta: {
    id: 'unbounded-fan-out',
    description: 'Promise.all/allSettled/any/race over a data-sized array with no concurrency limit.',
    summary: {
      finds: '`Promise.all`/`allSettled`/`any`/`race` over a data-sized array with no concurrency limit',
      fixes: '`mapWithConcurrency(items, 8, fn)` or p-limit (unsafe)',
    },
    defaultSeverity: 'warning',
    needsTypes: true,
    firstLook: false,
    projectWide: pLimitProjectInput,
    messages: {
      unbounded:
        '{{combinator}} starts one task per element of a data-sized array, all at once: a large input opens thousands of requests or files together and can overwhelm the service or run out of handles. Limit the concurrency (mapWithConcurrency, p-limit or a semaphore).',
    },
    options: {
      concurrency: integerOption('The limit the fix writes: at most this many tasks run at once.', DEFAULT_CONCURRENCY, 1),
      maxUnbounded: integerOption(
        'Arrays of at most this many elements, known statically (`.slice(0, N)`, `Array.from({ length: N })`), are not reported.',
        DEFAULT_MAX_UNBOUNDED,
        0,
      ),
    },
    fixes: {
      limitConcurrency: { title: 'Limit concurrency (mapWithConcurrency or p-limit)', kind: 'unsafe' },
    },
    examples: {
      incorrect:
        'async function load(id: string): Promise<string> {\n  const response = await fetch(`https://api.example.com/items/${id}`);\n  return response.text();\n}\n\nexport async function loadAll(ids: string[]): Promise<string[]> {\n  return Promise.all(ids.map((id) => load(id)));\n}\n',
      correct:
        'async function load(id: string): Promise<string> {\n  const response = await fetch(`https://api.example.com/items/${id}`);\n  return response.text();\n}\ndeclare function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]>;\n\nexport async function loadAll(ids: string[]): Promise<string[]> {\n  return mapWithConcurrency(ids, 8, (id) => load(id));\n}\n',
    },
  },

  check(context) {
    const { sourceFile, options } = context;
    if (!/\bPromise\b/.test(sourceFile.text)) return;
    let sizes: SizeClassifier | undefined;
    let io: IoEvidence | undefined;

    /**
     * The tasks an argument of Promise.all starts, when there is evidence that they are as many as some
     * input has (see SizeClassifier), that each does I/O holding a handle while it runs (see IoEvidence), and
     * nothing bounds them.
     */
    const fanOutOf = (node: ts.Expression, depth: number): FanOut | undefined => {
      if (depth > 4) return undefined;
      const { program, checker } = context;
      io ??= new IoEvidence(program, checker);
      sizes ??= new SizeClassifier(program, checker, options.maxUnbounded, io);
      const expression = unwrapExpression(node);
      if (ts.isArrayLiteralExpression(expression)) {
        for (const element of expression.elements) {
          if (ts.isSpreadElement(element) && fanOutOf(element.expression, depth + 1)) return { kind: 'other' };
        }
        return undefined;
      }
      if (ts.isIdentifier(expression)) {
        const symbol = resolvedSymbol(checker, expression);
        const declaration = symbol?.valueDeclaration;
        if (!symbol || !declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
        if (declaration.getSourceFile() !== sourceFile) return undefined;
        if (fanOutOf(declaration.initializer, depth + 1)) return { kind: 'other' };
        if (!ts.isArrayLiteralExpression(unwrapExpression(declaration.initializer))) return undefined;
        // An array filled with push in a loop over data, unless what is pushed comes from a limiter.
        const filled = sizes.filled(symbol, declaration);
        if (filled.size !== 'data') return undefined;
        // What is pushed must start work (not a promise made elsewhere, not a `close()`), and not under a limiter.
        const pushed = filled.pushes.flatMap((push) => [...push.arguments]);
        if (!pushed.some((argument) => io!.of(argument).holds)) return undefined;
        if (pushed.some((argument) => containsBoundedCall(program, checker, argument))) return undefined;
        return { kind: 'other' };
      }
      if (!ts.isCallExpression(expression)) return undefined;
      const callee = unwrapExpression(expression.expression);
      if (!ts.isPropertyAccessExpression(callee) || expression.arguments.length === 0) return undefined;
      const method = callee.name.text;
      if ((method === 'map' || method === 'flatMap') && sizes.isArrayLike(callee.expression)) {
        const callback = expression.arguments[0];
        if (sizes.collection(callee.expression) !== 'data') return undefined;
        if (!io.ofFunction(callback).holds || isBoundedCallback(program, checker, callback)) return undefined;
        return method === 'map' && !expression.questionDotToken && !callee.questionDotToken
          ? { kind: 'map', call: expression, items: callee.expression, callback }
          : { kind: 'other' };
      }
      if (method === 'from' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Array' && expression.arguments.length >= 2) {
        const callback = expression.arguments[1];
        if (sizes.arrayFromSource(expression.arguments[0], 0) !== 'data') return undefined;
        if (!io.ofFunction(callback).holds || isBoundedCallback(program, checker, callback)) return undefined;
        return expression.arguments.length === 2 ? { kind: 'from', call: expression, items: expression.arguments[0], callback } : { kind: 'other' };
      }
      return undefined;
    };

    const fixFor = (call: ts.CallExpression, combinator: PromiseCombinator, fanOut: FanOut): TextEdit[] | undefined => {
      if (fanOut.kind === 'other' || call.typeArguments) return undefined;
      const { program, checker } = context;
      const style = boundedStyle(program, checker, sourceFile, call);
      if (style.kind === 'p-limit') {
        // Keep the combinator; run each task under the limiter.
        const statement = statementInList(call);
        if (!statement) return undefined;
        const limiter = limiterDeclaration(sourceFile, statement, style.factory, options.concurrency);
        const callback = limitedCallback(sourceFile, checker, fanOut.callback, limiter.name);
        if (!callback) return undefined;
        return [...style.edits, limiter.edit, { start: fanOut.callback.getStart(sourceFile), end: fanOut.callback.end, newText: callback }];
      }
      // mapWithConcurrency rejects like Promise.all; the other combinators have no bounded form here.
      if (combinator !== 'all') return undefined;
      const arity = callbackArity(checker, fanOut.callback);
      if (arity === undefined || arity > 2 || !returnsPromise(program, checker, fanOut.callback)) return undefined;
      const items = fanOut.kind === 'map' ? fanOut.items.getText(sourceFile) : `Array.from(${fanOut.items.getText(sourceFile)})`;
      const replacement = `${HELPER_NAME}(${items}, ${options.concurrency}, ${fanOut.callback.getText(sourceFile)})`;
      return [...style.edits, { start: call.getStart(sourceFile), end: call.end, newText: replacement }];
    };

    context.forEachNodeInScope(CALLS, (node) => {
      if (!ts.isCallExpression(node) || node.arguments.length !== 1) return;
      // Cheap syntax test first: only `Promise.<combinator>(x)` asks the checker anything.
      const callee = unwrapExpression(node.expression);
      if (!ts.isPropertyAccessExpression(callee) || !COMBINATOR_NAMES.has(callee.name.text)) return;
      const combinator = promiseCombinator(context.program, context.checker, node);
      if (!combinator) return;
      const fanOut = fanOutOf(node.arguments[0], 0);
      if (!fanOut) return;
      // The code chose between this and a sequential loop on another branch: both are deliberate.
      if (alternativeBranches(node).some(hasAwaitingLoop)) return;
      const edits = fixFor(node, combinator, fanOut);
      context.report({
        node: callee,
        messageId: 'unbounded',
        data: { combinator: `Promise.${combinator}` },
        fixes: edits ? [{ id: 'limitConcurrency', edits }] : [],
      });
    });
  },
});
