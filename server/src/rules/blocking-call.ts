import * as path from 'node:path';
import { ts } from '../typescript';
import { stringListOption } from './options';
import { defineRule, type OptionSpec, type TextEdit } from './types';
import { calleeExpression, forEachNode, isAsyncFunction, skipParentheses } from './util/ast';
import { AsyncContexts, someNode, type FunctionWithBody } from './util/asyncContext';
import { BlockingSummaries, type AsyncBlocking } from './util/blockingSummary';
import { namesOf, SpecifierMatcher, specifierListOption, type Specifier } from './util/specifiers';
import { asyncEquivalentName, AsyncRewriter, CRYPTO_ASYNC_EQUIVALENTS, needsParenthesesAroundAwait } from './util/asyncEquivalents';
import { BlockingCallees } from './util/blockingCallees';
import { CallTargets, type CallTarget } from './util/callTargets';
import { normalizeModuleName, resolvedSymbol } from './util/declarations';
import { runsNodeSynchronously } from './util/childProcess';
import { calleeText, compileNamePattern, lineOf, loopHeadRange } from './util/text';

interface Options {
  additionalBlockingCalls: string[];
  blockingCalls: Specifier[];
  allow: (string | Exclude<Specifier, string>)[];
}

/** Modules whose every `*Sync` function blocks: Node's own, and the packages that re-export fs. */
const SYNC_SUFFIX_MODULES = new Set(['fs', 'child_process', 'zlib', 'fs-extra', 'graceful-fs']);

const WORKER_ADVICE = 'Use an async API, or move the work to a worker thread (node:worker_threads) so the event loop stays free.';
const SLEEP_ADVICE = 'To wait, use `await setTimeout(ms)` from node:timers/promises.';

type Blocking =
  | { kind: 'call'; call: ts.CallExpression; target: CallTarget | undefined; what: string }
  | { kind: 'atomicsWait'; call: ts.CallExpression }
  | { kind: 'busyWait'; loop: ts.IterationStatement; delay: string | undefined };

const LOOP_KINDS = [ts.SyntaxKind.WhileStatement, ts.SyntaxKind.DoStatement, ts.SyntaxKind.ForStatement];
const INSPECTED_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([ts.SyntaxKind.CallExpression, ...LOOP_KINDS]);

const additionalBlockingCallsOption: OptionSpec<string[]> = {
  ...stringListOption(
    'More calls that block, as "module:name" patterns (`*` matches any run of characters): "better-sqlite3:Statement.*", "./src/legacy:*Sync".',
    [],
  ),
  schema: {
    type: 'array',
    items: { type: 'string', pattern: '^[^:\\s]+:[^:\\s]+$' },
    description: 'More calls that block, as "module:name" patterns (`*` matches any run of characters).',
    default: [],
  },
  validate: (value) =>
    Array.isArray(value) && value.every((item) => typeof item === 'string' && /^[^:\s]+:[^:\s]+$/.test(item))
      ? undefined
      : 'must be a list of "module:name" patterns',
};

/** An `allow` entry: a name or "module:name" pattern (or "busy-wait"), or a {from, name} specifier. */
type AllowEntry = string | Exclude<Specifier, string>;

const allowOption: OptionSpec<AllowEntry[]> = {
  description:
    'Calls to accept, and helpers to trust (a cached read): a name ("existsSync", "readConfigCached"), a qualified name ("Atomics.wait", "Cache.read"), a "module:name" pattern ("fs:*"), "busy-wait", or a {from: "file"|"lib"|"package", name, path?|package?} object.',
  default: [],
  schema: {
    type: 'array',
    description: 'Calls to accept, and helpers to trust: names, "module:name" patterns, "busy-wait", or {from, name} objects.',
    default: [],
    items: { oneOf: [{ type: 'string' }, ...specifierObjectSchemas()] },
  },
  validate: (value) => {
    if (!Array.isArray(value)) return 'must be a list of names, "module:name" patterns or {from, name} objects';
    const objects = value.filter((item) => typeof item !== 'string');
    return specifierListOption('', []).validate(objects);
  },
};

export default defineRule<
  Options,
  'blocking' | 'blockingInHelper' | 'busyWait' | 'busyWaitInHelper',
  'useAsyncApi' | 'awaitSetTimeout'
