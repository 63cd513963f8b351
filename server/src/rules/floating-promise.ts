import { ts } from '../typescript';
import { booleanOption } from './options';
import { defineRule, type TextEdit } from './types';
import { accessedPropertyName, forEachNode, hasPrimitiveValue, isInAsyncFunction, prefixEdits, skipParentheses } from './util/ast';
import { callsCallbackForm } from './util/callbackForm';
import { argumentsForParameter, namedParameter } from './util/callSites';
import { asyncBodyCannotReject, syncBodyCannotThrow } from './util/cannotReject';
import { promiseCombinator } from './util/concurrency';
import { calledDeclaration } from './util/declarations';
import { callNeverRejects } from './util/neverRejecting';
import { appendCatchEdits, errorReporterText } from './util/promiseFixes';
import { PromiseTypes, unionParts } from './util/promiseTypes';
import { ValueTypes } from './util/valueTypes';
import { SpecifierMatcher, specifierListOption, type Specifier } from './util/specifiers';
import { symbolKeyedCallResult } from './util/symbolMembers';

interface Options {
  ignoreVoid: boolean;
  ignoreIIFE: boolean;
  checkThenables: boolean;
  ignoreSelfHandling: boolean;
  allowForKnownSafeCalls: Specifier[];
  allowForKnownSafePromises: Specifier[];
}

type MessageId = 'floating' | 'floatingVoid' | 'floatingArray' | 'nonFunctionHandler';
type FixId = 'addAwait' | 'addVoid' | 'addCatch' | 'awaitAll';

/** Test-runner functions whose returned promise the runner itself waits for. */
const TEST_FUNCTIONS = ['describe', 'it', 'test', 'suite', 'context', 'specify', 'before', 'after', 'beforeEach', 'afterEach'];
const TEST_FUNCTION_VARIANTS = ['only', 'skip', 'todo'];

