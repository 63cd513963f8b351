import { ts } from '../typescript';
import { defineRule, type TextEdit } from './types';
import { CALLS, forEachNode, isAsyncFunction, skipParentheses } from './util/ast';
import { AsyncContexts, scanAsyncCode, someNode } from './util/asyncContext';
import { AsyncRewriter } from './util/asyncEquivalents';
import { BlockingCallees } from './util/blockingCallees';
import { CallTargets, type CallTarget } from './util/callTargets';
import { lineIndent, newlineOf, outdentedText, statementEnd } from './util/fixText';
import { runsNodeSynchronously, SYNC_CHILD_PROCESS_FUNCTIONS } from './util/childProcess';
import { promiseCombinator } from './util/concurrency';
import { PromiseTypes } from './util/promiseTypes';
import { calleeText, lineOf } from './util/text';

type Finding = { kind: 'nodeRun'; target: CallTarget } | { kind: 'bridge'; name: string };

/** deasync's loop drivers: each spins the event loop from inside a synchronous call. */
const DEASYNC_LOOP_FUNCTIONS = new Set(['loopWhile', 'runLoopOnce', 'sleep']);

const NEW_EXPRESSIONS: ReadonlySet<ts.SyntaxKind> = new Set([ts.SyntaxKind.NewExpression]);

export default defineRule<
  Record<string, never>,
  'asyncExecutor' | 'asyncExecutorThrow' | 'redundantExecutor' | 'syncNodeRun' | 'syncNodeRunInHelper' | 'syncBridge' | 'syncBridgeInHelper',
  'asyncFunctionBody' | 'asyncFunctionBodyUnsafe' | 'useAsyncApi'
