import { ts } from '../typescript';
import { defineRule, type TextEdit } from './types';
import { accessedPropertyName, forEachNode, skipParentheses } from './util/ast';
import { PromiseTypes, unionParts } from './util/promiseTypes';
import { skipWhitespace } from './util/text';
import { isJavaScriptFile, TypeEvidence } from './util/typeEvidence';
import { ValueTypes } from './util/valueTypes';

type MessageId = 'await' | 'forAwaitValues' | 'forAwaitPromises' | 'aggregatorInput' | 'awaitUsing';
type FixId = 'removeAwait' | 'awaitAllFirst';

const AGGREGATORS = new Set(['all', 'allSettled', 'race', 'any']);
const INSPECTED_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.AwaitExpression,
  ts.SyntaxKind.ForOfStatement,
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.VariableDeclarationList,
]);

export default defineRule<Record<string, never>, MessageId, FixId>({
  meta: {
    id: 'await-non-promise',
    description: '`await` on a value that is not a promise or other thenable.',
    summary: {
      finds: '`await` (or `for await`, `await using`, `Promise.all`) on values that are not promises',
      fixes: 'remove `await` (unsafe), `Promise.all` before `for await` (unsafe)',
    },
    defaultSeverity: 'warning',
    needsTypes: true,
    firstLook: false,
    messages: {
      await:
        'This value is not a promise, so `await` only delays by a tick; it often means a missing call or a sync function taken for an async one. Remove the `await`, or await the promise you meant.',
      forAwaitValues:
        '`for await` over a sync iterable of plain values only delays each iteration. Use a plain `for...of` loop.',
      forAwaitPromises:
        '`for await` over a sync iterable of promises awaits them one by one: one that rejects while an earlier one is awaited is an unhandled rejection. Loop over `await Promise.all(...)` instead.',
      aggregatorInput:
        'This is not a promise, so Promise.{{method}}(...) passes it through unchanged; it often means a missing call or a forgotten async function. Pass promises, or drop the value.',
      awaitUsing: '`await using` on a value that is not async-disposable only delays its disposal by a tick. Use `using`.',
    },
    options: {},
    fixes: {
      removeAwait: { title: 'Remove await', kind: 'unsafe' },
      awaitAllFirst: { title: 'Await all first with Promise.all(...)', kind: 'unsafe' },
    },
    examples: {
      incorrect: 'function total(): number {\n  return 42;\n}\n\nexport async function report(): Promise<number> {\n  return await total();\n}\n',
      correct: 'async function total(): Promise<number> {\n  return 42;\n}\n\nexport async function report(): Promise<number> {\n  return await total();\n}\n',
    },
  },

  check(context) {
    const { sourceFile, checker } = context;
    const promiseTypes = new PromiseTypes(context.program, checker);
    const values = new ValueTypes(checker);
    const evidence = new TypeEvidence(checker);
    // A value with any callable `then` is not left alone by `await`: it calls `then` with its callbacks,
    // whatever the parameters' declared types say (an untyped JavaScript `then(next)` is a thenable).
    const awaitability = (part: ts.Type, location: ts.Node) => {
      const answer = promiseTypes.awaitability(part, location);
      return answer === 'never' && hasCallableThen(checker, part, location) ? 'may' : answer;
    };
    const neverAwaitable = (type: ts.Type, location: ts.Node) => unionParts(type).every((part) => awaitability(part, location) === 'never');
    const mayBeAwaitable = (type: ts.Type, location: ts.Node) => unionParts(type).some((part) => awaitability(part, location) !== 'never');

    /** The types of the values an array, tuple or `Iterable<T>` holds; undefined for other types. */
    const valueTypes = (type: ts.Type): readonly ts.Type[] | undefined => {
      if (checker.isTupleType(type)) return checker.getTypeArguments(type as ts.TypeReference);
      if (checker.isArrayLikeType(type)) {
        const element = type.getNumberIndexType();
        return element ? [element] : undefined;
      }
      if (isTypeReference(type)) return checker.getTypeArguments(type).slice(0, 1);
      return undefined;
    };

    const checkAwait = (node: ts.AwaitExpression) => {
      const type = values.typeOf(node.expression, 'shallow');
      // `never` is the checker giving up on a value (a variable narrowed by assignments it cannot see),
      // not a value that is not a promise.
      if (type.flags & ts.TypeFlags.Never || !neverAwaitable(type, node.expression)) return;
      if (!evidence.isTrusted(node.expression, 'shallow')) return;
      const edits = removeAwaitEdits(sourceFile, node);
      const typeScriptReportsIt = typeScriptReportsAwaitWithoutEffect(context.program, checker, sourceFile, node);
      context.report({ node, messageId: 'await', fixes: edits ? [{ id: 'removeAwait', edits }] : [], ...(typeScriptReportsIt ? { typeScriptReportsIt } : {}) });
    };

    const checkForAwait = (node: ts.ForOfStatement) => {
      const type = checker.getTypeAtLocation(node.expression);
      if (type.flags & ts.TypeFlags.Any) return;
      if (unionParts(type).some((part) => wellKnownSymbolProperty(part, 'asyncIterator'))) return;
      if (!evidence.isTrusted(node.expression, 'deep')) return;
      const awaitKeyword = node.awaitModifier!;
      const head = { start: node.getStart(sourceFile), end: node.statement.getStart(sourceFile) };
      const values = unionParts(type).flatMap((part) => valueTypes(part) ?? []);
      const plainValues = values.length > 0 && values.every((value) => neverAwaitable(value, node.expression));
      if (plainValues) {
        const edits = [{ start: awaitKeyword.getStart(sourceFile), end: skipWhitespace(sourceFile.text, awaitKeyword.end), newText: '' }];
        context.report({ range: head, messageId: 'forAwaitValues', fixes: [{ id: 'removeAwait', edits }] });
        return;
      }
      const fixes: { id: FixId; edits: TextEdit[] }[] = [];
      if (unionParts(type).every((part) => checker.isArrayType(part) || checker.isTupleType(part))) {
        fixes.push({
          id: 'awaitAllFirst',
          edits: [
            { start: awaitKeyword.getStart(sourceFile), end: skipWhitespace(sourceFile.text, awaitKeyword.end), newText: '' },
            { start: node.expression.getStart(sourceFile), end: node.expression.getStart(sourceFile), newText: 'await Promise.all(' },
            { start: node.expression.end, end: node.expression.end, newText: ')' },
          ],
        });
      }
      context.report({ range: head, messageId: 'forAwaitPromises', fixes });
    };

    const isPromiseConstructor = (expression: ts.Expression): boolean => {
      const type = checker.getTypeAtLocation(expression);
      const constrained = checker.getBaseConstraintOfType(type) ?? type;
      return isBuiltinNamed(constrained, 'PromiseConstructor', promiseTypes, checker, 0);
    };

    const checkAggregator = (node: ts.CallExpression) => {
      const method = accessedPropertyName(node.expression);
      if (!method || !AGGREGATORS.has(method)) return;
      const receiver = (node.expression as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression;
      if (!isPromiseConstructor(receiver)) return;
      const argument = node.arguments[0];
      if (!argument || ts.isSpreadElement(argument)) return;
      const data = { method };
      // Values mixed with promises pass through unchanged, often on purpose (`[load(), cached]`, a map
      // callback that returns a promise or nothing): only an input that can hold no promise is a mistake.
      const literal = skipParentheses(argument);
      if (ts.isArrayLiteralExpression(literal)) {
        // Each element on its own: typing the whole literal makes the checker resolve the aggregator's
        // overloads against it, which costs far more on code full of Promise.all([...]).
        const elements = literal.elements.filter((element) => !ts.isOmittedExpression(element));
        const typed = elements.map((element) => ({
          element,
          held: ts.isSpreadElement(element)
            ? unionParts(constrainedType(checker, element.expression)).flatMap((part) => valueTypes(part) ?? [])
            : [constrainedType(checker, element)],
        }));
        if (typed.some(({ held }) => held.some((value) => mayBeAwaitable(value, argument)))) return;
        for (const { element, held } of typed) {
          if (ts.isSpreadElement(element)) continue;
          if (neverAwaitable(held[0], element) && evidence.isTrusted(element, 'shallow')) context.report({ node: element, messageId: 'aggregatorInput', data });
        }
        return;
      }
      const type = constrainedType(checker, argument);
      // Non-iterables are already a type error.
      if (!unionParts(type).every((part) => wellKnownSymbolProperty(part, 'iterator'))) return;
      const held = unionParts(type).flatMap((part) => valueTypes(part) ?? []);
      if (held.some((value) => mayBeAwaitable(value, argument))) return;
      if (held.length > 0 && evidence.isTrusted(argument, 'deep')) context.report({ node: argument, messageId: 'aggregatorInput', data });
    };

    const checkAwaitUsing = (node: ts.VariableDeclarationList) => {
      for (const declaration of node.declarations) {
        if (!declaration.initializer) continue;
        const type = checker.getTypeAtLocation(declaration.initializer);
        if (type.flags & ts.TypeFlags.Any) continue;
        if (unionParts(type).some((part) => wellKnownSymbolProperty(part, 'asyncDispose'))) continue;
        if (!evidence.isTrusted(declaration.initializer, 'shallow')) continue;
        const fixes: { id: FixId; edits: TextEdit[] }[] = [];
        if (node.declarations.length === 1) {
          const start = node.getStart(sourceFile);
          // `await using` -> `using`
          fixes.push({ id: 'removeAwait', edits: [{ start, end: skipWhitespace(sourceFile.text, start + 'await'.length), newText: '' }] });
        }
        context.report({ node: declaration.initializer, messageId: 'awaitUsing', fixes });
      }
    };

    context.forEachNodeInScope(INSPECTED_KINDS, (node) => {
      if (ts.isAwaitExpression(node)) checkAwait(node);
      else if (ts.isForOfStatement(node) && node.awaitModifier) checkForAwait(node);
      else if (ts.isCallExpression(node)) checkAggregator(node);
      else if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.BlockScoped) === ts.NodeFlags.AwaitUsing) checkAwaitUsing(node);
    });
  },
});

