import { ts } from '../typescript';
import { integerOption } from './options';
import { defineRule, type TextEdit } from './types';
import { CALLS, forEachNode } from './util/ast';
import { calleeName, promiseCombinator, unwrapExpression } from './util/concurrency';
import { calledModule, isNodeBuiltinModule, isProjectFile, moduleOfDeclaration, resolvedSymbol } from './util/declarations';
import { generatedEvidence } from './util/generated';
import { lineIndent, newlineOf } from './util/fixText';
import { lineMapOf } from './util/lines';

interface Options {
  defaultTimeoutMs: number;
}

/** What the fix writes into the options: an abort signal, a `timeout` in ms, or got's `timeout: { request }`. */
type TimeoutStyle = 'signal' | 'timeout' | 'delays';

/** A network call the rule knows, and where its options go. */
interface NetworkCall {
  label: string;
  /** Option names that count as a timeout or cancellation. */
  handledKeys: readonly string[];
  style: TimeoutStyle;
  /** Index of the options argument (present or to be added). */
  optionsIndex: number;
  /** Which message fits: what the call does without a timeout differs. */
  family: 'fetch' | 'nodeHttp' | 'client';
}

const FETCH_MODULES = new Set(['lib', 'node', 'undici-types', 'undici', 'node-fetch', 'cross-fetch', 'isomorphic-fetch']);
const HTTP_MODULES = new Set(['http', 'https']);
/** Where axios's methods take their config: `get(url, config)`, `post(url, data, config)`. */
const AXIOS_CONFIG_INDEX = new Map<string, number>([
  ['request', 0],
  ['get', 1],
  ['delete', 1],
  ['head', 1],
  ['options', 1],
  ['post', 2],
  ['put', 2],
  ['patch', 2],
  ['postForm', 2],
  ['putForm', 2],
  ['patchForm', 2],
]);
const GOT_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);
/** Callee names worth asking the checker about; anything else cannot be a network call we know. */
const CANDIDATE_NAMES = new Set(['fetch', 'request', ...AXIOS_CONFIG_INDEX.keys(), ...GOT_METHODS]);

type MessageId = 'missingSignal' | 'missingSignalBrowser' | 'missingSignalNode' | 'missingTimeout' | 'missingTimeoutBrowser';