>({
  meta: {
    id: 'blocking-call',
    description: 'A synchronous call that blocks the event loop inside async code (fs.*Sync, child_process.*Sync, zlib, heavy crypto, Atomics.wait, busy-wait loops), directly or through helpers.',
    summary: {
      finds: 'a synchronous call that blocks the event loop inside async code: `fs.*Sync`, `child_process.*Sync`, `zlib.*Sync`, heavy `crypto`, `Atomics.wait`, busy-wait loops',
      fixes: 'use the async API and await it (unsafe), `await setTimeout(ms)` (unsafe)',
    },
    defaultSeverity: 'warning',
    needsTypes: true,
    firstLook: true,
    messages: {
      blocking: '{{what}} blocks the event loop inside async code: nothing else in the process runs until it returns. {{advice}}',
      blockingInHelper:
        '`{{callee}}` {{blocks}} the event loop inside async code: {{how}} {{what}} ({{where}}), and nothing else in the process runs until that returns. {{advice}}',
      busyWait:
        'This loop spins on the clock and blocks the event loop until the time is up: nothing else in the process runs meanwhile. Use `await setTimeout(ms)` from node:timers/promises to wait, or await between steps.',
      busyWaitInHelper:
        '`{{callee}}` {{blocks}} the event loop inside async code: {{how}} spins on the clock in a busy-wait loop ({{where}}). Use `await setTimeout(ms)` from node:timers/promises to wait.',
    },
    options: {
      additionalBlockingCalls: additionalBlockingCallsOption,
      blockingCalls: specifierListOption(
        'More functions that block, by where they are declared: names, or {from: "file"|"lib"|"package", name, path?|package?} objects ({"from": "package", "package": "better-sqlite3", "name": ["run", "all", "get"]}). Methods match by their name or "Class.method".',
        [],
      ),
      allow: allowOption,
    },
    fixes: {
      useAsyncApi: { title: 'Use the async API and await it', kind: 'unsafe' },
      awaitSetTimeout: { title: 'Wait with await setTimeout(...) from node:timers/promises', kind: 'unsafe' },
    },
    examples: {
      incorrect:
        "import { readFileSync } from 'node:fs';\n\nexport async function loadConfig(path: string): Promise<unknown> {\n  return JSON.parse(readFileSync(path, 'utf8'));\n}\n",
      correct:
        "import { readFile } from 'node:fs/promises';\n\nexport async function loadConfig(path: string): Promise<unknown> {\n  return JSON.parse(await readFile(path, 'utf8'));\n}\n",
    },
  },

  check(context) {
    // Every finding of this rule is in (or about) async code: a file without any skips the checker.
    if (!context.sourceFile.text.includes('async') && !/\.(?:then|catch|finally)\b/.test(context.sourceFile.text)) return;
    const { sourceFile, checker, program, options } = context;
    const contexts = new AsyncContexts(program, checker);
    const targets = new CallTargets(program, checker);
    const rewriter = new AsyncRewriter(sourceFile, checker);
    const specifiers = new SpecifierMatcher(program, checker);
    const additional = options.additionalBlockingCalls.map(parseModulePattern);
    const allowStrings = options.allow.filter((entry): entry is string => typeof entry === 'string');
    const allowObjects = options.allow.filter((entry): entry is Exclude<Specifier, string> => typeof entry !== 'string');
    const allowed = allowStrings.map((entry) => (entry.includes(':') ? parseModulePattern(entry) : { module: undefined, name: compileNamePattern(entry) }));
    const allowBusyWait = allowStrings.includes('busy-wait');

    const isAllowed = (target: CallTarget): boolean =>
      allowed.some(
        (pattern) =>
          (pattern.module === undefined || pattern.module.test(target.module)) &&
          (pattern.name.test(target.name) || pattern.name.test(target.qualifiedName)),
      );

    const isBlockingTarget = (call: ts.CallExpression, target: CallTarget): boolean => {
      if (target.library && SYNC_SUFFIX_MODULES.has(target.module) && target.name.endsWith('Sync')) {
        // Running node synchronously is nested-run's finding; one report per mistake.
        return !runsNodeSynchronously(call, target, contexts);
      }
      if (target.library && target.module === 'crypto' && CRYPTO_ASYNC_EQUIVALENTS[target.name]) return true;
      return additional.some(
        (pattern) => pattern.module.test(target.module) && (pattern.name.test(target.name) || pattern.name.test(target.qualifiedName)),
      );
    };

    // Patterns the user configured may name any function of any module: then every call is resolved.
    const callees =
      additional.length === 0 && options.blockingCalls.length === 0
        ? BlockingCallees.of(program, targets, isBuiltinBlockingTarget, hasBuiltinBlockingName)
        : undefined;

    const leafAt = (node: ts.Node): Blocking | undefined => {
      if (ts.isCallExpression(node)) {
        const configured = options.blockingCalls.length > 0 && declaredBy(node.expression, options.blockingCalls, checker, specifiers);
        if (!configured && callees && !callees.mayBlock(node.expression)) return undefined;
        const target = targets.resolve(node.expression);
        if (target && isAllowed(target)) return undefined;
        if (configured) return { kind: 'call', call: node, target, what: `\`${calleeText(node, node.getSourceFile())}\`` };
        if (!target) return undefined;
        if (target.module === '' && target.qualifiedName === 'Atomics.wait') return { kind: 'atomicsWait', call: node };
        if (isBlockingTarget(node, target)) return { kind: 'call', call: node, target, what: `\`${calleeText(node, node.getSourceFile())}\`` };
        return undefined;
      }
      if (allowBusyWait || !isIterationStatement(node)) return undefined;
      return busyWait(node, contexts, checker);
    };

    /** A helper the user trusts: named in `allow` by name, "module:name" pattern or {from, name}. */
    const isFine = (node: ts.Node, helper: FunctionWithBody): boolean => {
      if (allowed.length === 0 && allowObjects.length === 0) return false;
      const callee = ts.isCallExpression(node) || ts.isNewExpression(node) ? node.expression : ts.isPropertyAccessExpression(node) ? node : undefined;
      const target = callee && (ts.isNewExpression(node) ? undefined : targets.resolve(callee));
      if (target && isAllowed(target)) return true;
      const name = helperName(helper);
      if (name && allowed.some((pattern) => pattern.module === undefined && (pattern.name.test(name.name) || pattern.name.test(name.qualified)))) return true;
      if (allowObjects.length === 0 || !name) return false;
      const symbol = checker.getSymbolAtLocation(name.node);
      return allowObjects.some((specifier) => namesOf(specifier).some((wanted) => wanted === name.name || wanted === name.qualified) && specifiers.sourceMatches(specifier, symbol));
    };

    const summaries = new BlockingSummaries<Blocking>(program, checker, contexts, {
      leafKinds: INSPECTED_KINDS,
      leafAt,
      leafLabel,
      isFine,
      key: JSON.stringify([options.additionalBlockingCalls, options.blockingCalls, options.allow]),
    });

    for (const result of summaries.scan((kinds, visit) => context.forEachNodeInScope(kinds, visit))) {
      if (result.kind === 'helper') {
        reportHelper(result);
        continue;
      }
      const blocking = result.leaf;
      const awaitLegal = result.awaitLegal;
      if (blocking.kind === 'busyWait') {
        const fixes: { id: 'awaitSetTimeout'; edits: TextEdit[] }[] = [];
        const edits = awaitLegal && blocking.delay !== undefined ? rewriter.sleep(blocking.loop, blocking.delay) : undefined;
        if (edits) fixes.push({ id: 'awaitSetTimeout', edits });
        context.report({ range: loopHeadRange(blocking.loop, sourceFile), messageId: 'busyWait', fixes });
        continue;
      }
      if (blocking.kind === 'atomicsWait') {
        const delay = awaitLegal ? atomicsSleepDelay(blocking.call, checker, sourceFile) : undefined;
        const edits = delay !== undefined ? rewriter.sleep(blocking.call, delay) : undefined;
        context.report({
          node: blocking.call,
          messageId: 'blocking',
          data: describe(blocking),
          fixes: edits ? [{ id: 'awaitSetTimeout', edits }] : [],
        });
        continue;
      }
      const edits = awaitLegal && blocking.target ? asyncApiEdits(rewriter, blocking.call, blocking.target) : undefined;
      context.report({
        node: blocking.call,
        messageId: 'blocking',
        data: describe(blocking),
        fixes: edits ? [{ id: 'useAsyncApi', edits }] : [],
      });
    }

    /**
     * A call in async code of a helper that reaches a blocking leaf, reported at the call with the chain
     * as related places. A fix only for one hop in this file (see helperFix): elsewhere the leaf is in
     * synchronous code whose other callers a rewrite would change.
     */
    function reportHelper(result: Extract<AsyncBlocking<Blocking>, { kind: 'helper' }>): void {
      const { chain, node, label } = result;
      const leafStep = chain.steps[chain.steps.length - 1];
      // A member picked by a run-time key is named with the call: `pm.get() [paths.pnpm.get]`.
      const shown = (step: { label: string; member?: string }) => (step.member === undefined ? step.label : `${step.label} [${step.member}]`);
      const caller = (step: { label: string; member?: string }) => (step.member === undefined ? step.label : `${step.member}()`);
      const through = chain.steps.slice(0, -1).map((step) => `\`${shown(step)}\``);
      const blocks = chain.conditional ? 'may block' : 'blocks';
      const opening = chain.conditional ? 'on some paths it' : 'it';
      // A long chain is named by its ends here; the related places list every step.
      const named = through.length <= 3 ? through.join(', ') : `${through[0]} and ${through.length - 1} more calls`;
      const how = through.length === 0 ? opening : `through ${named}, ${opening}`;
      const where = placeOf(leafStep.node, sourceFile);
      const first = { label, member: result.member };
      const taken = (step: { member?: string }) => (step.member === undefined ? '' : ` (the key may pick \`${step.member}\`)`);
      const related = [{ node, label: shown(first), message: `\`${label}\` is called here, in async code${taken(first)}` }];
      chain.steps.forEach((step, index) => {
        const from = caller(index === 0 ? first : chain.steps[index - 1]);
        const verb = step.conditional ? 'may call' : 'calls';
        const message =
          index === chain.steps.length - 1
            ? chain.leaf.kind === 'busyWait'
              ? `\`${from}\` ${step.conditional ? 'may spin' : 'spins'} on the clock here`
              : `\`${from}\` ${verb} \`${step.label}\` here, which blocks`
            : `\`${from}\` ${verb} \`${step.label}\` here${taken(step)}`;
        related.push({ node: step.node, label: shown(step), message });
      });
      if (chain.leaf.kind === 'busyWait') {
        context.report({ node, messageId: 'busyWaitInHelper', data: { callee: label, blocks, how, where }, related });
        return;
      }
      const { what, advice } = describe(chain.leaf);
      const equivalent = chain.leaf.kind === 'call' && chain.leaf.target ? asyncEquivalentName(chain.leaf.target) : undefined;
      let helperAdvice = advice;
      if (equivalent && through.length === 0 && ts.isCallExpression(node)) helperAdvice = `Make \`${result.member ?? label.replace(/\(\)$/, '')}\` async and await \`${equivalent}\` in it.`;
      else if (equivalent) helperAdvice = `Make the functions on the way async and await \`${equivalent}\` at the end, or do the work before the async code runs.`;
      const edits = helperFix(result);
      context.report({
        node,
        messageId: 'blockingInHelper',
        data: { callee: label, blocks, how: `${how} calls`, what, where, advice: helperAdvice },
        related,
        fixes: edits ? [{ id: 'useAsyncApi', edits }] : [],
      });
    }

    /**
     * The async API at the leaf, for a helper of this file that calls the blocking function itself: the
     * helper becomes async, the leaf awaits the async version and the call in async code awaits the
     * helper. Only when nothing else can see the change: the helper is a plain function (or a const
     * holding one) that is not exported and that this call is the only use of, the leaf is in the
     * helper's own body (not in a callback) and `await` is legal at the call.
     */
    function helperFix(result: Extract<AsyncBlocking<Blocking>, { kind: 'helper' }>): TextEdit[] | undefined {
      const { chain, helper, node } = result;
      const leaf = chain.leaf;
      if (chain.steps.length !== 1 || leaf.kind !== 'call' || !leaf.target || !ts.isCallExpression(node) || result.member !== undefined) return undefined;
      if (helper.getSourceFile() !== sourceFile || leaf.call.getSourceFile() !== sourceFile) return undefined;
      if (helper.asteriskToken || isAsyncFunction(helper)) return undefined;
      const callContext = contexts.contextOf(node);
      if (callContext.kind !== 'async' || !callContext.awaitLegal) return undefined;
      if (ts.findAncestor(leaf.call.parent, ts.isFunctionLike) !== helper) return undefined;
      const name = ownFunctionName(helper);
      const callee = skipParentheses(node.expression);
      if (!name || !ts.isIdentifier(callee) || callee.text !== name.text) return undefined;
      const symbol = checker.getSymbolAtLocation(name);
      if (!symbol || checker.getSymbolAtLocation(callee) !== symbol) return undefined;
      let otherUse = false;
      forEachNode(sourceFile, (other) => {
        if (otherUse || !ts.isIdentifier(other) || other === name || other === callee || other.text !== name.text) return;
        const parent = other.parent;
        // `export { load }` and `{ load }` name the function through another symbol: a use all the same.
        if (ts.isExportSpecifier(parent) || ts.isShorthandPropertyAssignment(parent)) otherUse = true;
        else if (ts.isMemberName(other) && isMemberNameOf(parent, other)) return;
        else {
          const seen = checker.getSymbolAtLocation(other);
          otherUse = seen === undefined || seen === symbol;
        }
      });
      if (otherUse) return undefined;
      const leafEdits = asyncApiEdits(rewriter, leaf.call, leaf.target);
      if (!leafEdits) return undefined;
      const edits: TextEdit[] = [{ start: helper.getStart(sourceFile), end: helper.getStart(sourceFile), newText: 'async ' }];
      if (helper.type) {
        edits.push({ start: helper.type.getStart(sourceFile), end: helper.type.end, newText: `Promise<${helper.type.getText(sourceFile)}>` });
      }
      edits.push(...leafEdits);
      const callText = node.getText(sourceFile);
      edits.push({ start: node.getStart(sourceFile), end: node.end, newText: needsParenthesesAroundAwait(node) ? `(await ${callText})` : `await ${callText}` });
      return edits;
    }
  },
});

