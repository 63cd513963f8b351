import { ts } from '../typescript';
import { booleanOption, flagEnabled, flagsOrBooleanOption, type FlagsOrBoolean } from './options';
import { defineRule, type TextEdit } from './types';
import { functionCannotReject } from './util/cannotReject';
import { readCodeOf } from './util/crossFileReads';
import { storedCallbackIsReturned } from './util/storedCallbacks';
import { calledDeclaration, isPlatformFile } from './util/declarations';
import { accessedPropertyName, forEachNode, hasPrimitiveValue, isInAsyncFunction, prefixEdits, skipParentheses } from './util/ast';
import { fileStyle, lineIndent, reindentedText, statementEnd, styledCode } from './util/fixText';
import { errorReporterText } from './util/promiseFixes';
import { PromiseTypes, unionParts } from './util/promiseTypes';
import { skipWhitespace } from './util/text';
import { ValueTypes } from './util/valueTypes';

type VoidReturnSite = 'arguments' | 'attributes' | 'inheritedMethods' | 'properties' | 'returns' | 'variables';

interface Options {
  checksConditionals: boolean;
  checksSpreads: boolean;
  checksVoidReturn: FlagsOrBoolean<VoidReturnSite>;
}

type MessageId =
  | 'conditional'
  | 'predicate'
  | 'spread'
  | 'voidReturnArgument'
  | 'voidReturnAttribute'
  | 'voidReturnInheritedMethod'
  | 'voidReturnProperty'
  | 'voidReturnReturnValue'
  | 'voidReturnVariable';
type FixId = 'awaitCondition' | 'handleInVoidSlot' | 'forOfLoop' | 'promiseAll';