/**
 * Whether TypeScript's language service reports this `await` itself, as suggestion 80007 ("'await' has
 * no effect on the type of this expression", with its own fix): where awaiting leaves the type as it is,
 * in files it type-checks. It says nothing of `for await`, `await using` or Promise aggregators, nor of
 * a `then` that takes no callback (an error there, or nothing in unchecked JavaScript).
 */
function typeScriptReportsAwaitWithoutEffect(program: ts.Program, checker: ts.TypeChecker, sourceFile: ts.SourceFile, node: ts.AwaitExpression): boolean {
  if (!typeScriptChecks(sourceFile, program.getCompilerOptions())) return false;
  const type = checker.getTypeAtLocation(node.expression);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  return checker.getAwaitedType(type) === type;
}

/** Whether TypeScript type-checks the file, and so gives its suggestions (its canIncludeBindAndCheckDiagnostics). */
function typeScriptChecks(sourceFile: ts.SourceFile, options: ts.CompilerOptions): boolean {
  // The parser's reading of `// @ts-check` and `// @ts-nocheck` (not in the public typings).
  const directive = (sourceFile as ts.SourceFile & { checkJsDirective?: { enabled: boolean } }).checkJsDirective;
  // `// @ts-nocheck`, in TypeScript files too.
  if (directive && !directive.enabled) return false;
  if (options.noCheck) return false;
  if (!isJavaScriptFile(sourceFile)) return true;
  // JavaScript: `// @ts-check`, or checkJs not turned off (a jsconfig.json without checkJs checks "plain" JavaScript).
  return directive ? directive.enabled : options.checkJs !== false;
}