/** Allowed out of the box: test APIs (whose runners track the promise) and VS Code's notifications. */
export const DEFAULT_SAFE_CALLS: Specifier[] = [
  { from: 'package', package: 'node:test', name: [...TEST_FUNCTIONS, ...TEST_FUNCTION_VARIANTS] },
  { from: 'package', package: 'mocha', name: [...TEST_FUNCTIONS, 'xdescribe', 'xit', 'xcontext', 'xspecify', 'suiteSetup', 'suiteTeardown', 'setup', 'teardown', 'run'] },
  { from: 'package', package: 'vscode', name: ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'] },
];

const INSPECTED_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([ts.SyntaxKind.ExpressionStatement, ts.SyntaxKind.ArrowFunction]);

interface Verdict {
  unhandled: boolean;
  promiseArray?: boolean;
  nonFunctionHandler?: boolean;
}

const HANDLED: Verdict = { unhandled: false };

export default defineRule<Options, MessageId, FixId>({
  meta: {
    id: 'floating-promise',
    description: 'A promise that is neither awaited, returned, voided nor given a rejection handler.',
    summary: {
      finds: 'a promise that is neither awaited, returned, voided nor given a rejection handler',
      fixes: 'add `await` (unsafe), add `.catch(...)` (unsafe), `await Promise.all(...)` (unsafe), add `void` (suppression)',
    },
    defaultSeverity: 'warning',
    needsTypes: true,
    firstLook: true,
    messages: {
      floating:
        'Promise is not awaited or handled, so a rejection goes unnoticed. Await it, return it, add .catch(...), or prefix it with `void` to run it in the background on purpose.',
      floatingVoid: 'Promise is discarded with `void`, so a rejection goes unnoticed. Await it or add .catch(...).',
      floatingArray:
        'Array of promises is not awaited or handled, so their rejections go unnoticed. Combine them with `await Promise.all(...)` (or `allSettled`), or prefix the statement with `void` on purpose.',
      nonFunctionHandler:
        'The rejection handler is not a function, so it is ignored and a rejection goes unnoticed. Pass a function to .catch(...) or as the second argument of .then(...).',
    },
    options: {
      ignoreVoid: booleanOption('Accept promises discarded with the `void` operator.', true),
      ignoreIIFE: booleanOption('Accept immediately invoked function expressions, such as `(async () => { ... })();`.', false),
      checkThenables: booleanOption('Also report any object with a `then` method that takes a rejection callback, not only built-in promises.', false),
      ignoreSelfHandling: booleanOption(
        'Accept calls of async functions that handle their own errors: every `await` in their body sits in a `try` whose `catch` hands the error on without throwing (see "Differences from typescript-eslint").',
        true,
      ),
      allowForKnownSafeCalls: specifierListOption(
        'Functions whose returned promise may float: names, or {from: "file"|"lib"|"package", name, package?} objects (a method as "Class.method"). The default allows node:test and mocha test functions and VS Code notifications; a list you set replaces it.',
        DEFAULT_SAFE_CALLS,
      ),
      allowForKnownSafePromises: specifierListOption(
        'Promise types that may float: names, or {from: "file"|"lib"|"package", name, package?} objects.',
        [],
      ),
    },
    fixes: {
      addAwait: { title: 'Add await', kind: 'unsafe' },
      addVoid: { title: 'Mark as intentionally not awaited (void)', kind: 'suppression' },
      addCatch: { title: 'Add .catch(...) that reports the error', kind: 'unsafe' },
      awaitAll: { title: 'Await all with Promise.all(...)', kind: 'unsafe' },
    },
    examples: {
      incorrect: 'async function save(): Promise<void> {}\n\nexport function onClick(): void {\n  save();\n}\n',
      correct: 'async function save(): Promise<void> {}\n\nexport async function onClick(): Promise<void> {\n  await save();\n}\n',
    },
  },

  check(context) {
    const { sourceFile, options, checker } = context;
    const promiseTypes = new PromiseTypes(context.program, checker);
    const specifiers = new SpecifierMatcher(context.program, checker);
    const valueTypes = new ValueTypes(checker);

    /** A promise (or, with checkThenables, a rejectable thenable) that no allowlist entry covers. */
    const isPromiseLike = (type: ts.Type, location: ts.Node): boolean => {
      if (specifiers.typeMatches(type, options.allowForKnownSafePromises)) return false;
      if (promiseTypes.isPromise(type)) return true;
      return options.checkThenables && promiseTypes.isRejectableThenable(type, location);
    };

    const isArrayLike = (type: ts.Type): boolean => {
      const apparent = checker.getApparentType(type);
      return checker.isArrayType(apparent) || checker.isTupleType(apparent);
    };

    const isPromiseArray = (expression: ts.Expression): boolean => {
      // Whether it is an array at all is a shallow question; only an array's elements need the deep type.
      if (!unionParts(valueTypes.typeOf(expression, 'shallow')).some(isArrayLike)) return false;
      const type = valueTypes.typeOf(expression, 'deep');
      return unionParts(type).some((part) => {
        const apparent = checker.getApparentType(part);
        if (checker.isArrayType(apparent)) return isPromiseLike(checker.getTypeArguments(apparent as ts.TypeReference)[0], expression);
        if (checker.isTupleType(apparent)) {
          return checker.getTypeArguments(apparent as ts.TypeReference).some((element) => isPromiseLike(element, expression));
        }
        return false;
      });
    };

    /**
     * A handler argument counts only when its type is callable: `undefined`, `null` or `any` register
     * nothing. An untyped parameter is judged by what every caller in view passes for it.
     */
    const isFunctionValue = (argument: ts.Expression): boolean => {
      if (checker.getTypeAtLocation(argument).getCallSignatures().length > 0) return true;
      const parameter = namedParameter(checker, argument);
      const passed = parameter && argumentsForParameter(checker, parameter);
      return passed !== undefined && passed.every((value) => unionParts(checker.getTypeAtLocation(value)).every((part) => part.getCallSignatures().length > 0));
    };

    const verdict = (node: ts.Expression): Verdict => {
      const expression = skipParentheses(node);
      if (ts.isBinaryExpression(expression) && isAssignmentOperator(expression.operatorToken.kind)) return HANDLED;
      if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.CommaToken) {
        // Each operand of a comma expression is evaluated: any of them may drop a promise.
        const left = verdict(expression.left);
        return left.unhandled ? left : verdict(expression.right);
      }
      if (!options.ignoreVoid && ts.isVoidExpression(expression)) return verdict(expression.expression);
      // `count++;`, `x === y;`, `typeof x;`: values that are never a promise, known without their types.
      if (hasPrimitiveValue(expression)) return HANDLED;
      if (isPromiseArray(expression)) return { unhandled: true, promiseArray: true };
      if (ts.isAwaitExpression(expression)) return HANDLED;
      if (!isPromiseLike(valueTypes.typeOf(expression, 'shallow'), expression)) return HANDLED;

      if (ts.isCallExpression(expression)) {
        const method = accessedPropertyName(expression.expression);
        const receiver = accessedObject(expression.expression);
        if (receiver && (method === 'catch' || method === 'then')) {
          const handler = rejectionHandlerArgument(expression, method);
          if (handler === undefined) return cannotReject(expression) ? HANDLED : { unhandled: true };
          return isFunctionValue(handler) ? HANDLED : { unhandled: true, nonFunctionHandler: true };
        }
        // `.finally()` passes the rejection through: the chain is handled only if its receiver is.
        if (receiver && method === 'finally') return verdict(receiver);
        if (returnsNoPromiseHere(expression) || cannotReject(expression)) return HANDLED;
        return { unhandled: true };
      }
      if (ts.isConditionalExpression(expression)) {
        const whenFalse = verdict(expression.whenFalse);
        return whenFalse.unhandled ? whenFalse : verdict(expression.whenTrue);
      }
      if (ts.isBinaryExpression(expression) && isLogicalOperator(expression.operatorToken.kind)) {
        const left = verdict(expression.left);
        return left.unhandled ? left : verdict(expression.right);
      }
      return { unhandled: true };
    };

    /**
     * Calls whose promise type does not describe this call: a JavaScript function's callback form given
     * a callback (it returns nothing), and `obj[key]()` with a `Symbol()` key, judged by the member it names.
     */
    const returnsNoPromiseHere = (call: ts.CallExpression): boolean => {
      if (callsCallbackForm(context.program, checker, promiseTypes, call)) return true;
      const symbolKeyed = symbolKeyedCallResult(context.program, checker, call);
      return symbolKeyed === 'unresolved' || (symbolKeyed !== undefined && !isPromiseLike(symbolKeyed, call));
    };

    /**
     * A promise that settles only by fulfilling: `Promise.allSettled(...)`, a platform call that cannot
     * reject (`NEVER_REJECTING_CALLS`: `worker.terminate()`), a call of an async function
     * that handles its own errors (ignoreSelfHandling), and `.then(f)`/`.finally(f)` on those when `f`
     * cannot throw or reject either.
     */
    const cannotReject = (expression: ts.Expression): boolean => {
      const call = skipParentheses(expression);
      if (!ts.isCallExpression(call)) return false;
      if (promiseCombinator(context.program, checker, call) === 'allSettled' || callNeverRejects(context.program, checker, call)) return true;
      const method = accessedPropertyName(call.expression);
      const receiver = accessedObject(call.expression);
      if (receiver && (method === 'then' || method === 'finally')) {
        if (call.arguments.length !== 1 || !cannotReject(receiver)) return false;
        const callback = skipParentheses(call.arguments[0]);
        return callbackCannotFail(callback);
      }
      if (!options.ignoreSelfHandling) return false;
      const callee = skipParentheses(call.expression);
      const fn = ts.isFunctionExpression(callee) || ts.isArrowFunction(callee) ? callee : calledDeclaration(checker, call);
      return fn !== undefined && asyncBodyCannotReject(context.program, checker, promiseTypes, fn, call);
    };

    const callbackCannotFail = (callback: ts.Expression): boolean => {
      if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) return false;
      if (syncBodyCannotThrow(context.program, checker, promiseTypes, callback)) {
        // An expression body is the callback's value: a promise returned there is adopted by the chain.
        return ts.isBlock(callback.body) || promiseTypes.awaitability(checker.getTypeAtLocation(callback.body), callback.body) === 'never';
      }
      return options.ignoreSelfHandling && asyncBodyCannotReject(context.program, checker, promiseTypes, callback);
    };

    const isKnownSafeCall = (expression: ts.Expression): boolean =>
      ts.isCallExpression(expression) && specifiers.callMatches(expression, options.allowForKnownSafeCalls);

    const fixesFor = (statement: ts.Node, expression: ts.Expression, result: Verdict) => {
      const fixes: { id: FixId; edits: TextEdit[] }[] = [];
      const inAsync = isInAsyncFunction(statement);
      const inner = skipParentheses(expression);
      if (ts.isVoidExpression(inner)) {
        // Only reported with ignoreVoid off: turn the `void` into an `await`, or handle the rejection inside it.
        if (inAsync) {
          const start = inner.getStart(sourceFile);
          fixes.push({ id: 'addAwait', edits: [{ start, end: inner.expression.getStart(sourceFile), newText: 'await ' }] });
        }
        const catchEdits = catchFix(inner.expression);
        if (catchEdits) fixes.push({ id: 'addCatch', edits: catchEdits });
        return fixes;
      }
      if (result.promiseArray) {
        if (inAsync) {
          const start = expression.getStart(sourceFile);
          fixes.push({
            id: 'awaitAll',
            edits: [
              { start, end: start, newText: 'await Promise.all(' },
              { start: expression.end, end: expression.end, newText: ')' },
            ],
          });
        }
        fixes.push({ id: 'addVoid', edits: prefixEdits(sourceFile, expression, 'void ') });
        return fixes;
      }
      if (inAsync) fixes.push({ id: 'addAwait', edits: prefixEdits(sourceFile, expression, 'await ') });
      fixes.push({ id: 'addVoid', edits: prefixEdits(sourceFile, expression, 'void ') });
      if (!result.nonFunctionHandler) {
        const catchEdits = catchFix(expression);
        if (catchEdits) fixes.push({ id: 'addCatch', edits: catchEdits });
      }
      return fixes;
    };

    /** `.catch(report)` appended to the expression, when every value it can have is a promise. */
    const catchFix = (expression: ts.Expression): TextEdit[] | undefined => {
      const inner = skipParentheses(expression);
      if (ts.isConditionalExpression(inner) || ts.isBinaryExpression(inner)) return undefined;
      const type = checker.getTypeAtLocation(inner);
      const optionalChain = ts.isOptionalChain(inner);
      const parts = unionParts(type).filter((part) => !(optionalChain && part.flags & ts.TypeFlags.Undefined));
      if (parts.length === 0 || !parts.every((part) => promiseTypes.isAlwaysPromise(part))) return undefined;
      const handler = errorReporterText(checker, sourceFile, inner);
      return handler === undefined ? undefined : appendCatchEdits(sourceFile, expression, handler);
    };

    const checkStatement = (statement: ts.Node, expression: ts.Expression) => {
      const result = verdict(expression);
      // The allowlist is asked only about what would be reported: most statements handle their value.
      if (!result.unhandled || isKnownSafeCall(skipParentheses(expression))) return;
      const inner = skipParentheses(expression);
      const messageId: MessageId = result.promiseArray
        ? 'floatingArray'
        : result.nonFunctionHandler
          ? 'nonFunctionHandler'
          : ts.isVoidExpression(inner)
            ? 'floatingVoid'
            : 'floating';
      context.report({ node: statement, messageId, fixes: fixesFor(statement, expression, result) });
    };

    context.forEachNodeInScope(INSPECTED_KINDS, (node) => {
      if (ts.isExpressionStatement(node)) {
        if (options.ignoreIIFE && isImmediatelyInvokedFunction(skipParentheses(node.expression))) return;
        checkStatement(node, node.expression);
      } else if (ts.isArrowFunction(node) && isUnaryExpression(node.body)) {
        // `() => void promise` drops the promise just like a statement does (with ignoreVoid off).
        checkStatement(node.body, node.body);
      }
    });
  },
});

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function isLogicalOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

