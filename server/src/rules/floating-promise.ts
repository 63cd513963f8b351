import { ts } from 'ts-morph';
import { booleanOption } from './options';
import { defineRule } from './types';
import { accessedPropertyName, forEachNode, isInAsyncFunction, prefixEdits, skipParentheses } from './util/ast';
import { PromiseTypes } from './util/promiseTypes';

interface Options {
  ignoreVoid: boolean;
  ignoreIIFE: boolean;
  checkThenables: boolean;
}

export default defineRule<Options, 'floating' | 'floatingVoid', 'addAwait' | 'addVoid'>({
  meta: {
    id: 'floating-promise',
    description: 'A promise that is neither awaited, returned, voided nor given a rejection handler.',
    defaultSeverity: 'warning',
    needsTypes: true,
    messages: {
      floating:
        'Promise is not awaited or handled, so a rejection goes unnoticed. Await it, return it, add .catch(...), or prefix it with `void` to run it in the background on purpose.',
      floatingVoid: 'Promise is discarded with `void`, so a rejection goes unnoticed. Await it or add .catch(...).',
    },
    options: {
      ignoreVoid: booleanOption('Accept promises discarded with the `void` operator.', true),
      ignoreIIFE: booleanOption('Accept immediately invoked async function expressions.', false),
      checkThenables: booleanOption('Also report any object with a `then` method, not only built-in promises.', false),
    },
    fixes: {
      addAwait: { title: 'Add await', safe: false },
      addVoid: { title: 'Mark as intentionally not awaited (void)', safe: true },
    },
    examples: {
      incorrect: 'async function save(): Promise<void> {}\n\nexport function onClick(): void {\n  save();\n}\n',
      correct: 'async function save(): Promise<void> {}\n\nexport async function onClick(): Promise<void> {\n  await save();\n}\n',
    },
  },

  check(context) {
    const { sourceFile, options } = context;
    const promiseTypes = new PromiseTypes(context.program, context.checker);

    const isPromiseValued = (expression: ts.Expression): boolean => {
      const type = context.checker.getTypeAtLocation(expression);
      return options.checkThenables ? promiseTypes.isThenable(type) : promiseTypes.isPromise(type);
    };

    /** Whether evaluating `expression` as a statement leaves a promise with no rejection handler. */
    const isUnhandled = (node: ts.Expression): boolean => {
      const expression = skipParentheses(node);
      if (ts.isVoidExpression(expression)) {
        return !options.ignoreVoid && isUnhandled(expression.expression);
      }
      if (ts.isBinaryExpression(expression)) {
        const operator = expression.operatorToken.kind;
        if (operator === ts.SyntaxKind.CommaToken) return isUnhandled(expression.left) || isUnhandled(expression.right);
        if (
          operator === ts.SyntaxKind.AmpersandAmpersandToken ||
          operator === ts.SyntaxKind.BarBarToken ||
          operator === ts.SyntaxKind.QuestionQuestionToken
        ) {
          return isUnhandled(expression.left) || isUnhandled(expression.right);
        }
        // Assignments store the promise somewhere: whoever reads it is responsible for it.
        return false;
      }
      if (ts.isConditionalExpression(expression)) {
        return isUnhandled(expression.whenTrue) || isUnhandled(expression.whenFalse);
      }
      if (ts.isCallExpression(expression)) {
        if (options.ignoreIIFE && isImmediatelyInvokedFunction(expression)) return false;
        const method = accessedPropertyName(expression.expression);
        const receiver = ts.isPropertyAccessExpression(expression.expression) || ts.isElementAccessExpression(expression.expression)
          ? expression.expression.expression
          : undefined;
        if (receiver && isPromiseValued(receiver)) {
          if (method === 'catch' && expression.arguments.length >= 1) return !isRejectionHandler(expression.arguments[0]);
          if (method === 'then' && expression.arguments.length >= 2) return !isRejectionHandler(expression.arguments[1]);
          // `.finally()` passes the rejection through: the chain is handled only if the receiver is.
          if (method === 'finally') return isUnhandled(receiver);
        }
      }
      return isPromiseValued(expression);
    };

    forEachNode(sourceFile, (node) => {
      if (!ts.isExpressionStatement(node)) return;
      const expression = skipParentheses(node.expression);
      if (!isUnhandled(expression)) return;
      const discardedWithVoid = ts.isVoidExpression(expression);
      const fixes: { id: 'addAwait' | 'addVoid'; edits: ReturnType<typeof prefixEdits> }[] = [];
      if (!discardedWithVoid) {
        if (isInAsyncFunction(node)) fixes.push({ id: 'addAwait', edits: prefixEdits(sourceFile, node.expression, 'await ') });
        fixes.push({ id: 'addVoid', edits: prefixEdits(sourceFile, node.expression, 'void ') });
      } else if (isInAsyncFunction(node)) {
        const start = expression.getStart(sourceFile);
        fixes.push({ id: 'addAwait', edits: [{ start, end: expression.expression.getStart(sourceFile), newText: 'await ' }] });
      }
      context.report({ node, messageId: discardedWithVoid ? 'floatingVoid' : 'floating', fixes });
    });
  },
});

function isImmediatelyInvokedFunction(call: ts.CallExpression): boolean {
  const callee = skipParentheses(call.expression);
  return ts.isFunctionExpression(callee) || ts.isArrowFunction(callee);
}

/** `undefined` or `null` passed as a handler registers nothing. */
function isRejectionHandler(argument: ts.Expression): boolean {
  const value = skipParentheses(argument);
  if (value.kind === ts.SyntaxKind.NullKeyword) return false;
  if (ts.isIdentifier(value) && value.text === 'undefined') return false;
  return true;
}