>({
  meta: {
    id: 'nested-run',
    description:
      'Async work run to completion synchronously from inside async code (an async Promise executor, execSync of node, deasync/synckit).',
    summary: {
      finds: 'async work run to completion synchronously inside async code: async Promise executors, `execSync` of node, deasync/synckit',
      fixes: 'async function instead of `new Promise` (safe for the try/catch shape), awaited child process (unsafe)',
    },
    defaultSeverity: 'warning',
    needsTypes: true,
    firstLook: true,
    messages: {
      asyncExecutor:
        'If `{{awaited}}` (line {{line}}) rejects, the error is lost: `new Promise` ignores the promise its async executor returns, so this promise is not rejected (it stays pending unless something else settles it) and the error becomes an unhandled rejection. Catch the error and call `reject`, or use an async function instead of `new Promise`.',
      asyncExecutorThrow:
        'The error thrown on line {{line}} is lost: `new Promise` ignores the promise its async executor returns, so this promise is not rejected (it stays pending unless something else settles it) and the error becomes an unhandled rejection. Call `reject` instead, or use an async function instead of `new Promise`.',
      redundantExecutor:
        'This `new Promise` only wraps an async function: every error is caught and passed to `reject`, so nothing is lost, but the wrapper is redundant and the next line added outside the `try` would lose its errors. Use the async function itself (the fix keeps the behaviour).',
      syncNodeRun:
        '`{{callee}}` runs a Node.js program to completion synchronously inside async code: this process and its event loop stop until the child exits. Await the async version (`exec`/`execFile` promisified, or `spawn`) instead.',
      syncNodeRunInHelper:
        '`{{callee}}` runs a Node.js program to completion synchronously inside async code: it calls `{{name}}` (line {{line}}), and this process stops until the child exits. Make it async and await the async version.',
      syncBridge:
        '`{{callee}}` ({{name}}) runs async work to completion synchronously inside async code, blocking the event loop meanwhile. Await the async function directly.',
      syncBridgeInHelper:
        '`{{callee}}` runs async work to completion synchronously inside async code: it calls `{{name}}` (line {{line}}). Make it async and await the work directly.',
    },
    options: {},
    fixes: {
      asyncFunctionBody: { title: 'Replace the Promise with an async function', kind: 'safe' },
      asyncFunctionBodyUnsafe: { title: 'Replace the Promise with an async function (its errors now reject it)', kind: 'unsafe' },
      useAsyncApi: { title: 'Use the async child process API and await it', kind: 'unsafe' },
    },
    examples: {
      incorrect:
        'declare function load(): Promise<string>;\n\nexport function read(): Promise<string> {\n  return new Promise(async (resolve) => {\n    const text = await load();\n    resolve(text.trim());\n  });\n}\n',
      correct: 'declare function load(): Promise<string>;\n\nexport async function read(): Promise<string> {\n  const text = await load();\n  return text.trim();\n}\n',
    },
  },

  check(context) {
    // Every finding of this rule is in (or about) async code: a file without any skips the checker.
    if (!context.sourceFile.text.includes('async')) return;
    const { sourceFile, checker, program } = context;
    const contexts = new AsyncContexts(program, checker);
    const targets = new CallTargets(program, checker);
    const rewriter = new AsyncRewriter(sourceFile, checker);

    // Async executors, wherever they are, reported only where an error really escapes them.
    const promiseTypes = new PromiseTypes(program, checker);
    context.forEachNodeInScope(NEW_EXPRESSIONS, (node) => {
      if (!ts.isNewExpression(node)) return;
      const executor = node.arguments?.[0] && skipParentheses(node.arguments[0]);
      if (!executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor)) || !isAsyncFunction(executor)) return;
      if (!contexts.isBuiltin(node.expression, 'Promise')) return;
      const escape = escapingError(executor, (expression, returned) => mayReject(expression, returned, promiseTypes, program, checker));
      const asyncKeyword = ts.getModifiers(executor)!.find((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)!;
      const fix = executorFix(node, executor, sourceFile, checker);
      if (!escape) {
        // Nothing is lost. Said only where the wrapper is provably redundant: the shape the safe fix takes.
        if (fix?.id === 'asyncFunctionBody') context.report({ node: asyncKeyword, messageId: 'redundantExecutor', fixes: [fix] });
        return;
      }
      const line = String(lineOf(sourceFile, escape.node));
      context.report({
        node: asyncKeyword,
        ...(escape.kind === 'throw' ? { messageId: 'asyncExecutorThrow', data: { line } } : { messageId: 'asyncExecutor', data: { line, awaited: awaitedText(escape.node, sourceFile) } }),
        fixes: fix ? [fix] : [],
      });
    });

    const callees = BlockingCallees.of(program, targets, isRunToCompletionTarget, hasRunToCompletionName);

    const inspect = (node: ts.Node): Finding | undefined => {
      if (!ts.isCallExpression(node)) return undefined;
      // A method call can only be a deasync loop or a child process run under one of their names.
      if (!callees.mayBlock(node.expression)) return undefined;
      const target = targets.resolve(node.expression);
      if (target && runsNodeSynchronously(node, target, contexts)) return { kind: 'nodeRun', target };
      const bridge = syncBridgeName(node, targets);
      return bridge ? { kind: 'bridge', name: bridge } : undefined;
    };

    for (const result of scanAsyncCode((kinds, visit) => context.forEachNodeInScope(kinds, visit), contexts, checker, CALLS, inspect)) {
      const { finding } = result;
      if (result.kind === 'helper') {
        const data = {
          callee: `${calleeText(result.call, sourceFile)}()`,
          name: finding.kind === 'nodeRun' ? finding.target.name : finding.name,
          line: String(lineOf(sourceFile, result.node)),
        };
        context.report({ node: result.call, messageId: finding.kind === 'nodeRun' ? 'syncNodeRunInHelper' : 'syncBridgeInHelper', data });
        continue;
      }
      const call = result.node as ts.CallExpression;
      const callee = calleeText(call, sourceFile);
      if (finding.kind === 'bridge') {
        context.report({ node: call, messageId: 'syncBridge', data: { callee, name: finding.name } });
        continue;
      }
      const edits = result.context.awaitLegal ? rewriter.childProcessCall(call, finding.target) : undefined;
      context.report({ node: call, messageId: 'syncNodeRun', data: { callee }, fixes: edits ? [{ id: 'useAsyncApi', edits }] : [] });
    }
  },
});