export default defineRule<Options, MessageId, 'addTimeout'>({
  meta: {
    id: 'missing-timeout',
    description: 'A network call with no timeout or cancellation signal.',
    summary: {
      finds: '`fetch` without a signal, `http(s).request/get`, axios, got and undici calls without a timeout',
      fixes: 'add `signal: AbortSignal.timeout(ms)` or the library\'s timeout option (unsafe)',
    },
    defaultSeverity: 'warning',
    needsTypes: true,
    firstLook: false,
    projectWide: projectInput,
    messages: {
      missingSignal:
        '`{{call}}` has no timeout or abort signal: if the server stalls, nothing cancels it and it waits until the runtime gives up (5 minutes with Node.js\'s built-in fetch, never with some clients). Pass `signal: AbortSignal.timeout(ms)`, or a signal from the caller.',
      missingSignalBrowser:
        '`{{call}}` has no timeout or abort signal: if the server stalls, nothing cancels it and it waits until the browser gives up (often minutes), with whatever waits on it stuck meanwhile. Pass `signal: AbortSignal.timeout(ms)`, or a signal you abort when the result is no longer needed.',
      missingSignalNode:
        '`{{call}}` has no timeout or abort signal: Node.js sets no timeout on client requests, so if the server stalls this request waits forever and keeps its socket open. Pass `signal: AbortSignal.timeout(ms)`, or a signal from the caller.',
      missingTimeout:
        '`{{call}}` has no timeout: the client sets none by default, so if the server stalls this waits until the runtime gives up (in Node.js, never). Set its `timeout` option, or pass an abort `signal`.',
      missingTimeoutBrowser:
        '`{{call}}` has no timeout: the client sets none by default, so if the server stalls this waits until the browser gives up (often minutes). Set its `timeout` option, or pass an abort `signal`.',
    },
    options: {
      defaultTimeoutMs: integerOption('The timeout, in milliseconds, that the fix writes.', 10000, 1),
    },
    fixes: {
      addTimeout: { title: 'Add a timeout', kind: 'unsafe' },
    },
    examples: {
      incorrect: 'export async function getUser(id: string): Promise<unknown> {\n  const response = await fetch(`https://api.example.com/users/${id}`);\n  return response.json();\n}\n',
      correct:
        'export async function getUser(id: string): Promise<unknown> {\n  const response = await fetch(`https://api.example.com/users/${id}`, { signal: AbortSignal.timeout(10000) });\n  return response.json();\n}\n',
    },
  },

  check(context) {
    const { sourceFile, options } = context;
    if (!mentionsNetwork(sourceFile.text)) return;
    // Generated or minified code is not the reader's to fix (and often not even read by a person).
    if (generatedEvidence(sourceFile)) return;
    const ms = String(options.defaultTimeoutMs);
    let browser: boolean | undefined;
    const inBrowser = (): boolean => (browser ??= runsInBrowser(sourceFile, context.program, context.checker));

    context.forEachNodeInScope(CALLS, (node) => {
      if (!ts.isCallExpression(node)) return;
      const callee = unwrapExpression(node.expression);
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      // Cheap syntax test first: the checker is asked only about calls that could be ours.
      if (name === undefined || (!CANDIDATE_NAMES.has(name) && !(ts.isIdentifier(callee) && /axios|got/i.test(name)))) return;
      const target = networkCall(node);
      if (!target) return;
      const optionsArgument = node.arguments[target.optionsIndex];
      // `http.get(url, callback)`: the callback is where the options would go; they are missing.
      const state = optionsArgument && isFunctionValue(optionsArgument) ? { kind: 'missing' as const } : optionsState(optionsArgument, target.handledKeys);
      if (state.kind === 'handled') return;
      if (isWrappedInTimeout(node) || hasTimeoutSetLater(node) || cancelsNearby(node)) return;
      const edits = fixEdits(node, target, state);
      context.report({
        node: callee,
        messageId: messageFor(target.family, inBrowser()),
        data: { call: target.label },
        fixes: edits ? [{ id: 'addTimeout', edits }] : [],
      });
    });

    /** Recognizes the call by the module that declares what it calls (the callee's symbol, imports followed). */
    function networkCall(call: ts.CallExpression): NetworkCall | undefined {
      const { program, checker } = context;
      const callee = unwrapExpression(call.expression);
      const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
      const symbol = resolvedSymbol(checker, nameNode);
      const declaration = symbol?.valueDeclaration ?? symbol?.getDeclarations()?.[0];
      if (!symbol || !declaration) return undefined;
      const module = moduleOfDeclaration(program, declaration);
      if (module === undefined) return undefined;
      const name = symbol.getName();
      const calleeText = callee.getText(sourceFile);
      const label = calleeText.length <= 40 ? calleeText : name;
      const first = call.arguments[0];
      if (!first) return undefined;

      if (name === 'fetch' && FETCH_MODULES.has(module)) {
        // A Request object carries its own signal: nothing to say about it.
        if (isRequestObject(first)) return undefined;
        // `fetch(dataUrl)`, `fetch(URL.createObjectURL(blob))`: reads memory, not the network.
        if (isLocalUrl(first, 0)) return undefined;
        return { label, handledKeys: module === 'node-fetch' ? ['signal', 'timeout'] : ['signal'], style: 'signal', optionsIndex: 1, family: 'fetch' };
      }
      if (HTTP_MODULES.has(module) && (name === 'request' || name === 'get') && ts.isFunctionDeclaration(declaration)) {
        return { label, handledKeys: ['timeout', 'signal'], style: 'signal', optionsIndex: isUrlLike(first) ? 1 : 0, family: 'nodeHttp' };
      }
      if (module === 'undici' && name === 'request' && ts.isFunctionDeclaration(declaration)) {
        return { label, handledKeys: ['signal', 'headersTimeout', 'bodyTimeout'], style: 'signal', optionsIndex: 1, family: 'fetch' };
      }
      const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      // The instance the call goes through: `axios` in `axios.get(...)` and in `axios(...)`.
      const instance = ts.isPropertyAccessExpression(callee) ? callee.expression : callee;
      if (module === 'axios') {
        const index = method === undefined ? (isUrlLike(first) ? 1 : 0) : AXIOS_CONFIG_INDEX.get(method);
        if (index === undefined || !instanceLacksTimeout(instance, ['timeout', 'signal'], 'defaults.timeout')) return undefined;
        return { label, handledKeys: ['timeout', 'signal', 'cancelToken'], style: 'timeout', optionsIndex: index, family: 'client' };
      }
      if (module === 'got') {
        if (method !== undefined && !GOT_METHODS.has(method)) return undefined;
        if (!instanceLacksTimeout(instance, ['timeout', 'signal'], undefined)) return undefined;
        return { label, handledKeys: ['timeout', 'signal'], style: gotTimeoutStyle(call), optionsIndex: isUrlLike(first) ? 1 : 0, family: 'client' };
      }
      return undefined;
    }

    function isFunctionValue(argument: ts.Expression): boolean {
      const value = unwrapExpression(argument);
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return true;
      const type = context.checker.getTypeAtLocation(value);
      return type.getCallSignatures().length > 0 && type.getProperties().length === 0;
    }

    function isRequestObject(input: ts.Expression): boolean {
      const type = context.checker.getTypeAtLocation(input);
      const parts = type.isUnion() ? type.types : [type];
      return parts.some((part) => !(part.flags & ts.TypeFlags.StringLike) && part.getSymbol()?.getName() === 'Request');
    }

    /** A `data:` or `blob:` URL: a literal, a template, `URL.createObjectURL(...)`, `canvas.toDataURL()`, or a const holding one. */
    function isLocalUrl(argument: ts.Expression, depth: number): boolean {
      const value = unwrapExpression(argument);
      const local = (text: string) => /^(?:data|blob):/i.test(text);
      if (ts.isStringLiteralLike(value)) return local(value.text);
      if (ts.isTemplateExpression(value)) return local(value.head.text);
      if (ts.isCallExpression(value)) {
        const name = calleeName(value);
        return name === 'createObjectURL' || name === 'toDataURL';
      }
      if (!ts.isIdentifier(value) || depth >= 3) return false;
      const declaration = resolvedSymbol(context.checker, value)?.valueDeclaration;
      if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
      return ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const ? isLocalUrl(declaration.initializer, depth + 1) : false;
    }

    /** A variable declared with let or var, or whose properties are assigned after it is created. */
    function isBuiltElsewhere(variable: ts.Identifier): boolean {
      const symbol = resolvedSymbol(context.checker, variable);
      const declaration = symbol?.valueDeclaration;
      if (!symbol || !declaration || !ts.isVariableDeclaration(declaration)) return false;
      if (!(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return true;
      const scope = declaration.parent.parent.parent;
      let assigned = false;
      forEachNode(scope, (node) => {
        if (assigned) return;
        if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && (ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left))) {
          const target = unwrapExpression(node.left.expression);
          if (ts.isIdentifier(target) && target.text === variable.text && resolvedSymbol(context.checker, target) === symbol) assigned = true;
        } else if (ts.isCallExpression(node) && calleeName(node) === 'assign' && node.arguments.length > 0) {
          const target = unwrapExpression(node.arguments[0]);
          if (ts.isIdentifier(target) && target.text === variable.text && resolvedSymbol(context.checker, target) === symbol) assigned = true;
        }
      });
      return assigned;
    }

    /**
     * An AbortController made, or `AbortSignal.timeout`/`any` used, in the function around the call: its
     * author handles cancellation there, in a way this rule may not follow (a signal set on a Request, a
     * controller aborted from a timer).
     */
    function cancelsNearby(call: ts.CallExpression): boolean {
      let scope: ts.Node = call;
      while (scope.parent && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
      return /\bnew AbortController\b|\bAbortSignal\.(?:timeout|any)\b/.test(scope.getText(sourceFile));
    }

    /** A URL string or URL object (not an options object). */
    function isUrlLike(argument: ts.Expression): boolean {
      const value = unwrapExpression(argument);
      if (ts.isStringLiteralLike(value) || ts.isTemplateExpression(value)) return true;
      if (ts.isObjectLiteralExpression(value)) return false;
      const type = context.checker.getTypeAtLocation(value);
      const parts = type.isUnion() ? type.types : [type];
      return parts.every((part) => part.flags & ts.TypeFlags.StringLike || part.getSymbol()?.getName() === 'URL');
    }

    /** got ≥ 12 takes `timeout: { request: ms }`; older versions a number. */
    function gotTimeoutStyle(call: ts.CallExpression): TimeoutStyle {
      const { checker } = context;
      const signature = checker.getResolvedSignature(call);
      for (const parameter of signature?.getParameters() ?? []) {
        const type = checker.getNonNullableType(checker.getTypeOfSymbol(parameter));
        const timeout = type.getProperty('timeout');
        if (!timeout) continue;
        const timeoutType = checker.getNonNullableType(checker.getTypeOfSymbol(timeout));
        const parts = timeoutType.isUnion() ? timeoutType.types : [timeoutType];
        return parts.some((part) => part.flags & ts.TypeFlags.NumberLike) ? 'timeout' : 'delays';
      }
      return 'delays';
    }

    /**
     * For a library's default instance or an instance the project creates (`axios.create(config)`,
     * `got.extend(options)`): whether it lacks a default timeout. Instances from elsewhere (a
     * parameter, a property) are unknown: not reported.
     */
    function instanceLacksTimeout(instance: ts.Expression, keys: readonly string[], globalDefault: (typeof PROJECT_SETTINGS)[number] | undefined): boolean {
      const { program, checker } = context;
      const value = unwrapExpression(instance);
      if (!ts.isIdentifier(value)) return false;
      const symbol = resolvedSymbol(checker, value);
      const declaration = symbol?.valueDeclaration;
      if (!declaration) return false;
      if (moduleOfDeclaration(program, declaration) !== undefined) {
        // The library's own default export: only a global default set somewhere in the project helps.
        // A request interceptor anywhere may set the timeout of every request.
        return globalDefault === undefined || (!projectSets(program, globalDefault) && !projectSets(program, 'interceptors.request.use'));
      }
      if (!ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
      const initializer = unwrapExpression(declaration.initializer);
      if (!ts.isCallExpression(initializer)) return false;
      const creator = unwrapExpression(initializer.expression);
      if (!ts.isPropertyAccessExpression(creator) || !['create', 'extend'].includes(creator.name.text)) return false;
      if (calledModule(program, checker, initializer) === undefined) return false;
      if (initializer.arguments.some((argument) => optionsState(argument, keys).kind !== 'missing')) return false;
      // `api.defaults.timeout = ...` after creating it, or an interceptor that may set each request's.
      const name = symbol!.getName();
      const text = declaration.getSourceFile().text;
      if (text.includes(`${name}.defaults.timeout`) || text.includes(`${name}.interceptors.request`)) return false;
      return instanceLacksTimeout(creator.expression, keys, globalDefault);
    }

    /** Whether an option key, a spread of something that may carry it, or an opaque options value settles the call. */
    function optionsState(argument: ts.Expression | undefined, keys: readonly string[]): OptionsState {
      if (!argument) return { kind: 'missing' };
      const value = unwrapExpression(argument);
      if (ts.isIdentifier(value) && value.text === 'undefined') return { kind: 'missing', replace: value };
      if (ts.isObjectLiteralExpression(value)) {
        for (const property of value.properties) {
          if (ts.isSpreadAssignment(property)) {
            if (typeMayHave(property.expression, keys)) return { kind: 'handled' };
            continue;
          }
          const key = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name)) ? property.name.text : undefined;
          if (key === undefined || keys.includes(key)) return { kind: 'handled' };
          // `keepalive: true`: a request meant to outlive the page (a beacon); nothing waits for it.
          if (key === 'keepalive' && ts.isPropertyAssignment(property) && property.initializer.kind === ts.SyntaxKind.TrueKeyword) return { kind: 'handled' };
        }
        return { kind: 'missing', literal: value };
      }
      if (typeMayHave(value, keys)) return { kind: 'handled' };
      // Options built up step by step (`init.signal = ...`, `let init`): not ours to judge.
      if (ts.isIdentifier(value) && isBuiltElsewhere(value)) return { kind: 'handled' };
      return { kind: 'missing', opaque: value };
    }

    /** Whether a value's type has (or may have) one of the keys; any, unknown and non-objects count as "may". */
    function typeMayHave(expression: ts.Expression, keys: readonly string[]): boolean {
      const { checker } = context;
      const type = checker.getNonNullableType(checker.getTypeAtLocation(expression));
      if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter)) return true;
      const parts = type.isUnion() ? type.types : [type];
      return parts.some((part) => !(part.flags & ts.TypeFlags.Object) || keys.some((key) => part.getProperty(key) !== undefined) || part.getStringIndexType() !== undefined);
    }

    function fixEdits(call: ts.CallExpression, target: NetworkCall, state: OptionsState): TextEdit[] | undefined {
      const property = timeoutProperty(call, target.style);
      if (!property) return undefined;
      if (state.kind !== 'missing') return undefined;
      if (state.literal) return addPropertyEdits(state.literal, property);
      if (state.replace) return [{ start: state.replace.getStart(sourceFile), end: state.replace.end, newText: `{ ${property} }` }];
      if (state.opaque) {
        return [{ start: state.opaque.getStart(sourceFile), end: state.opaque.end, newText: `{ ...${state.opaque.getText(sourceFile)}, ${property} }` }];
      }
      // No options yet: add them at their place (before a trailing callback), filling skipped arguments.
      const args = call.arguments;
      if (target.optionsIndex === 0) return undefined;
      const before = args.slice(0, target.optionsIndex);
      if (before.length < target.optionsIndex) {
        if (args.length === 0) return undefined;
        const fill = ', undefined'.repeat(target.optionsIndex - args.length);
        return [{ start: args[args.length - 1].end, end: args[args.length - 1].end, newText: `${fill}, { ${property} }` }];
      }
      const anchor = before[before.length - 1];
      return [{ start: anchor.end, end: anchor.end, newText: `, { ${property} }` }];
    }

    /** `signal: AbortSignal.timeout(ms)` where the program declares it, else the library's option. */
    function timeoutProperty(call: ts.CallExpression, style: TimeoutStyle): string | undefined {
      if (style === 'timeout') return `timeout: ${ms}`;
      if (style === 'delays') return `timeout: { request: ${ms} }`;
      const abortSignal = context.checker.resolveName('AbortSignal', call, ts.SymbolFlags.Value, false);
      if (!abortSignal || !context.checker.getTypeOfSymbol(abortSignal).getProperty('timeout')) return undefined;
      return `signal: AbortSignal.timeout(${ms})`;
    }

    function addPropertyEdits(literal: ts.ObjectLiteralExpression, property: string): TextEdit[] {
      const properties = literal.properties;
      if (properties.length === 0) {
        return [{ start: literal.getStart(sourceFile), end: literal.end, newText: `{ ${property} }` }];
      }
      const last = properties[properties.length - 1];
      const lines = lineMapOf(sourceFile);
      const multiline = lines.position(literal.getStart(sourceFile)).line !== lines.position(last.getStart(sourceFile)).line;
      const comma = properties.hasTrailingComma ? sourceFile.text.indexOf(',', last.end) + 1 : last.end;
      if (multiline) {
        const indent = lineIndent(sourceFile, last.getStart(sourceFile));
        const newline = newlineOf(sourceFile);
        return [{ start: comma, end: comma, newText: properties.hasTrailingComma ? `${newline}${indent}${property},` : `,${newline}${indent}${property}` }];
      }
      return [{ start: comma, end: comma, newText: properties.hasTrailingComma ? ` ${property},` : `, ${property}` }];
    }

    /**
     * Whether the call's promise is bounded by a timer around it: `withTimeout(fetch(url), ms)`,
     * `pTimeout(...)`, or a `Promise.race` against something else.
     */
    function isWrappedInTimeout(call: ts.CallExpression): boolean {
      const { program, checker } = context;
      for (let current: ts.Node = call; current.parent && !ts.isSourceFile(current.parent); current = current.parent) {
        const parent = current.parent;
        // Leave a function only when it is handed to a call (`withTimeout(async () => { ... }, ms)`).
        if (ts.isFunctionLike(parent) && !(ts.isCallExpression(parent.parent) && parent.parent.arguments.includes(parent as ts.Expression))) return false;
        if (!ts.isCallExpression(parent) || !parent.arguments.includes(current as ts.Expression)) continue;
        const name = calleeName(parent);
        if (name !== undefined && /timeout/i.test(name)) return true;
        if (calledModule(program, checker, parent) === 'p-timeout') return true;
        if (ts.isArrayLiteralExpression(current) && current.elements.length >= 2 && promiseCombinator(program, checker, parent) === 'race') return true;
      }
      return false;
    }

    /** `http.get(url, cb).setTimeout(ms)`, or `req.setTimeout(ms)` on the variable that holds the request. */
    function hasTimeoutSetLater(call: ts.CallExpression): boolean {
      const parent = call.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.name.text === 'setTimeout') return true;
      if (!ts.isVariableDeclaration(parent) || !ts.isIdentifier(parent.name)) return false;
      const name = parent.name.text;
      const scope = parent.parent.parent.parent;
      if (!scope) return false;
      let found = false;
      forEachNode(scope, (node) => {
        if (found || !ts.isPropertyAccessExpression(node) || node.name.text !== 'setTimeout') return;
        const receiver = unwrapExpression(node.expression);
        if (ts.isIdentifier(receiver) && receiver.text === name) found = true;
      });
      return found;
    }
  },
});