function hasCallableThen(checker: ts.TypeChecker, type: ts.Type, location: ts.Node): boolean {
  const then = checker.getApparentType(type).getProperty('then');
  return then !== undefined && unionParts(checker.getTypeOfSymbolAtLocation(then, location)).some((part) => part.getCallSignatures().length > 0);
}

function isTypeReference(type: ts.Type): type is ts.TypeReference {
  return (type.flags & ts.TypeFlags.Object) !== 0 && ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0;
}

function constrainedType(checker: ts.TypeChecker, node: ts.Node): ts.Type {
  const type = checker.getTypeAtLocation(node);
  return checker.getBaseConstraintOfType(type) ?? type;
}

/** The `[Symbol.<name>]` property of a type, if it has one. */
function wellKnownSymbolProperty(type: ts.Type, name: string): ts.Symbol | undefined {
  const prefix = `__@${name}@`;
  return type.getProperties().find((property) => (property.escapedName as string).startsWith(prefix));
}

/** A built-in library type of that name, or one deriving from it (through intersections and bases). */
function isBuiltinNamed(type: ts.Type, name: string, promiseTypes: PromiseTypes, checker: ts.TypeChecker, depth: number): boolean {
  if (depth > 16) return false;
  if (type.isIntersection()) return type.types.some((part) => isBuiltinNamed(part, name, promiseTypes, checker, depth + 1));
  if (type.isUnion()) return type.types.every((part) => isBuiltinNamed(part, name, promiseTypes, checker, depth + 1));
  const symbol = type.getSymbol();
  if (!symbol) return false;
  if (symbol.getName() === name && promiseTypes.isDeclaredInDefaultLibrary(symbol)) return true;
  if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) {
    const declared = checker.getDeclaredTypeOfSymbol(symbol);
    if (declared.isClassOrInterface()) {
      return (checker.getBaseTypes(declared) ?? []).some((base) => isBuiltinNamed(base, name, promiseTypes, checker, depth + 1));
    }
  }
  return false;
}