/** The targets `inspect` reports when a method call resolves to them (see BlockingCallees). */
function isRunToCompletionTarget(target: CallTarget): boolean {
  return (target.module === 'child_process' && target.library && SYNC_CHILD_PROCESS_FUNCTIONS.has(target.name)) || (target.module === 'deasync' && DEASYNC_LOOP_FUNCTIONS.has(target.name));
}

/** Whether a declared name can be that of a target isRunToCompletionTarget accepts. */
function hasRunToCompletionName(name: string): boolean {
  return SYNC_CHILD_PROCESS_FUNCTIONS.has(name) || DEASYNC_LOOP_FUNCTIONS.has(name);
}

/**
 * deasync and synckit: `deasync.loopWhile(...)`, `deasync.sleep(...)`, and calling what `deasync(fn)` or
 * synckit's `createSyncFn(path)` returned (directly or through a const).
 */
function syncBridgeName(call: ts.CallExpression, targets: CallTargets): string | undefined {
  const callee = skipParentheses(call.expression);
  const target = targets.resolve(callee);
  if (target?.module === 'deasync' && DEASYNC_LOOP_FUNCTIONS.has(target.name)) return `deasync.${target.name}`;
  let maker: ts.Expression | undefined = ts.isCallExpression(callee) ? callee : undefined;
  if (!maker && ts.isIdentifier(callee)) {
    const declaration = targets.valueDeclarationOf(callee);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) {
      maker = skipParentheses(declaration.initializer);
    }
  }
  if (!maker || !ts.isCallExpression(maker)) return undefined;
  const made = targets.resolve(maker.expression);
  if (made?.module === 'deasync' && made.name === 'deasync') return 'deasync';
  if (made?.module === 'synckit' && made.name === 'createSyncFn') return 'synckit createSyncFn';
  return undefined;
}

type Escape = { kind: 'await' | 'throw'; node: ts.Node };

/**
 * The first place where an error leaves an async executor: an `await` (or `for await`) of something
 * that may reject, a `throw`, or a returned promise, outside every `try` that has a `catch`. The async
 * function turns each into a rejection of its own promise, which `new Promise` ignores. An executor
 * whose errors are all caught loses nothing (its `new Promise` is only redundant): none is returned.
 */
function escapingError(executor: ts.ArrowFunction | ts.FunctionExpression, mayReject: (expression: ts.Expression, returned: boolean) => boolean): Escape | undefined {
  let found: Escape | undefined;
  const visit = (node: ts.Node, guarded: boolean): void => {
    // A nested function's errors are its own (and its caller's), not the executor's.
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isTryStatement(node)) {
      visit(node.tryBlock, guarded || node.catchClause !== undefined);
      if (node.catchClause) visit(node.catchClause.block, guarded);
      if (node.finallyBlock) visit(node.finallyBlock, guarded);
      return;
    }
    if (!guarded) {
      if (ts.isThrowStatement(node)) found = { kind: 'throw', node };
      else if (ts.isAwaitExpression(node) && mayReject(node.expression, false)) found = { kind: 'await', node };
      else if (ts.isForOfStatement(node) && node.awaitModifier) found = { kind: 'await', node };
      else if (ts.isReturnStatement(node) && node.expression && mayReject(node.expression, true)) found = { kind: 'await', node };
      if (found) return;
    }
    ts.forEachChild(node, (child) => visit(child, guarded));
  };
  if (ts.isBlock(executor.body)) visit(executor.body, false);
  else if (mayReject(executor.body, true)) found = { kind: 'await', node: executor.body };
  else visit(executor.body, false);
  return found;
}

/**
 * Whether awaiting (or returning) the value can reject: not a value that is no promise, not a promise
 * whose rejection is already handled (`.catch(f)`, `.then(f, g)`), not `Promise.allSettled`. An awaited
 * value of unknown type counts (its author awaits it as a promise); a returned one must be a promise.
 */