function messageFor(family: NetworkCall['family'], browser: boolean): MessageId {
  if (family === 'nodeHttp') return 'missingSignalNode';
  if (family === 'client') return browser ? 'missingTimeoutBrowser' : 'missingTimeout';
  return browser ? 'missingSignalBrowser' : 'missingSignal';
}

/** Globals only a browser (or a browser-like worker) has. */
const BROWSER_GLOBALS = new Set(['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement', 'requestAnimationFrame']);
const browserPrograms = new WeakMap<ts.Program, boolean>();

/**
 * Whether the file's code runs in a browser, on evidence: it uses a browser-only global (declared by
 * the DOM library), or it is JSX, or the program's own files are browser code as a whole (the DOM
 * library without Node's types, or JSX files and, tests aside, no use of Node.js). A file that imports
 * a Node.js module, or uses Node's `process`, `Buffer` or `__dirname`, is not.
 */
function runsInBrowser(sourceFile: ts.SourceFile, program: ts.Program, checker: ts.TypeChecker): boolean {
  if (!hasDomLibrary(program)) return false;
  if (usesNode(sourceFile)) return false;
  if (/\.[jt]sx$/.test(sourceFile.fileName) || usesBrowserGlobal(sourceFile, program, checker)) return true;
  let browser = browserPrograms.get(program);
  if (browser === undefined) {
    const files = program.getSourceFiles();
    const nodeTypes = files.some((file) => /[\\/]@types[\\/]node[\\/]/.test(file.fileName));
    const own = files.filter((file) => isProjectFile(program, file));
    const shipped = own.filter((file) => !isTestFile(file.fileName));
    browser = !nodeTypes || (shipped.some((file) => /\.[jt]sx$/.test(file.fileName)) && !shipped.some(usesNode));
    browserPrograms.set(program, browser);
  }
  return browser;
}