/**
 * Edits that remove `await ` from an await expression, with parentheses where the operand would
 * otherwise start a statement or an arrow body as a block. Undefined where the removal would join the
 * operand to the previous line (automatic semicolon insertion) and the fix is not worth the risk.
 */
function removeAwaitEdits(sourceFile: ts.SourceFile, node: ts.AwaitExpression): TextEdit[] | undefined {
  const start = node.getStart(sourceFile);
  const operand = node.expression;
  const operandStart = operand.getStart(sourceFile);
  const removal: TextEdit = { start, end: operandStart, newText: '' };
  const first = sourceFile.text[operandStart];
  const startsStatement = startsExpressionStatement(node);
  const startsArrowBody = ts.isArrowFunction(node.parent) && node.parent.body === node;
  const inner = skipParentheses(operand);
  const ambiguous =
    !ts.isParenthesizedExpression(operand) &&
    (ts.isObjectLiteralExpression(inner) || ts.isFunctionExpression(inner) || ts.isClassExpression(inner) || sourceFile.text.startsWith('let', operandStart));
  if ((startsStatement || startsArrowBody) && ambiguous) {
    return [removal, { start: operandStart, end: operandStart, newText: '(' }, { start: operand.end, end: operand.end, newText: ')' }];
  }
  if (startsStatement && '([`+-/'.includes(first)) {
    const before = sourceFile.text.slice(0, start).trimEnd();
    if (before.length > 0 && !/[;{}]$/.test(before)) return undefined;
  }
  return [removal];
}

/** Whether the expression is the leftmost part of an expression statement. */
function startsExpressionStatement(node: ts.Expression): boolean {
  let current: ts.Node = node;
  while (current.parent && !ts.isExpressionStatement(current.parent)) {
    const parent: ts.Node = current.parent;
    const leftmost =
      (ts.isBinaryExpression(parent) && parent.left === current) ||
      (ts.isCallExpression(parent) && parent.expression === current) ||
      (ts.isPropertyAccessExpression(parent) && parent.expression === current) ||
      (ts.isElementAccessExpression(parent) && parent.expression === current) ||
      (ts.isConditionalExpression(parent) && parent.condition === current) ||
      (ts.isTaggedTemplateExpression(parent) && parent.tag === current) ||
      (ts.isAsExpression(parent) && parent.expression === current) ||
      (ts.isNonNullExpression(parent) && parent.expression === current) ||
      (ts.isPostfixUnaryExpression(parent) && parent.operand === current);
    if (!leftmost) return false;
    current = parent;
  }
  return current.parent !== undefined && ts.isExpressionStatement(current.parent);
}