const ARRAY_PREDICATES = new Set(['every', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some']);

const DROPPED =
  'so its promise is dropped: a rejection goes unnoticed and nothing waits for the work. Handle errors inside it, or wrap it: `() => { void handler().catch(report); }`.';

export default defineRule<Options, MessageId, FixId>({
  meta: {
    id: 'misused-promise',
    description: 'A promise where a plain value or a void callback is expected: `if (p)`, `forEach(async ...)`, async event handlers, spreads.',
    summary: {
      finds: 'a promise where a value or a void callback is expected: `if (p)`, `forEach(async ...)`, async event handlers, spreads',
      fixes: 'wrap the handler (unsafe), `for...of` / `Promise.all` (unsafe), `await` in the condition (unsafe)',
    },
    defaultSeverity: 'warning',
    needsTypes: true,
    firstLook: true,
    messages: {
      conditional: 'A promise is always truthy, so this condition does not test its result. Await it first.',
      predicate: 'An async predicate returns a promise, which is always truthy, so every element passes. Use a synchronous predicate.',
      spread: 'Spreading a promise copies none of its result. Await it first: `...(await value)`.',
      voidReturnArgument: `This async function is passed where a callback returning void is expected, ${DROPPED}`,
      voidReturnAttribute: `This async function is given to an attribute that expects a handler returning void, ${DROPPED}`,
      voidReturnInheritedMethod: `This async method overrides a method that returns void in '{{heritageTypeName}}'; callers through that type do not await it, ${DROPPED}`,
      voidReturnProperty: `This async function is given to a property that expects a function returning void, ${DROPPED}`,
      voidReturnReturnValue: `This async function is returned where a function returning void is expected, ${DROPPED}`,
      voidReturnVariable: `This async function is stored where a function returning void is expected, ${DROPPED}`,
    },
    options: {
      checksConditionals: booleanOption('Report promises in conditions: `if`, loops, `?:`, `!`, `&&`/`||`/`??` operands.', true),
      checksSpreads: booleanOption('Report promises spread into object literals.', true),
      checksVoidReturn: flagsOrBooleanOption(
        'Report promise-returning functions where a void-returning function is expected; true, false, or per site.',
        {
          arguments: 'Arguments whose parameter is a function returning void (forEach callbacks, event listeners).',
          attributes: 'JSX attributes that expect a function returning void (onClick).',
          inheritedMethods: 'Methods overriding or implementing a method that returns void.',
          properties: 'Object literal properties that expect a function returning void.',
          returns: 'Functions returned where the return type is a function returning void.',
          variables: 'Variables and assignments whose type is a function returning void.',
        },
        true,
      ),
    },
    fixes: {
      awaitCondition: { title: 'Await the promise in the condition', kind: 'unsafe' },
      handleInVoidSlot: { title: 'Wrap in a void callback that reports the error', kind: 'unsafe' },
      forOfLoop: { title: 'Rewrite as a for...of loop with await', kind: 'unsafe' },
      promiseAll: { title: 'Rewrite as await Promise.all(items.map(...))', kind: 'unsafe' },
    },
    examples: {
      incorrect:
        'async function save(id: number): Promise<void> {}\n\nexport function saveAll(ids: number[]): void {\n  ids.forEach(async (id) => {\n    await save(id);\n  });\n}\n',
      correct:
        'async function save(id: number): Promise<void> {}\n\nexport async function saveAll(ids: number[]): Promise<void> {\n  for (const id of ids) {\n    await save(id);\n  }\n}\n',
    },
  },

  check(context) {
    const { sourceFile, options, checker } = context;
    const promiseTypes = new PromiseTypes(context.program, checker);
    const compilerOptions = context.program.getCompilerOptions();
    const strictNullChecks = compilerOptions.strictNullChecks ?? compilerOptions.strict !== false;
    const voidReturn = (site: VoidReturnSite) => flagEnabled(options.checksVoidReturn, site);
    const typeOf = (node: ts.Node) => checker.getTypeAtLocation(node);
    const valueTypes = new ValueTypes(checker);
    /** Whether a value is a function that returns a thenable; an async function expression says so itself. */
    const returnsThenable = (node: ts.Node): boolean => {
      const value = ts.isExpression(node) ? skipParentheses(node) : node;
      if ((ts.isArrowFunction(value) || ts.isFunctionExpression(value)) && isAsync(value) && !value.asteriskToken) return true;
      return promiseTypes.returnsThenable(ts.isExpression(value) ? valueTypes.typeOf(value, 'deep') : typeOf(value), node);
    };
    /**
     * Whether a function value's promise may reject, so that dropping it loses a failure: a function
     * whose body handles every error (see functionCannotReject) loses nothing in a void slot. Functions named
     * by a local identifier are read at their declaration.
     */
    const mayReject = (value: ts.Node): boolean => {
      let fn: ts.Node = ts.isExpression(value) ? skipParentheses(value) : value;
      if (ts.isIdentifier(fn)) {
        const declaration = checker.getSymbolAtLocation(fn)?.valueDeclaration;
        if (declaration && ts.isFunctionDeclaration(declaration)) fn = declaration;
        else if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) {
          fn = skipParentheses(declaration.initializer);
        }
      }
      return !functionCannotReject(context.program, checker, promiseTypes, fn);
    };
    const checked = new Set<ts.Node>();

    // ---- conditionals ----------------------------------------------------------------------

    /**
     * Without strictNullChecks a promise-typed variable or field that can be reassigned may hold
     * undefined while its type says Promise: `if (!this.closing) this.closing = this.close();` is a
     * presence test, not a forgotten await. Constants and initialized readonly fields are still reported.
     */
    const isPresenceTestOfMaybeUnset = (expression: ts.Expression): boolean => {
      if (strictNullChecks) return false;
      if (!ts.isIdentifier(expression) && !ts.isPropertyAccessExpression(expression) && !ts.isElementAccessExpression(expression)) return false;
      const symbol = checker.getSymbolAtLocation(ts.isElementAccessExpression(expression) ? expression.argumentExpression : expression);
      const declaration = symbol?.valueDeclaration;
      if (!declaration) return false;
      if (ts.isVariableDeclaration(declaration)) {
        const list = declaration.parent;
        return !(ts.isVariableDeclarationList(list) && list.flags & ts.NodeFlags.Const && declaration.initializer);
      }
      if (ts.isPropertyDeclaration(declaration) || ts.isPropertySignature(declaration)) {
        const readonly = (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Readonly) !== 0;
        return !(readonly && ts.isPropertyDeclaration(declaration) && declaration.initializer);
      }
      return ts.isParameter(declaration);
    };

    /**
     * Whether the syntax alone shows that a tested value is no promise, so the checker need not type it
     * (typing a variable types its initializer, often a whole `Promise.all(...)` inference): an operator
     * that yields a boolean, number or string, a literal, an `await`, or a const holding an awaited value.
     */
    const isNeverThenableBySyntax = (expression: ts.Expression): boolean => {
      if (hasPrimitiveValue(expression) || ts.isAwaitExpression(expression)) return true;
      if (!ts.isIdentifier(expression)) return false;
      const declaration = checker.getSymbolAtLocation(expression)?.valueDeclaration;
      if (!declaration) return false;
      const variable = ts.isBindingElement(declaration) && ts.isArrayBindingPattern(declaration.parent) ? declaration.parent.parent : declaration;
      if (!ts.isVariableDeclaration(variable) || !variable.initializer) return false;
      if (!(ts.getCombinedNodeFlags(variable) & ts.NodeFlags.Const)) return false;
      const initializer = skipParentheses(variable.initializer);
      if (ts.isAwaitExpression(initializer)) {
        // `const x = await p` holds what `p` settles to. An element of an awaited array could still be a
        // promise, except of `await Promise.all([...])` and `allSettled`, whose elements are awaited too.
        return variable === declaration || isAwaitedElementsCall(skipParentheses(initializer.expression));
      }
      if (variable !== declaration) return false;
      // Narrowing a const cannot add a promise to its type, unless the type is open-ended.
      const declared = variable.type ? checker.getTypeFromTypeNode(variable.type) : valueTypes.typeOf(initializer, 'shallow');
      return !unionParts(declared).some((part) => part.flags & OPEN_ENDED_TYPES) && !promiseTypes.isThenable(declared, expression);
    };

    const isAwaitedElementsCall = (expression: ts.Expression): boolean => {
      if (!ts.isCallExpression(expression) || !ts.isPropertyAccessExpression(expression.expression)) return false;
      const { expression: receiver, name } = expression.expression;
      if (name.text !== 'all' && name.text !== 'allSettled') return false;
      if (!ts.isIdentifier(receiver) || receiver.text !== 'Promise') return false;
      const symbol = checker.getSymbolAtLocation(receiver);
      return symbol !== undefined && promiseTypes.isDeclaredInDefaultLibrary(symbol);
    };

    const checkConditional = (node: ts.Expression, isTest: boolean): void => {
      const expression = skipParentheses(node);
      if (checked.has(expression)) return;
      checked.add(expression);
      if (ts.isBinaryExpression(expression) && isLogicalOperator(expression.operatorToken.kind)) {
        // `a ?? b` outside a test only asks whether `a` is nullish; the right operand is a value, not a test.
        if (expression.operatorToken.kind !== ts.SyntaxKind.QuestionQuestionToken || isTest) checkConditional(expression.left, isTest);
        if (isTest) checkConditional(expression.right, isTest);
        return;
      }
      if (isNeverThenableBySyntax(expression)) return;
      const type = valueTypes.typeOf(expression, 'shallow');
      if (!promiseTypes.isAlwaysThenable(type, expression)) return;
      if (isPresenceTestOfMaybeUnset(expression)) return;
      const fixes: { id: FixId; edits: TextEdit[] }[] = [];
      // What a promise of void settles to cannot be tested (TS1345): awaiting it would not compile.
      const awaited = checker.getAwaitedType(type);
      const testable = awaited !== undefined && !(awaited.flags & ts.TypeFlags.Void);
      if (testable && isInAsyncFunction(expression)) fixes.push({ id: 'awaitCondition', edits: prefixEdits(sourceFile, expression, 'await ') });
      context.report({ node: expression, messageId: 'conditional', fixes });
    };

    const checkArrayPredicate = (call: ts.CallExpression): void => {
      const method = accessedPropertyName(call.expression);
      if (!method || !ARRAY_PREDICATES.has(method)) return;
      const callback = call.arguments[0];
      if (!callback || ts.isSpreadElement(callback)) return;
      const receiver = (call.expression as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression;
      const receiverType = constrained(typeOf(receiver));
      const isArray = unionParts(receiverType)
        .flatMap((part) => (part.isIntersection() ? part.types : [part]))
        .some((part) => checker.isArrayType(part) || checker.isTupleType(part));
      if (isArray && returnsThenable(callback)) context.report({ node: callback, messageId: 'predicate' });
    };

    // ---- void-returning slots ----------------------------------------------------------------

    /** Argument positions where the callee expects a function returning void (and never one returning a promise). */
    const voidFunctionArguments = (call: ts.CallExpression | ts.NewExpression): Set<number> => {
      const args = call.arguments ?? ts.factory.createNodeArray<ts.Expression>();
      const thenableIndices = new Set<number>();
      const voidIndices = new Set<number>();
      const classify = (type: ts.Type, index: number) => {
        const consider = (candidate: ts.Type) => {
          if (promiseTypes.isThenableReturningFunction(candidate, call.expression)) thenableIndices.add(index);
          else if (promiseTypes.isVoidReturningFunction(candidate, call.expression) && !thenableIndices.has(index)) voidIndices.add(index);
        };
        consider(type);
        const contextual = contextualTypeForArgument(checker, call, index);
        if (contextual && contextual !== type) consider(contextual);
      };
      for (const part of unionParts(typeOf(call.expression))) {
        const signatures = ts.isCallExpression(call) ? part.getCallSignatures() : part.getConstructSignatures();
        for (const signature of signatures) {
          signature.parameters.forEach((parameter, index) => {
            let type = checker.getTypeOfSymbolAtLocation(parameter, call.expression);
            const declaration = parameter.valueDeclaration;
            if (declaration && ts.isParameter(declaration) && declaration.dotDotDotToken) {
              if (checker.isArrayType(type)) {
                type = checker.getTypeArguments(type as ts.TypeReference)[0];
                for (let i = index; i < args.length; i++) classify(type, i);
              } else if (checker.isTupleType(type)) {
                const elements = checker.getTypeArguments(type as ts.TypeReference);
                for (let i = index; i < args.length && i - index < elements.length; i++) classify(elements[i - index], i);
              }
            } else {
              classify(type, index);
            }
          });
        }
      }
      for (const index of thenableIndices) voidIndices.delete(index);
      return voidIndices;
    };

    /** Whether some signature of the callee may take a function at an argument position (declared types only). */
    /** `<T extends keyof Commands>`: what the parameter takes is a string, never a function. */
    const hasPrimitiveConstraint = (parameter: ts.Type): boolean => {
      const constraint = checker.getBaseConstraintOfType(parameter);
      return constraint !== undefined && unionParts(constraint).every((part) => (part.flags & PRIMITIVE_TYPES) !== 0);
    };

    const positionsTakingFunctions = (call: ts.CallExpression | ts.NewExpression): ((index: number) => boolean) => {
      const parameterTypes: { type: ts.Type; rest: boolean }[][] = [];
      for (const part of unionParts(typeOf(call.expression))) {
        const signatures = ts.isCallExpression(call) ? part.getCallSignatures() : part.getConstructSignatures();
        for (const signature of signatures) {
          parameterTypes.push(
            signature.parameters.map((parameter) => {
              const declaration = parameter.valueDeclaration;
              return {
                type: checker.getTypeOfSymbolAtLocation(parameter, call.expression),
                rest: declaration !== undefined && ts.isParameter(declaration) && declaration.dotDotDotToken !== undefined,
              };
            }),
          );
        }
      }
      // Arrays and tuples are looked into for their elements, with a worklist and a visited set: a
      // recursive type (`type Json = ... | Json[]`) would otherwise be walked forever.
      const mayTakeFunction = (type: ts.Type): boolean => {
        const visited = new Set<ts.Type>([type]);
        const pending = [type];
        while (pending.length > 0) {
          for (const part of unionParts(pending.pop()!)) {
            if (
              (part.flags & ts.TypeFlags.TypeParameter && !hasPrimitiveConstraint(part)) ||
              (part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.IndexedAccess | ts.TypeFlags.Conditional)) !== 0 ||
              part.getCallSignatures().length > 0 ||
              part.isIntersection()
            ) {
              return true;
            }
            if (!checker.isArrayType(part) && !checker.isTupleType(part)) continue;
            for (const element of checker.getTypeArguments(part as ts.TypeReference)) {
              if (visited.has(element)) continue;
              visited.add(element);
              pending.push(element);
            }
          }
        }
        return false;
      };
      return (index) =>
        parameterTypes.some((parameters) => {
          const last = parameters[parameters.length - 1];
          const parameter = index < parameters.length ? parameters[index] : last?.rest ? last : undefined;
          return parameter !== undefined && mayTakeFunction(parameter.type);
        });
    };

    const isPromiseFinallyCall = (call: ts.CallExpression): boolean => {
      if (accessedPropertyName(call.expression) !== 'finally') return false;
      const receiver = (call.expression as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression;
      return promiseTypes.isAlwaysPromise(constrained(typeOf(receiver)));
    };

    /**
     * `target.removeEventListener(type, handler)` and Node's `emitter.off(name, handler)` and
     * `removeListener` only compare the function with the registered ones; they never call it. Known by
     * the declaration the call resolves to (the default library's DOM types or Node's), not by name.
     */
    const isListenerRemoval = (call: ts.CallExpression): boolean => {
      const method = accessedPropertyName(call.expression);
      if (method === undefined || !LISTENER_REMOVALS.has(method)) return false;
      const declaration = calledDeclaration(checker, call);
      if (!declaration) return false;
      return isPlatformFile(context.program, declaration.getSourceFile());
    };

    const checkArguments = (call: ts.CallExpression | ts.NewExpression): void => {
      if (!call.arguments || call.arguments.length === 0) return;
      // Most calls pass no promise-returning function to a callback parameter: rule those out cheaply first,
      // by syntax (no argument can be a function: the callee need not even be typed), then by the declared
      // parameter types, before typing arguments and contextual types.
      if (call.arguments.every(isNeverAFunction)) return;
      const callbackPositions = positionsTakingFunctions(call);
      const candidates = call.arguments.filter(
        (argument, index) => !isNeverAFunction(argument) && callbackPositions(index) && returnsThenable(argument),
      );
      if (candidates.length === 0) return;
      if (ts.isCallExpression(call) && (isPromiseFinallyCall(call) || isListenerRemoval(call))) return;
      // `new Promise(async (resolve) => ...)` is nested-run's finding (with its own fix): one report, not two.
      if (ts.isNewExpression(call) && candidates[0] === call.arguments[0] && promiseTypes.isPromise(typeOf(call))) return;
      const voidArgs = voidFunctionArguments(call);
      for (const argument of candidates) {
        const index = call.arguments.indexOf(argument);
        if (!voidArgs.has(index) || !mayReject(argument)) continue;
        // The callee stores the function where every call of it hands its promise back to a caller.
        if (ts.isCallExpression(call) && storedCallbackIsReturned(context.program, checker, call, index)) continue;
        context.report({ node: argument, messageId: 'voidReturnArgument', fixes: argumentFixes(call, argument) });
      }
    };

    /** The rewrites of `items.forEach(async (item) => ...)`, and the generic wrap. */
    const argumentFixes = (call: ts.CallExpression | ts.NewExpression, argument: ts.Expression) => {
      const fixes: { id: FixId; edits: TextEdit[] }[] = [];
      if (ts.isCallExpression(call) && accessedPropertyName(call.expression) === 'forEach' && call.arguments.length === 1) {
        fixes.push(...forEachFixes(call, argument));
      }
      const wrap = wrapInVoidCallback(argument);
      if (wrap) fixes.push({ id: 'handleInVoidSlot', edits: wrap });
      return fixes;
    };

    const forEachFixes = (call: ts.CallExpression, argument: ts.Expression): { id: FixId; edits: TextEdit[] }[] => {
      const statement = call.parent;
      if (!ts.isExpressionStatement(statement) || statement.expression !== call || !isInAsyncFunction(statement)) return [];
      if (!ts.isPropertyAccessExpression(call.expression) || call.expression.questionDotToken) return [];
      const receiver = call.expression.expression;
      const receiverType = constrained(typeOf(receiver));
      if (!unionParts(receiverType).every((part) => checker.isArrayType(part) || checker.isTupleType(part))) return [];
      const fixes: { id: FixId; edits: TextEdit[] }[] = [];
      const callback = skipParentheses(argument);
      const statementStart = statement.getStart(sourceFile);
      if (ts.isArrowFunction(callback) && isAsync(callback) && callback.parameters.length === 1) {
        const parameter = callback.parameters[0];
        if (!parameter.dotDotDotToken && !parameter.initializer && !containsCallbackReturn(callback.body)) {
          const head = `for (const ${parameter.name.getText(sourceFile)} of ${receiver.getText(sourceFile)}) `;
          const body = ts.isBlock(callback.body)
            ? callback.body.getText(sourceFile)
            : `{ ${ts.isAwaitExpression(skipParentheses(callback.body)) ? '' : 'await '}${callback.body.getText(sourceFile)}${statementEnd(sourceFile)} }`;
          fixes.push({ id: 'forOfLoop', edits: [{ start: statementStart, end: statement.end, newText: `${head}${body}` }] });
        }
      }
      const name = call.expression.name;
      fixes.push({
        id: 'promiseAll',
        edits: [
          { start: statementStart, end: statementStart, newText: 'await Promise.all(' },
          { start: name.getStart(sourceFile), end: name.end, newText: 'map' },
          { start: call.end, end: call.end, newText: ')' },
        ],
      });
      return fixes;
    };

    /**
     * `async (a) => body` becomes `(a) => { void (async () => body)().catch(report); }`: the work
     * still starts at once, the slot gets the void function it expects, and a rejection is reported.
     */
    const wrapInVoidCallback = (value: ts.Expression): TextEdit[] | undefined => {
      const handler = errorReporterText(checker, sourceFile, value);
      if (handler === undefined) return undefined;
      const indent = lineIndent(sourceFile, value.getStart(sourceFile));
      const { indentUnit, newline } = fileStyle(sourceFile);
      const report = styledCode(sourceFile, handler, `${indent}${indentUnit}`);
      const fn = skipParentheses(value);
      if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && isAsync(fn) && !fn.asteriskToken) {
        const asyncKeyword = fn.modifiers!.find((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)!;
        const returnType = fn.type ? `: ${fn.type.getText(sourceFile)}` : '';
        // The body moves one level deeper; the lines inside its literals keep their text.
        const innerBody = reindentedText(sourceFile, fn.body.getStart(sourceFile), fn.body.end, indentUnit);
        const inner = `(async ()${returnType} => ${innerBody})()`;
        const edits: TextEdit[] = [{ start: asyncKeyword.getStart(sourceFile), end: skipWhitespace(sourceFile.text, asyncKeyword.end), newText: '' }];
        if (fn.type) {
          // The return type goes from the `)` that closes the parameters, wherever the layout puts that token.
          const closeParen = fn.getChildren(sourceFile).find((child) => child.kind === ts.SyntaxKind.CloseParenToken);
          if (!closeParen) return undefined;
          edits.push({ start: closeParen.end, end: fn.type.end, newText: '' });
        }
        const statement = `void ${inner}.catch(${report})${statementEnd(sourceFile)}`;
        edits.push({ start: fn.body.getStart(sourceFile), end: fn.body.end, newText: `{${newline}${indent}${indentUnit}${statement}${newline}${indent}}` });
        return edits;
      }
      if (ts.isIdentifier(fn)) {
        const declaration = checker.getSymbolAtLocation(fn)?.valueDeclaration;
        // A function with its own `this` could depend on how the caller invokes it: leave it alone.
        if (declaration && (ts.isFunctionDeclaration(declaration) || ts.isFunctionExpression(declaration))) return undefined;
        const statement = `void ${fn.text}(...args).catch(${report})${statementEnd(sourceFile)}`;
        const text = `(...args) => {${newline}${indent}${indentUnit}${statement}${newline}${indent}}`;
        return [{ start: value.getStart(sourceFile), end: value.end, newText: text }];
      }
      return undefined;
    };

    const checkJsxAttribute = (attribute: ts.JsxAttribute): void => {
      const container = attribute.initializer;
      if (!container || !ts.isJsxExpression(container) || !container.expression) return;
      // Whether the value returns a promise usually costs less to learn than the slot's contextual type.
      if (!returnsThenable(container.expression)) return;
      const contextual = checker.getContextualType(container);
      if (!contextual || !promiseTypes.isVoidReturningFunction(contextual, container)) return;
      if (!mayReject(container.expression)) return;
      const wrap = wrapInVoidCallback(container.expression);
      context.report({ node: container, messageId: 'voidReturnAttribute', fixes: wrap ? [{ id: 'handleInVoidSlot', edits: wrap }] : [] });
    };

    const checkHeritage = (node: ts.ClassLikeDeclaration | ts.InterfaceDeclaration): void => {
      const heritageTypes = (node.heritageClauses ?? []).flatMap((clause) => clause.types).map((type) => typeOf(type));
      if (heritageTypes.length === 0) return;
      for (const member of node.members) {
        if (!member.name) continue;
        const name = member.name.getText(sourceFile);
        if (!returnsThenable(member)) continue;
        if (ts.canHaveModifiers(member) && (ts.getModifiers(member) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) continue;
        for (const heritageType of heritageTypes) {
          const inherited = heritageType.getSymbol()?.members?.get(ts.escapeLeadingUnderscores(name)) ?? heritageType.getProperty(name);
          if (!inherited) continue;
          if (!promiseTypes.isVoidReturningFunction(checker.getTypeOfSymbolAtLocation(inherited, member), member)) continue;
          if (isAbstractStub(inherited) || !mayReject(member)) continue;
          context.report({ node: member, messageId: 'voidReturnInheritedMethod', data: { heritageTypeName: checker.typeToString(heritageType) } });
        }
      }
    };

    /** Where a function value's report goes: its return type annotation, else its head (up to the body). */
    const reportFunctionValue = (fn: ts.SignatureDeclaration & { body?: ts.Node }, messageId: MessageId, fixes: { id: FixId; edits: TextEdit[] }[]) => {
      if (fn.type) context.report({ node: fn.type, messageId, fixes });
      else context.report({ range: { start: fn.getStart(sourceFile), end: fn.body ? fn.body.getStart(sourceFile) : fn.end }, messageId, fixes });
    };

    const checkProperty = (property: ts.ObjectLiteralElementLike): void => {
      if (ts.isPropertyAssignment(property)) {
        const value = property.initializer;
        if (isNeverAFunction(value) || !returnsThenable(value)) return;
        const contextual = checker.getContextualType(value);
        if (!contextual || !promiseTypes.isVoidReturningFunction(contextual, value)) return;
        if (!mayReject(value)) return;
        const wrap = wrapInVoidCallback(value);
        const fixes = wrap ? [{ id: 'handleInVoidSlot' as const, edits: wrap }] : [];
        const fn = skipParentheses(value);
        if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) reportFunctionValue(fn, 'voidReturnProperty', fixes);
        else context.report({ node: value, messageId: 'voidReturnProperty', fixes });
      } else if (ts.isShorthandPropertyAssignment(property)) {
        if (!returnsThenable(property.name)) return;
        const contextual = checker.getContextualType(property.name);
        if (contextual && promiseTypes.isVoidReturningFunction(contextual, property.name) && mayReject(property.name)) {
          context.report({ node: property.name, messageId: 'voidReturnProperty' });
        }
      } else if (ts.isMethodDeclaration(property)) {
        if (ts.isComputedPropertyName(property.name) || !ts.isObjectLiteralExpression(property.parent)) return;
        if (!returnsThenable(property)) return;
        const objectType = checker.getContextualType(property.parent);
        if (!objectType) return;
        const name = property.name.getText(sourceFile);
        const symbol = unionParts(objectType)
          .map((part) => checker.getPropertyOfType(part, name))
          .find((candidate) => candidate !== undefined);
        if (!symbol) return;
        if (promiseTypes.isVoidReturningFunction(checker.getTypeOfSymbolAtLocation(symbol, property.name), property.name) && mayReject(property)) {
          reportFunctionValue(property, 'voidReturnProperty', []);
        }
      }
    };

    /**
     * Whether a function's declared return type (what an async function's promise holds) may be a
     * function: read from the annotation, which costs less than the return value's contextual type.
     */
    const declaredReturnMayBeFunction = (annotation: ts.TypeNode, async: boolean): boolean => {
      const declared = checker.getTypeFromTypeNode(annotation);
      const returned = async ? (checker.getAwaitedType(declared) ?? declared) : declared;
      return unionParts(returned).some((part) => part.flags & MAY_BE_FUNCTION_TYPES || part.isIntersection() || part.getCallSignatures().length > 0);
    };

    const checkReturn = (statement: ts.ReturnStatement): void => {
      const value = statement.expression;
      if (!value) return;
      const fn = enclosingFunctionLike(statement);
      if (!fn) return;
      if (fn.type && !isPossiblyFunctionType(fn.type)) return;
      const body = fn as ts.FunctionLikeDeclaration;
      if (fn.type && !body.asteriskToken && !declaredReturnMayBeFunction(fn.type, isAsync(body))) return;
      // Only function expressions, arrows and object-literal methods take a return type from context
      // (JavaScript files may declare one in JSDoc): elsewhere, no annotation means no slot to misuse.
      if (!fn.type && !(fn.flags & ts.NodeFlags.JavaScriptFile) && !ts.isFunctionExpression(fn) && !ts.isArrowFunction(fn) && !ts.isObjectLiteralExpression(fn.parent)) return;
      // Both must hold; ask the cheaper first. A declared return type is the slot's type, read from the
      // annotation; without one, the slot's type comes from the call the function is passed to.
      const voidSlot = () => {
        const contextual = checker.getContextualType(value);
        return contextual !== undefined && promiseTypes.isVoidReturningFunction(contextual, value);
      };
      if (fn.type ? !voidSlot() || !returnsThenable(value) : !returnsThenable(value) || !voidSlot()) return;
      if (!mayReject(value)) return;
      const wrap = wrapInVoidCallback(value);
      context.report({ node: value, messageId: 'voidReturnReturnValue', fixes: wrap ? [{ id: 'handleInVoidSlot', edits: wrap }] : [] });
    };

    const checkAssignment = (assignment: ts.BinaryExpression): void => {
      if (!promiseTypes.isVoidReturningFunction(typeOf(assignment.left), assignment.left)) return;
      if (!returnsThenable(assignment.right) || !mayReject(assignment.right)) return;
      const wrap = wrapInVoidCallback(assignment.right);
      context.report({ node: assignment.right, messageId: 'voidReturnVariable', fixes: wrap ? [{ id: 'handleInVoidSlot', edits: wrap }] : [] });
    };

    const checkVariable = (declaration: ts.VariableDeclaration): void => {
      const value = declaration.initializer;
      if (!value) return;
      const list = declaration.parent;
      const kind = ts.isVariableDeclarationList(list) ? list.flags & ts.NodeFlags.BlockScoped : 0;
      if (kind === ts.NodeFlags.Using && hasDisposeReturning(typeOf(value), value, 'thenable')) {
        context.report({ node: value, messageId: 'voidReturnVariable' });
      }
      if (!declaration.type) return;
      const declared = typeOf(declaration.name);
      if (hasDisposeReturning(declared, declaration.name, 'void') && hasDisposeReturning(typeOf(value), value, 'thenable')) {
        context.report({ node: value, messageId: 'voidReturnVariable' });
      }
      if (!isPossiblyFunctionType(declaration.type)) return;
      if (!promiseTypes.isVoidReturningFunction(declared, value) || !returnsThenable(value) || !mayReject(value)) return;
      const wrap = wrapInVoidCallback(value);
      context.report({ node: value, messageId: 'voidReturnVariable', fixes: wrap ? [{ id: 'handleInVoidSlot', edits: wrap }] : [] });
    };

    const hasDisposeReturning = (type: ts.Type, location: ts.Node, kind: 'void' | 'thenable'): boolean =>
      unionParts(checker.getApparentType(type)).some((part) => {
        const dispose = part.getProperties().find((property) => (property.escapedName as string).startsWith('__@dispose@'));
        if (!dispose) return false;
        const disposeType = checker.getTypeOfSymbolAtLocation(dispose, location);
        return kind === 'void'
          ? promiseTypes.isVoidReturningFunction(disposeType, location)
          : promiseTypes.isThenableReturningFunction(disposeType, location);
      });

    // ---- spreads -------------------------------------------------------------------------------

    const checkSpread = (expression: ts.Expression): void => {
      if (isNeverThenableBySyntax(skipParentheses(expression))) return;
      if (promiseTypes.isThenable(valueTypes.typeOf(expression, 'shallow'), expression)) context.report({ node: expression, messageId: 'spread' });
    };

    const constrained = (type: ts.Type) => checker.getBaseConstraintOfType(type) ?? type;

    context.forEachNodeInScope(CHECKED_KINDS, (node) => {
      if (options.checksConditionals) {
        if (ts.isIfStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)) checkConditional(node.expression, true);
        else if (ts.isForStatement(node) && node.condition) checkConditional(node.condition, true);
        else if (ts.isConditionalExpression(node)) checkConditional(node.condition, true);
        else if (ts.isBinaryExpression(node) && isLogicalOperator(node.operatorToken.kind)) checkConditional(node, false);
        else if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) checkConditional(node.operand, true);
        if (ts.isCallExpression(node)) checkArrayPredicate(node);
      }
      if (options.checksVoidReturn !== false) {
        if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && voidReturn('arguments')) checkArguments(node);
        else if (ts.isJsxAttribute(node) && voidReturn('attributes')) checkJsxAttribute(node);
        else if ((ts.isClassLike(node) || ts.isInterfaceDeclaration(node)) && voidReturn('inheritedMethods')) checkHeritage(node);
        else if (ts.isObjectLiteralExpression(node) && voidReturn('properties') && mayHaveContextualType(node)) node.properties.forEach(checkProperty);
        else if (ts.isReturnStatement(node) && voidReturn('returns')) checkReturn(node);
        else if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind) && voidReturn('variables')) checkAssignment(node);
        else if (ts.isVariableDeclaration(node) && voidReturn('variables')) checkVariable(node);
      }
      if (options.checksSpreads) {
        if (ts.isSpreadElement(node) || ts.isSpreadAssignment(node)) checkSpread(node.expression);
      }
    });
  },
});