function isUnaryExpression(node: ts.Node): node is ts.Expression {
  return ts.isVoidExpression(node) || ts.isTypeOfExpression(node) || ts.isDeleteExpression(node) || (ts.isPrefixUnaryExpression(node) && node.operator !== ts.SyntaxKind.PlusPlusToken && node.operator !== ts.SyntaxKind.MinusMinusToken);
}

function isImmediatelyInvokedFunction(expression: ts.Expression): boolean {
  if (!ts.isCallExpression(expression)) return false;
  const callee = skipParentheses(expression.expression);
  return ts.isFunctionExpression(callee) || ts.isArrowFunction(callee);
}

function accessedObject(callee: ts.Expression): ts.Expression | undefined {
  return ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? callee.expression : undefined;
}

/** The argument that `.catch(...)`/`.then(..., ...)` registers as rejection handler, if any (spreads hide it). */
function rejectionHandlerArgument(call: ts.CallExpression, method: 'catch' | 'then'): ts.Expression | undefined {
  const args = call.arguments;
  if (method === 'catch') return args.length >= 1 && !ts.isSpreadElement(args[0]) ? args[0] : undefined;
  if (args.length < 2 || ts.isSpreadElement(args[0]) || ts.isSpreadElement(args[1])) return undefined;
  return args[1];
}