/**
 * The name of a function that only its name can reach: a function declaration, or a const holding a
 * function, neither of them exported. Undefined for anything else (a method, an exported function).
 */
function ownFunctionName(fn: FunctionWithBody): ts.Identifier | undefined {
  if (ts.isFunctionDeclaration(fn)) {
    return fn.name && !fn.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword || modifier.kind === ts.SyntaxKind.DefaultKeyword) ? fn.name : undefined;
  }
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  let holder: ts.Node = fn.parent;
  while (ts.isParenthesizedExpression(holder)) holder = holder.parent;
  if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name) || !(ts.getCombinedNodeFlags(holder) & ts.NodeFlags.Const)) return undefined;
  const statement = holder.parent.parent;
  if (!ts.isVariableStatement(statement) || statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) return undefined;
  return holder.name;
}

/** Whether an identifier is the name of a member (`a.load`, `{ load: f }`, a method or field named `load`), not a reference. */
function isMemberNameOf(parent: ts.Node, name: ts.Identifier): boolean {
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === name) ||
    ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent) || ts.isMethodSignature(parent) || ts.isAccessor(parent)) &&
      parent.name === name)
  );
}

/** A leaf's short name in a chain: `fs.readFileSync`, `Atomics.wait`, `busy-wait loop`. */
function leafLabel(leaf: Blocking): string {
  if (leaf.kind === 'busyWait') return 'busy-wait loop';
  if (leaf.kind === 'atomicsWait') return 'Atomics.wait';
  return calleeText(leaf.call, leaf.call.getSourceFile());
}