/** The kinds of node the rule looks at: most nodes (identifiers, keywords, accesses) are none of them. */
const CHECKED_KINDS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.IfStatement,
  ts.SyntaxKind.WhileStatement,
  ts.SyntaxKind.DoStatement,
  ts.SyntaxKind.ForStatement,
  ts.SyntaxKind.ConditionalExpression,
  ts.SyntaxKind.BinaryExpression,
  ts.SyntaxKind.PrefixUnaryExpression,
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.NewExpression,
  ts.SyntaxKind.JsxAttribute,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.ClassExpression,
  ts.SyntaxKind.InterfaceDeclaration,
  ts.SyntaxKind.ObjectLiteralExpression,
  ts.SyntaxKind.ReturnStatement,
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.SpreadElement,
  ts.SyntaxKind.SpreadAssignment,
]);

/** Methods of the DOM's EventTarget and Node's EventEmitter that take a listener only to unregister it. */
const LISTENER_REMOVALS = new Set(['removeEventListener', 'off', 'removeListener']);

/**
 * A base-class method with no declared return type whose body only throws (`cancel() { throw new
 * Error('not supported'); }`) is abstract in all but name: the checker infers `void` for it, but it sets
 * no contract for what an override returns.
 */
function isAbstractStub(method: ts.Symbol): boolean {
  const declarations = method.getDeclarations() ?? [];
  return (
    declarations.length > 0 &&
    declarations.every((declaration) => {
      if (!ts.isMethodDeclaration(declaration) || declaration.type !== undefined || ts.getJSDocReturnType(declaration) !== undefined || declaration.body === undefined) return false;
      // The base class may be in another file: its body is read.
      readCodeOf(declaration);
      return declaration.body.statements.length > 0 && declaration.body.statements.every(ts.isThrowStatement);
    })
  );
}