function mayReject(expression: ts.Expression, returned: boolean, promiseTypes: PromiseTypes, program: ts.Program, checker: ts.TypeChecker): boolean {
  const value = skipParentheses(expression);
  // `await new Promise((resolve) => setTimeout(resolve, ms))`: an executor that never rejects it.
  if (ts.isNewExpression(value) && value.arguments?.length === 1) {
    const inner = skipParentheses(value.arguments[0]);
    if ((ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) && inner.parameters.length < 2 && !isAsyncFunction(inner) && !someNode(inner.body, ts.isThrowStatement)) return false;
  }
  if (ts.isCallExpression(value)) {
    const callee = skipParentheses(value.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if ((method === 'catch' && value.arguments.length >= 1) || (method === 'then' && value.arguments.length >= 2)) return false;
    }
    if (promiseCombinator(program, checker, value) === 'allSettled') return false;
  }
  const awaitability = promiseTypes.awaitability(checker.getTypeAtLocation(value), value);
  return returned ? awaitability === 'always' : awaitability !== 'never';
}

/** What the message names: the awaited expression, the iterated one, or the returned one, on one short line. */
function awaitedText(node: ts.Node, sourceFile: ts.SourceFile): string {
  const target = ts.isAwaitExpression(node) ? node.expression : ts.isForOfStatement(node) ? node.expression : ts.isReturnStatement(node) && node.expression ? node.expression : node;
  const text = target.getText(sourceFile).replace(/\s+/g, ' ');
  return text.length <= 50 ? text : `${text.slice(0, 47)}...`;
}

/**
 * `new Promise(async (resolve, reject) => { try { ...; resolve(x); } catch (e) { reject(e); } })` becomes
 * `(async () => { ...; return x; })()`: the same work, the same result and the same rejection (safe;
 * offered on an executor that loses nothing, whose wrapper is only redundant). Without the try/catch
 * the async function also turns a lost error into a rejection: the bug fixed, and a change of
 * behaviour, so that form of the fix is unsafe.
 */
function executorFix(
  promise: ts.NewExpression,
  executor: ts.ArrowFunction | ts.FunctionExpression,
  sourceFile: ts.SourceFile,
  checker: ts.TypeChecker,
): { id: 'asyncFunctionBody' | 'asyncFunctionBodyUnsafe'; edits: TextEdit[] } | undefined {
  const [resolveParameter, rejectParameter, ...others] = executor.parameters;
  if (!resolveParameter || others.length > 0 || !ts.isBlock(executor.body) || executor.asteriskToken) return undefined;
  if (ts.isExpressionStatement(promise.parent)) return undefined; // `(async ...)()` there could join the previous line
  // `new Promise(async () => ...)`: no resolve to rewrite.
  if (!resolveParameter) return undefined;
  const resolve = simpleParameterSymbol(resolveParameter, checker);
  const reject = rejectParameter ? simpleParameterSymbol(rejectParameter, checker) : undefined;
  if (!resolve || (rejectParameter && !reject)) return undefined;

  let container: ts.Block = executor.body;
  let safe = false;
  const [onlyStatement] = executor.body.statements;
  if (executor.body.statements.length === 1 && ts.isTryStatement(onlyStatement) && reject && rejectsCaughtError(onlyStatement, reject, checker)) {
    container = onlyStatement.tryBlock;
    safe = true;
  }
  const statements = container.statements;
  const last = statements[statements.length - 1];
  const resolved = last && settleCallOf(last, resolve, checker);
  if (!resolved || resolved.arguments.length > 1) return undefined;
  // resolve and reject are used only where the shape says; nothing returns early (that would settle differently).
  if (references(executor.body, resolve, checker) !== 1 || references(executor.body, reject, checker) !== (safe ? 1 : 0)) return undefined;
  if (statements.slice(0, -1).some((statement) => containsReturn(statement))) return undefined;
  if (ts.isFunctionExpression(executor) && usesArguments(executor.body)) return undefined;

  const outerIndent = lineIndent(sourceFile, promise.getStart(sourceFile));
  const bodyIndent = executor.body.statements.length > 0 ? lineIndent(sourceFile, executor.body.statements[0].getStart(sourceFile)) : `${outerIndent}  `;
  const innerIndent = lineIndent(sourceFile, statements[0].getStart(sourceFile));
  const dedent = Math.max(0, innerIndent.length - bodyIndent.length);
  // Lines inside multi-line literals keep their text (outdentedText skips them).
  const before = outdentedText(sourceFile, container.getStart(sourceFile) + 1, last.getStart(sourceFile), dedent);
  const value = resolved.arguments[0];
  const body = value ? `${before}return ${value.getText(sourceFile)}${statementEnd(sourceFile)}` : before.replace(/\r?\n[ \t]*$/, '');
  const typeArgument = promise.typeArguments?.length === 1 ? `: Promise<${promise.typeArguments[0].getText(sourceFile)}>` : '';
  const head = ts.isArrowFunction(executor) ? `(async ()${typeArgument} => {` : `(async function ()${typeArgument} {`;
  const newText = `${head}${body}${newlineOf(sourceFile)}${outerIndent}})()`;
  return {
    id: safe ? 'asyncFunctionBody' : 'asyncFunctionBodyUnsafe',
    edits: [{ start: promise.getStart(sourceFile), end: promise.end, newText }],
  };
}