/** Where a node is, as seen from the reported file: `line 4` there, `util.ts:4` (relative to it) elsewhere. */
function placeOf(node: ts.Node, from: ts.SourceFile): string {
  const file = node.getSourceFile();
  const line = lineOf(file, node);
  if (file.fileName === from.fileName) return `line ${line}`;
  const relative = path.posix.relative(path.posix.dirname(from.fileName), file.fileName);
  return `${relative}:${line}`;
}

/** The name a helper is known by, with its class for members, and the node that declares the name. */
function helperName(helper: FunctionWithBody): { name: string; qualified: string; node: ts.Node } | undefined {
  let nameNode: ts.Node | undefined;
  let container: ts.Node | undefined;
  if (ts.isConstructorDeclaration(helper)) {
    nameNode = helper.parent.name;
  } else if ((ts.isFunctionDeclaration(helper) || ts.isMethodDeclaration(helper) || ts.isGetAccessorDeclaration(helper)) && helper.name) {
    nameNode = helper.name;
    container = helper.parent;
  } else {
    let holder: ts.Node = helper.parent;
    while (ts.isParenthesizedExpression(holder)) holder = holder.parent;
    if (ts.isVariableDeclaration(holder) || ts.isPropertyDeclaration(holder) || ts.isPropertyAssignment(holder)) {
      nameNode = holder.name;
      container = holder.parent;
    }
  }
  if (!nameNode || !(ts.isIdentifier(nameNode) || ts.isPrivateIdentifier(nameNode) || ts.isStringLiteral(nameNode))) return undefined;
  const name = nameNode.text;
  const owner = container && ts.isClassLike(container) && container.name ? `${container.name.text}.` : '';
  return { name, qualified: `${owner}${name}`, node: nameNode };
}