/** Types whose values may be functions without having call signatures of their own. */
const MAY_BE_FUNCTION_TYPES = ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeVariable | ts.TypeFlags.NonPrimitive | ts.TypeFlags.Conditional | ts.TypeFlags.Substitution;

/** Types whose values are never functions. */
const PRIMITIVE_TYPES =
  ts.TypeFlags.StringLike |
  ts.TypeFlags.NumberLike |
  ts.TypeFlags.BigIntLike |
  ts.TypeFlags.BooleanLike |
  ts.TypeFlags.EnumLike |
  ts.TypeFlags.ESSymbolLike |
  ts.TypeFlags.Null |
  ts.TypeFlags.Undefined |
  ts.TypeFlags.Void;

/** Types that narrowing (`instanceof`, type guards) can turn into a promise. */
const OPEN_ENDED_TYPES = ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter | ts.TypeFlags.NonPrimitive;

function isAsync(fn: ts.FunctionLikeDeclaration): boolean {
  return (ts.getModifiers(fn) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
}

/**
 * Whether an object literal may have a contextual type, which every void-returning property slot comes
 * from. `const x = { ... }` in TypeScript has none: its type is the literal's own.
 */
function mayHaveContextualType(literal: ts.ObjectLiteralExpression): boolean {
  const parent = literal.parent;
  const untypedVariable = ts.isVariableDeclaration(parent) && parent.initializer === literal && !parent.type && ts.isIdentifier(parent.name);
  return !untypedVariable || (literal.flags & ts.NodeFlags.JavaScriptFile) !== 0;
}

/** Literals whose value cannot be a function, so they need no type look-up. */
function isNeverAFunction(node: ts.Expression): boolean {
  const expression = skipParentheses(node);
  return hasPrimitiveValue(expression) || ts.isObjectLiteralExpression(expression) || ts.isArrayLiteralExpression(expression);
}

function isLogicalOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function enclosingFunctionLike(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return current;
  }
  return undefined;
}