function simpleParameterSymbol(parameter: ts.ParameterDeclaration, checker: ts.TypeChecker): ts.Symbol | undefined {
  if (!ts.isIdentifier(parameter.name) || parameter.initializer || parameter.dotDotDotToken) return undefined;
  return checker.getSymbolAtLocation(parameter.name);
}

/** `resolve(x);` or `return resolve(x);` */
function settleCallOf(statement: ts.Statement, settle: ts.Symbol, checker: ts.TypeChecker): ts.CallExpression | undefined {
  const expression = ts.isExpressionStatement(statement) ? statement.expression : ts.isReturnStatement(statement) ? statement.expression : undefined;
  if (!expression) return undefined;
  const call = skipParentheses(expression);
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || checker.getSymbolAtLocation(call.expression) !== settle) return undefined;
  return call.arguments.some((argument) => ts.isSpreadElement(argument)) ? undefined : call;
}

function references(root: ts.Node, symbol: ts.Symbol | undefined, checker: ts.TypeChecker): number {
  if (!symbol) return 0;
  let count = 0;
  forEachNode(root, (node) => {
    if (ts.isIdentifier(node) && node.text === symbol.getName() && checker.getSymbolAtLocation(node) === symbol) count++;
  });
  return count;
}

function containsReturn(root: ts.Node): boolean {
  return someNode(root, ts.isReturnStatement);
}

/** `arguments` of the executor itself (arrows have none of their own, so look inside them too). */
function usesArguments(root: ts.Node): boolean {
  return someNode(
    root,
    (node) => ts.isIdentifier(node) && node.text === 'arguments',
    (node) => (ts.isFunctionLike(node) && !ts.isArrowFunction(node)) || ts.isClassLike(node),
  );
}

/** `catch (e) { reject(e); }` and nothing else, with no finally. */
function rejectsCaughtError(statement: ts.TryStatement, reject: ts.Symbol, checker: ts.TypeChecker): boolean {
  const clause = statement.catchClause;
  if (!clause || statement.finallyBlock || !clause.variableDeclaration || !ts.isIdentifier(clause.variableDeclaration.name)) return false;
  const caught = checker.getSymbolAtLocation(clause.variableDeclaration.name);
  if (clause.block.statements.length !== 1) return false;
  const call = settleCallOf(clause.block.statements[0], reject, checker);
  const argument = call?.arguments.length === 1 ? skipParentheses(call.arguments[0]) : undefined;
  return argument !== undefined && ts.isIdentifier(argument) && checker.getSymbolAtLocation(argument) === caught;
}