/** Whether a callee is declared as a `blockingCalls` specifier says: by its name or `Class.name`, and where. */
function declaredBy(callee: ts.Expression, wanted: readonly Specifier[], checker: ts.TypeChecker, specifiers: SpecifierMatcher): boolean {
  const expression = skipParentheses(callee);
  const nameNode = ts.isIdentifier(expression) ? expression : ts.isPropertyAccessExpression(expression) ? expression.name : undefined;
  if (!nameNode) return false;
  const symbol = resolvedSymbol(checker, nameNode);
  if (!symbol) return false;
  const declaration = symbol.declarations?.[0];
  const container = declaration?.parent;
  const owner =
    container && (ts.isClassLike(container) || ts.isInterfaceDeclaration(container)) && container.name ? `${container.name.text}.${symbol.getName()}` : undefined;
  return wanted.some(
    (specifier) => namesOf(specifier).some((name) => name === symbol.getName() || name === owner) && specifiers.sourceMatches(specifier, symbol),
  );
}

/** The JSON schemas of the {from, ...} specifier objects, as `specifierListOption` accepts them. */
function specifierObjectSchemas(): Record<string, unknown>[] {
  const items = (specifierListOption('', []).schema.items as { oneOf: Record<string, unknown>[] }).oneOf;
  return items.filter((item) => item.type === 'object');
}