/** Whether a callback body has a `return` of its own (not in a nested function): a loop body cannot keep it. */
function containsCallbackReturn(body: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  if (ts.isBlock(body)) ts.forEachChild(body, visit);
  return found;
}

/** A syntactic shortcut: return types that cannot be functions need no type look-up. */
function isPossiblyFunctionType(node: ts.TypeNode): boolean {
  let type = node;
  while (ts.isParenthesizedTypeNode(type)) type = type.type;
  switch (type.kind) {
    case ts.SyntaxKind.ConditionalType:
    case ts.SyntaxKind.ConstructorType:
    case ts.SyntaxKind.FunctionType:
    case ts.SyntaxKind.ImportType:
    case ts.SyntaxKind.IndexedAccessType:
    case ts.SyntaxKind.InferType:
    case ts.SyntaxKind.IntersectionType:
    case ts.SyntaxKind.ThisType:
    case ts.SyntaxKind.TypeOperator:
    case ts.SyntaxKind.TypeQuery:
    case ts.SyntaxKind.TypeReference:
    case ts.SyntaxKind.UnionType:
      return true;
    case ts.SyntaxKind.TypeLiteral:
      return (type as ts.TypeLiteralNode).members.some((member) => ts.isCallSignatureDeclaration(member) || ts.isConstructSignatureDeclaration(member));
    default:
      return false;
  }
}

/** The contextual type of an argument position (the checker has it, though not in its public typings). */
function contextualTypeForArgument(checker: ts.TypeChecker, call: ts.CallLikeExpression, index: number): ts.Type | undefined {
  const lookup = (checker as unknown as { getContextualTypeForArgumentAtIndex?: (call: ts.CallLikeExpression, index: number) => ts.Type | undefined })
    .getContextualTypeForArgumentAtIndex;
  return lookup?.call(checker, call, index);
}