/**
 * What `runsInBrowser` and `projectSets` read of a project file (RuleMeta.projectWide): whether a shipped
 * file (not a test) uses Node.js or is JSX, and whether a file sets a global default.
 */
function projectInput(fileName: string, text: string): readonly string[] {
  const facts: string[] = [];
  if (!isTestFile(fileName) && usesNodeIn(text)) facts.push('shipped file uses Node.js');
  if (!isTestFile(fileName) && /\.[jt]sx$/.test(fileName)) facts.push('shipped JSX file');
  for (const setting of PROJECT_SETTINGS) if (text.includes(setting)) facts.push(setting);
  return facts;
}

/** Tests run under Node.js whatever they test: they do not say where the shipped code runs. */
function isTestFile(fileName: string): boolean {
  return /\.(?:test|spec)\.[cm]?[jt]sx?$|\/(?:__tests__|tests?)\//.test(fileName);
}

function hasDomLibrary(program: ts.Program): boolean {
  return program.getSourceFiles().some((file) => program.isSourceFileDefaultLibrary(file) && /lib\.dom\.d\.ts$/.test(file.fileName));
}

/** An import or require of a Node.js module, or Node's own globals. */
function usesNode(sourceFile: ts.SourceFile): boolean {
  return usesNodeIn(sourceFile.text);
}