/** Whether a target is one of the blocking functions this rule knows without options (a superset of what it reports). */
function isBuiltinBlockingTarget(target: CallTarget): boolean {
  if (target.module === '' && target.qualifiedName === 'Atomics.wait') return true;
  if (!target.library) return false;
  return (SYNC_SUFFIX_MODULES.has(target.module) && target.name.endsWith('Sync')) || (target.module === 'crypto' && Boolean(CRYPTO_ASYNC_EQUIVALENTS[target.name]));
}

/** Whether a declared name can be that of a target `isBuiltinBlockingTarget` accepts (`Atomics.wait` is named 'wait'). */
function hasBuiltinBlockingName(name: string): boolean {
  return name.endsWith('Sync') || name === 'wait' || Boolean(CRYPTO_ASYNC_EQUIVALENTS[name]);
}

function asyncApiEdits(rewriter: AsyncRewriter, call: ts.CallExpression, target: CallTarget): TextEdit[] | undefined {
  // `(0, fs_1.readFileSync)(p)` is compiled output: no rewrite of it.
  if (!target.library || calleeExpression(call.expression) !== skipParentheses(call.expression)) return undefined;
  return rewriter.fsCall(call, target) ?? rewriter.childProcessCall(call, target) ?? rewriter.cryptoCall(call, target);
}

function describe(blocking: Exclude<Blocking, { kind: 'busyWait' }>): { what: string; advice: string } {
  if (blocking.kind === 'atomicsWait') {
    return { what: '`Atomics.wait`', advice: `It suspends the whole thread. ${SLEEP_ADVICE}` };
  }
  const equivalent = blocking.target && asyncEquivalentName(blocking.target);
  return { what: blocking.what, advice: equivalent ? `Await the async version (\`${equivalent}\`) instead.` : WORKER_ADVICE };
}

function parseModulePattern(entry: string): { module: RegExp; name: RegExp } {
  const separator = entry.lastIndexOf(':');
  return { module: compileNamePattern(normalizeModuleName(entry.slice(0, separator))), name: compileNamePattern(entry.slice(separator + 1)) };
}

function isIterationStatement(node: ts.Node): node is ts.WhileStatement | ts.DoStatement | ts.ForStatement {
  return ts.isWhileStatement(node) || ts.isDoStatement(node) || ts.isForStatement(node);
}

/**
 * A loop that waits for the clock: its condition compares a clock reading (or a variable the body sets
 * from one), or its body leaves on such a comparison, and it never awaits. `delay` is set for the plain
 * sleep shape, an empty loop on `now < deadline`, whose wait `await setTimeout(deadline - now)` replaces.
 */
function busyWait(
  loop: ts.WhileStatement | ts.DoStatement | ts.ForStatement,
  contexts: AsyncContexts,
  checker: ts.TypeChecker,
): Blocking | undefined {
  if (containsAwaitOrYield(loop.statement)) return undefined;
  const clockVariables = clockAssignedVariables(loop.statement, contexts);
  const condition = ts.isForStatement(loop) ? loop.condition : loop.expression;
  const comparesClock = (expression: ts.Expression | undefined): boolean =>
    expression !== undefined &&
    someNode(expression, (node) => isComparison(node) && (readsClock(node.left, contexts, clockVariables) || readsClock(node.right, contexts, clockVariables)));
  if (condition && comparesClock(condition)) {
    const emptyBody = isEmptyStatement(loop.statement);
    const plainFor = !ts.isForStatement(loop) || (loop.initializer === undefined && loop.incrementor === undefined);
    const delay = emptyBody && plainFor ? sleepDelay(condition, contexts, checker) : undefined;
    return { kind: 'busyWait', loop, delay };
  }
  // `while (true) { if (Date.now() >= end) break; }`
  if ((!condition || condition.kind === ts.SyntaxKind.TrueKeyword) && ts.isBlock(loop.statement)) {
    const exitsOnClock = loop.statement.statements.some(
      (statement) => ts.isIfStatement(statement) && comparesClock(statement.expression) && breaksOut(statement.thenStatement),
    );
    if (exitsOnClock) return { kind: 'busyWait', loop, delay: undefined };
  }
  return undefined;
}

/** `Date.now()`, `performance.now()`, `new Date()`, `process.hrtime()` / `process.hrtime.bigint()`, or a variable set from one. */
function readsClock(expression: ts.Expression, contexts: AsyncContexts, clockVariables: ReadonlySet<string>): boolean {
  return someNode(expression, (node) => {
    if (ts.isIdentifier(node) && clockVariables.has(node.text)) return true;
    if (ts.isNewExpression(node)) return (node.arguments?.length ?? 0) === 0 && contexts.isBuiltin(node.expression, 'Date');
    if (!ts.isCallExpression(node)) return false;
    const callee = skipParentheses(node.expression);
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const receiver = skipParentheses(callee.expression);
    if (callee.name.text === 'now') return contexts.isBuiltin(receiver, 'Date') || contexts.isBuiltin(receiver, 'performance');
    if (callee.name.text === 'hrtime') return contexts.isBuiltin(receiver, 'process');
    if (callee.name.text === 'bigint' && ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'hrtime') {
      return contexts.isBuiltin(receiver.expression, 'process');
    }
    return false;
  });
}

/** Variables the loop body assigns a clock reading to: `now = Date.now()`. */
function clockAssignedVariables(body: ts.Statement, contexts: AsyncContexts): Set<string> {
  const names = new Set<string>();
  someNode(body, (node) => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(node.left) &&
      readsClock(node.right, contexts, names)
    ) {
      names.add(node.left.text);
    }
    return false;
  });
  return names;
}

/** `now < deadline` (or `deadline > now`) between numbers: the time left is `deadline - now`. */
function sleepDelay(condition: ts.Expression, contexts: AsyncContexts, checker: ts.TypeChecker): string | undefined {
  const comparison = skipParentheses(condition);
  if (!ts.isBinaryExpression(comparison)) return undefined;
  const operator = comparison.operatorToken.kind;
  let now: ts.Expression;
  let deadline: ts.Expression;
  if (operator === ts.SyntaxKind.LessThanToken || operator === ts.SyntaxKind.LessThanEqualsToken) {
    [now, deadline] = [comparison.left, comparison.right];
  } else if (operator === ts.SyntaxKind.GreaterThanToken || operator === ts.SyntaxKind.GreaterThanEqualsToken) {
    [now, deadline] = [comparison.right, comparison.left];
  } else {
    return undefined;
  }
  const none = new Set<string>();
  if (!readsClock(now, contexts, none) || readsClock(deadline, contexts, none)) return undefined;
  const isNumber = (expression: ts.Expression) => (checker.getTypeAtLocation(expression).flags & ts.TypeFlags.NumberLike) !== 0;
  if (!isNumber(now) || !isNumber(deadline)) return undefined;
  return `${operandText(deadline, false)} - ${operandText(now, true)}`;
}

/** An operand's text for `a - b`, in parentheses where precedence needs them. */
function operandText(expression: ts.Expression, right: boolean): string {
  const text = expression.getText();
  const bare = skipParentheses(expression);
  if (ts.isConditionalExpression(bare) || ts.isArrowFunction(bare) || ts.isAsExpression(bare) || ts.isSatisfiesExpression(bare)) return `(${text})`;
  if (ts.isBinaryExpression(bare) && bare === expression) {
    const operator = bare.operatorToken.kind;
    const multiplicative = [ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken, ts.SyntaxKind.PercentToken, ts.SyntaxKind.AsteriskAsteriskToken];
    const additive = [ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken];
    if (multiplicative.includes(operator)) return text;
    if (additive.includes(operator) && !right) return text;
    return `(${text})`;
  }
  return text;
}