function usesNodeIn(text: string): boolean {
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g)) {
    if (isNodeBuiltinModule(match[1])) return true;
  }
  return /\bprocess\.(?:argv|exit|cwd|platform|nextTick)\b|\bBuffer\.(?:from|alloc|concat|isBuffer)\b|\b__dirname\b/.test(text);
}

/** A reference to a browser-only global that resolves to the DOM library's declaration. */
function usesBrowserGlobal(sourceFile: ts.SourceFile, program: ts.Program, checker: ts.TypeChecker): boolean {
  if (!/\b(?:window|document|navigator|localStorage|sessionStorage|HTMLElement|requestAnimationFrame)\b/.test(sourceFile.text)) return false;
  let found = false;
  forEachNode(sourceFile, (node) => {
    if (found || !ts.isIdentifier(node) || !BROWSER_GLOBALS.has(node.text)) return;
    const declaration = checker.getSymbolAtLocation(node)?.getDeclarations()?.[0];
    if (declaration && program.isSourceFileDefaultLibrary(declaration.getSourceFile())) found = true;
  });
  return found;
}

interface OptionsState {
  kind: 'missing' | 'handled';
  /** The options object literal to add the property to. */
  literal?: ts.ObjectLiteralExpression;
  /** An options value (a variable) whose type has no timeout: spread into a new object. */
  opaque?: ts.Expression;
  /** `undefined` passed for the options: replaced by an object. */
  replace?: ts.Expression;
}

/** A file that never says any of these cannot make a network call the rule knows. */
function mentionsNetwork(text: string): boolean {
  return /fetch|request|axios|got|undici|\.get\(|\.post\(|\.put\(|\.patch\(|\.delete\(|\.head\(/.test(text);
}

const projectSettings = new WeakMap<ts.Program, Map<string, boolean>>();

/** The texts `projectSets` looks for (projectInput must know them all). */
const PROJECT_SETTINGS = ['defaults.timeout', 'interceptors.request.use'] as const;

/** Whether any file of the project contains the text (`defaults.timeout`): a global default set at start-up. */
function projectSets(program: ts.Program, text: (typeof PROJECT_SETTINGS)[number]): boolean {
  let cache = projectSettings.get(program);
  if (!cache) {
    cache = new Map();
    projectSettings.set(program, cache);
  }
  let found = cache.get(text);
  if (found === undefined) {
    found = program.getSourceFiles().some((file) => isProjectFile(program, file) && file.text.includes(text));
    cache.set(text, found);
  }
  return found;
}