/** The delay of an `Atomics.wait` used as a sleep: on a fresh Int32Array nobody else can notify, with a timeout, result unused. */
function atomicsSleepDelay(call: ts.CallExpression, checker: ts.TypeChecker, sourceFile: ts.SourceFile): string | undefined {
  if (call.arguments.length !== 4 || !ts.isExpressionStatement(call.parent)) return undefined;
  const [array, , , timeout] = call.arguments;
  if (!isPrivateInt32Array(array, checker, sourceFile)) return undefined;
  if (ts.isIdentifier(timeout) && timeout.text === 'Infinity') return undefined;
  if (!(checker.getTypeAtLocation(timeout).flags & ts.TypeFlags.NumberLike)) return undefined;
  return timeout.getText(sourceFile);
}

/** `new Int32Array(new SharedArrayBuffer(n))`, written in place or held by a const used only for `Atomics.wait`. */
function isPrivateInt32Array(expression: ts.Expression, checker: ts.TypeChecker, sourceFile: ts.SourceFile): boolean {
  const value = skipParentheses(expression);
  if (isFreshInt32Array(value)) return true;
  if (!ts.isIdentifier(value)) return false;
  const symbol = checker.getSymbolAtLocation(value);
  const declaration = symbol?.valueDeclaration;
  if (
    !declaration ||
    !ts.isVariableDeclaration(declaration) ||
    !declaration.initializer ||
    !(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) ||
    declaration.getSourceFile() !== sourceFile ||
    !isFreshInt32Array(skipParentheses(declaration.initializer))
  ) {
    return false;
  }
  // Exported or passed anywhere (a worker could notify it): not a private sleep.
  const statement = declaration.parent.parent;
  if (ts.isVariableStatement(statement) && ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) return false;
  let sharedElsewhere = false;
  forEachNode(sourceFile, (node) => {
    if (sharedElsewhere || !ts.isIdentifier(node) || node.text !== value.text || node === declaration.name) return;
    if (ts.isExportSpecifier(node.parent) || ts.isExportAssignment(node.parent)) {
      sharedElsewhere = true;
      return;
    }
    if (checker.getSymbolAtLocation(node) !== symbol) return;
    const call = node.parent;
    const isWaitTarget =
      ts.isCallExpression(call) &&
      call.arguments[0] === node &&
      ts.isPropertyAccessExpression(call.expression) &&
      call.expression.name.text === 'wait' &&
      ts.isIdentifier(call.expression.expression) &&
      call.expression.expression.text === 'Atomics';
    if (!isWaitTarget) sharedElsewhere = true;
  });
  return !sharedElsewhere;
}

function isFreshInt32Array(expression: ts.Expression): boolean {
  if (!ts.isNewExpression(expression) || !ts.isIdentifier(expression.expression) || expression.expression.text !== 'Int32Array') return false;
  const [buffer] = expression.arguments ?? [];
  return (
    buffer !== undefined &&
    ts.isNewExpression(skipParentheses(buffer)) &&
    ts.isIdentifier((skipParentheses(buffer) as ts.NewExpression).expression) &&
    ((skipParentheses(buffer) as ts.NewExpression).expression as ts.Identifier).text === 'SharedArrayBuffer'
  );
}

function isComparison(node: ts.Node): node is ts.BinaryExpression {
  if (!ts.isBinaryExpression(node)) return false;
  switch (node.operatorToken.kind) {
    case ts.SyntaxKind.LessThanToken:
    case ts.SyntaxKind.LessThanEqualsToken:
    case ts.SyntaxKind.GreaterThanToken:
    case ts.SyntaxKind.GreaterThanEqualsToken:
    case ts.SyntaxKind.EqualsEqualsToken:
    case ts.SyntaxKind.EqualsEqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
      return true;
    default:
      return false;
  }
}

function isEmptyStatement(statement: ts.Statement): boolean {
  return ts.isEmptyStatement(statement) || (ts.isBlock(statement) && statement.statements.length === 0);
}

function breaksOut(statement: ts.Statement): boolean {
  if (ts.isBreakStatement(statement) || ts.isReturnStatement(statement)) return true;
  return ts.isBlock(statement) && statement.statements.some((inner) => ts.isBreakStatement(inner) || ts.isReturnStatement(inner));
}

function containsAwaitOrYield(node: ts.Node): boolean {
  return someNode(node, (inner) => ts.isAwaitExpression(inner) || ts.isYieldExpression(inner) || (ts.isForOfStatement(inner) && inner.awaitModifier !== undefined));
}
