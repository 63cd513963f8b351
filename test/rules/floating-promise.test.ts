import rule from '../../server/src/rules/floating-promise';
import { ruleTests } from '../helpers/ruleTester';

const save = 'async function save(): Promise<void> {}\n';
/** The handler the "add .catch(...)" fix appends, for a statement indented by `indent`. */
const caught = (indent: string, typed = true) =>
  `.catch((error${typed ? ': unknown' : ''}) => {\n${indent}  console.error(error);\n${indent}})`;

ruleTests(rule, {
  valid: [
    // Awaited, returned, voided, assigned, or given a rejection handler.
    `${save}async function f() { await save(); }`,
    `${save}function f() { return save(); }`,
    `${save}function f() { void save(); }`,
    `${save}let pending: Promise<void>;\nfunction f() { pending = save(); }`,
    `${save}function f() { save().catch(() => {}); }`,
    `${save}function f() { save().then(() => {}, (error) => console.error(error)); }`,
    `${save}function f() { save().then(() => {}).catch(console.error); }`,
    `${save}function f() { save().catch(console.error).finally(() => {}); }`,
    `${save}function f() { const p = save(); return p; }`,
    // Not promises: sync calls, thenables by default, a user's own class named Promise.
    'function log(): void {}\nlog();',
    'declare const thenable: { then(resolve: () => void): void };\nthenable.then(() => {});',
    'class Promise { then() {} }\nfunction make() { return new Promise(); }\nmake();\nexport {};',
    // A plain sync function at start-up.
    'import { readFileSync } from "fs";\ndeclare function readFileSync(p: string): string;\nfunction main() { readFileSync("x"); }\nmain();',
    // Statements whose value is a number, boolean or string by their syntax alone.
    'let saved = 0;\nsaved++;\n--saved;\nsaved === 1;\ntypeof saved;\nexport {};',
    // Async IIFE with the option on.
    { code: '(async () => { await 1; })();', options: { ignoreIIFE: true } },
    // Top-level await in a module.
    `${save}await save();\nexport {};`,
  ],
  invalid: [
    {
      code: `${save}export function onClick(): void {\n  save();\n}\n`,
      errors: [
        {
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 10,
          messageId: 'floating',
          fixes: {
            addVoid: `${save}export function onClick(): void {\n  void save();\n}\n`,
            addCatch: `${save}export function onClick(): void {\n  save()${caught('  ')};\n}\n`,
          },
        },
      ],
    },
    {
      // Inside an async function, "add await" is offered too.
      code: `${save}export async function run() {\n  save();\n}\n`,
      errors: [
        {
          line: 3,
          column: 3,
          fixes: {
            addAwait: `${save}export async function run() {\n  await save();\n}\n`,
            addVoid: `${save}export async function run() {\n  void save();\n}\n`,
            addCatch: `${save}export async function run() {\n  save()${caught('  ')};\n}\n`,
          },
        },
      ],
    },
    {
      // .then with only a fulfilment handler leaves the rejection unhandled.
      code: `${save}function f() {\n  save().then(() => 1);\n}\n`,
      errors: [
        {
          line: 3,
          column: 3,
          fixes: {
            addVoid: `${save}function f() {\n  void save().then(() => 1);\n}\n`,
            addCatch: `${save}function f() {\n  save().then(() => 1)${caught('  ')};\n}\n`,
          },
        },
      ],
    },
    {
      // .finally passes the rejection through.
      code: `${save}function f() {\n  save().finally(() => {});\n}\n`,
      errors: [
        {
          line: 3,
          column: 3,
          fixes: {
            addVoid: `${save}function f() {\n  void save().finally(() => {});\n}\n`,
            addCatch: `${save}function f() {\n  save().finally(() => {})${caught('  ')};\n}\n`,
          },
        },
      ],
    },
    {
      // A handler of undefined registers nothing.
      code: `${save}function f() {\n  save().catch(undefined);\n}\n`,
      errors: [{ line: 3, column: 3, fixes: { addVoid: `${save}function f() {\n  void save().catch(undefined);\n}\n` } }],
    },
    {
      // Conditional and logical expressions: parentheses keep the operator's meaning.
      code: `${save}declare const flag: boolean;\nasync function f() {\n  flag ? save() : null;\n}\n`,
      errors: [
        {
          line: 4,
          column: 3,
          fixes: {
            addAwait: `${save}declare const flag: boolean;\nasync function f() {\n  await (flag ? save() : null);\n}\n`,
            addVoid: `${save}declare const flag: boolean;\nasync function f() {\n  void (flag ? save() : null);\n}\n`,
          },
        },
      ],
    },
    {
      code: `${save}declare const ready: boolean;\nfunction f() {\n  ready && save();\n}\n`,
      errors: [{ line: 4, column: 3, fixes: { addVoid: `${save}declare const ready: boolean;\nfunction f() {\n  void (ready && save());\n}\n` } }],
    },
    {
      // A promise stored in a variable and then left alone as a statement.
      code: 'const p = Promise.resolve(1);\np;\n',
      errors: [{ line: 2, column: 1, fixes: { addVoid: 'const p = Promise.resolve(1);\nvoid p;\n', addCatch: `const p = Promise.resolve(1);\np${caught('')};\n` } }],
    },
    {
      // new Promise(...) as a statement, and a class derived from Promise.
      code: 'class Deferred extends Promise<void> {}\ndeclare const d: Deferred;\nnew Promise<void>((resolve) => resolve());\nd;\n',
      errors: [
        {
          line: 3,
          column: 1,
          fixes: {
            addVoid: 'class Deferred extends Promise<void> {}\ndeclare const d: Deferred;\nvoid new Promise<void>((resolve) => resolve());\nd;\n',
            addCatch: `class Deferred extends Promise<void> {}\ndeclare const d: Deferred;\nnew Promise<void>((resolve) => resolve())${caught('')};\nd;\n`,
          },
        },
        {
          line: 4,
          column: 1,
          fixes: {
            addVoid: 'class Deferred extends Promise<void> {}\ndeclare const d: Deferred;\nnew Promise<void>((resolve) => resolve());\nvoid d;\n',
            addCatch: `class Deferred extends Promise<void> {}\ndeclare const d: Deferred;\nnew Promise<void>((resolve) => resolve());\nd${caught('')};\n`,
          },
        },
      ],
    },
    {
      // Async IIFE by default.
      code: '(async () => {\n  await 1;\n})();\n',
      errors: [{ line: 1, column: 1, fixes: { addVoid: 'void (async () => {\n  await 1;\n})();\n', addCatch: `(async () => {\n  await 1;\n})()${caught('')};\n` } }],
    },
    {
      // `void` is accepted by default, reported with ignoreVoid off; the fix turns it into await in async code.
      code: `${save}async function f() {\n  void save();\n}\n`,
      options: { ignoreVoid: false },
      errors: [
        {
          line: 3,
          column: 3,
          messageId: 'floatingVoid',
          fixes: {
            addAwait: `${save}async function f() {\n  await save();\n}\n`,
            addCatch: `${save}async function f() {\n  void save()${caught('  ')};\n}\n`,
          },
        },
      ],
    },
    {
      // Thenables when asked to.
      code: 'declare function connect(): { then(resolve: () => void, reject: () => void): void };\nfunction f() {\n  connect();\n}\n',
      options: { checkThenables: true },
      errors: [
        {
          line: 3,
          column: 3,
          fixes: { addVoid: 'declare function connect(): { then(resolve: () => void, reject: () => void): void };\nfunction f() {\n  void connect();\n}\n' },
        },
      ],
    },
    {
      // JavaScript: types come from inference.
      filename: 'file.js',
      code: 'async function save() {}\nfunction f() {\n  save();\n}\n',
      errors: [
        {
          line: 3,
          column: 3,
          fixes: {
            addVoid: 'async function save() {}\nfunction f() {\n  void save();\n}\n',
            addCatch: `async function save() {}\nfunction f() {\n  save()${caught('  ', false)};\n}\n`,
          },
        },
      ],
    },
    {
      // The nearest function decides: a sync callback inside an async function gets no "add await".
      code: `${save}async function f() {\n  [1].forEach(() => {\n    save();\n  });\n}\n`,
      errors: [
        {
          line: 4,
          column: 5,
          fixes: {
            addVoid: `${save}async function f() {\n  [1].forEach(() => {\n    void save();\n  });\n}\n`,
            addCatch: `${save}async function f() {\n  [1].forEach(() => {\n    save()${caught('    ')};\n  });\n}\n`,
          },
        },
      ],
    },
  ],
});

// Forms beyond plain calls, the allowlists, and the fixes for arrays.
const declarations = 'declare function save(): Promise<void>;\ndeclare const flag: boolean;\n';
const vscodeTypes = {
  'vscode.d.ts':
    "declare module 'vscode' {\n  export namespace window {\n    export function showInformationMessage(message: string): Thenable<string | undefined>;\n    export function showQuickPick(items: string[]): Thenable<string | undefined>;\n  }\n}\ninterface Thenable<T> {\n  then<R>(onFulfilled?: (value: T) => R, onRejected?: (reason: unknown) => R): Thenable<R>;\n}\n",
};

ruleTests(rule, {
  valid: [
    // node:test's functions are awaited by the runner: allowed out of the box.
    { code: "import { describe, it, test } from 'node:test';\ndescribe('s', () => {\n  it('t', async () => {});\n});\ntest('u', async () => {});\ntest.skip('v');\n", node: true },
    // VS Code notifications are allowed even with checkThenables.
    {
      code: "import * as vscode from 'vscode';\nexport function f(): void {\n  vscode.window.showInformationMessage('saved');\n}\n",
      files: vscodeTypes,
      options: { checkThenables: true },
    },
    // Allowlists of the user's own.
    { code: `${declarations}save();`, options: { allowForKnownSafeCalls: ['save'] } },
    { code: `${declarations}save();`, options: { allowForKnownSafeCalls: [{ from: 'file', name: 'save' }] } },
    {
      code: 'type SafePromise = Promise<void> & { __safe?: true };\ndeclare function track(): SafePromise;\ntrack();\n',
      options: { allowForKnownSafePromises: [{ from: 'file', name: 'SafePromise' }] },
    },
    { code: 'declare const like: PromiseLike<void>;\nlike;\n', options: { checkThenables: true, allowForKnownSafePromises: [{ from: 'lib', name: 'PromiseLike' }] } },
    // Handled through the comma operator, ternaries and tagged templates.
    `${declarations}(save().catch(() => {}), 1);`,
    `${declarations}flag ? save().catch(() => {}) : undefined;`,
    'declare function sql(parts: TemplateStringsArray): string;\nsql`select 1`;\n',
    // A function-expression IIFE with ignoreIIFE.
    { code: '(function () {\n  return Promise.resolve();\n})();\n', options: { ignoreIIFE: true } },
    // Arrays that hold no promises.
    'declare const values: number[];\nvalues.map((v) => v + 1);\n',
  ],
  invalid: [
    {
      // An allowlist of another package does not cover this function.
      code: `${declarations}save();`,
      options: { allowForKnownSafeCalls: [{ from: 'package', name: 'save', package: 'other' }] },
      errors: [{ line: 3, column: 1, fixes: { addVoid: `${declarations}void save();`, addCatch: `${declarations}save()${caught('')};` } }],
    },
    {
      // A subtest of node:test is a method of the test context, not one of the allowed functions.
      code: "import { test } from 'node:test';\ntest('outer', (t) => {\n  t.test('inner', () => {});\n});\n",
      node: true,
      errors: [
        {
          line: 3,
          column: 3,
          fixes: {
            addVoid: "import { test } from 'node:test';\ntest('outer', (t) => {\n  void t.test('inner', () => {});\n});\n",
            addCatch: `import { test } from 'node:test';\ntest('outer', (t) => {\n  t.test('inner', () => {})${caught('  ')};\n});\n`,
          },
        },
      ],
    },
    {
      // Other VS Code Thenables are still reported with checkThenables (no .catch on a Thenable).
      code: "import * as vscode from 'vscode';\nexport function f(): void {\n  vscode.window.showQuickPick(['a']);\n}\n",
      files: vscodeTypes,
      options: { checkThenables: true },
      errors: [{ line: 3, column: 3, fixes: { addVoid: "import * as vscode from 'vscode';\nexport function f(): void {\n  void vscode.window.showQuickPick(['a']);\n}\n" } }],
    },
    {
      // Optional calls: .catch continues the optional chain.
      code: 'declare const api: { save?: () => Promise<void> } | undefined;\napi?.save?.();\n',
      errors: [
        {
          line: 2,
          column: 1,
          fixes: {
            addVoid: 'declare const api: { save?: () => Promise<void> } | undefined;\nvoid api?.save?.();\n',
            addCatch: `declare const api: { save?: () => Promise<void> } | undefined;\napi?.save?.()${caught('')};\n`,
          },
        },
      ],
    },
    {
      // A comma expression whose first operand drops a promise.
      code: `${declarations}(save(), 1);`,
      errors: [{ line: 3, column: 1, fixes: { addVoid: `${declarations}void (save(), 1);` } }],
    },
    {
      // Tagged templates that return promises.
      code: 'declare function sql(parts: TemplateStringsArray): Promise<string>;\nsql`select 1`;\n',
      errors: [
        {
          line: 2,
          column: 1,
          fixes: {
            addVoid: 'declare function sql(parts: TemplateStringsArray): Promise<string>;\nvoid sql`select 1`;\n',
            addCatch: `declare function sql(parts: TemplateStringsArray): Promise<string>;\nsql\`select 1\`${caught('')};\n`,
          },
        },
      ],
    },
    {
      // A rejection handler that is not a function.
      code: `${declarations}save().catch(null);`,
      errors: [{ line: 3, column: 1, messageId: 'nonFunctionHandler', fixes: { addVoid: `${declarations}void save().catch(null);` } }],
    },
    {
      // Arrays of promises: "await Promise.all(...)" inside async functions.
      code: 'declare const ids: number[];\ndeclare function load(id: number): Promise<void>;\nexport async function f() {\n  ids.map(async (id) => load(id));\n}\n',
      errors: [
        {
          line: 4,
          column: 3,
          messageId: 'floatingArray',
          fixes: {
            awaitAll: 'declare const ids: number[];\ndeclare function load(id: number): Promise<void>;\nexport async function f() {\n  await Promise.all(ids.map(async (id) => load(id)));\n}\n',
            addVoid: 'declare const ids: number[];\ndeclare function load(id: number): Promise<void>;\nexport async function f() {\n  void ids.map(async (id) => load(id));\n}\n',
          },
        },
      ],
    },
    {
      code: `${declarations}[save(), save()];`,
      errors: [{ line: 3, column: 1, messageId: 'floatingArray', fixes: { addVoid: `${declarations}void [save(), save()];` } }],
    },
    {
      // `() => void promise` with ignoreVoid off.
      code: `${declarations}export const f = () => void save();`,
      options: { ignoreVoid: false },
      errors: [{ line: 3, column: 24, messageId: 'floatingVoid', fixes: { addCatch: `${declarations}export const f = () => void save()${caught('')};` } }],
    },
    {
      // Without console (no DOM or Node types) there is no .catch fix: it would not type-check.
      code: `${declarations}save();`,
      compilerOptions: { lib: ['lib.es2022.d.ts'] },
      errors: [{ line: 3, column: 1, fixes: { addVoid: `${declarations}void save();` } }],
    },
  ],
});

// Promises that cannot reject at this call, and calls whose promise type does not describe this call.
const jobs = 'declare const jobs: Array<() => Promise<void>>;\n';
const selfHandling =
  'declare function upload(data: string): Promise<void>;\n' +
  'async function send(data: string, done: (error?: unknown) => void): Promise<void> {\n' +
  '  try {\n' +
  '    await upload(data);\n' +
  '    done();\n' +
  '  } catch (error) {\n' +
  '    done(error);\n' +
  '  }\n' +
  '}\n';
/** A JavaScript function with a callback form and a promise form. */
const callbackForm =
  'function lookup(name, callback) {\n' +
  '  if (callback === undefined) {\n' +
  '    return new Promise((resolve, reject) => {\n' +
  '      lookup(name, (error, address) => (error ? reject(error) : resolve(address)));\n' +
  '    });\n' +
  '  }\n' +
  '  setTimeout(() => callback(null, name + ".local"), 0);\n' +
  '}\n';
/** Members keyed by symbols held in an object: their keys are typed as plain `symbol`, not one unique symbol. */
const symbolKeyed =
  'const keys = { flush: Symbol("flush"), persist: Symbol("persist") };\n' +
  'class Store {\n' +
  '  [keys.flush]() {\n' +
  '    return 0;\n' +
  '  }\n' +
  '  async [keys.persist]() {}\n';

/** The fixes offered for a statement at the start of a line outside async functions: `void` and `.catch(...)`. */
const topLevelFixes = (code: string, statement: string, options: { catchFix?: boolean; typed?: boolean; indent?: string } = {}) => {
  const { catchFix = true, typed = true, indent = '' } = options;
  const at = code.lastIndexOf(`${indent}${statement};`) + indent.length;
  const fixes: Record<string, string> = { addVoid: `${code.slice(0, at)}void ${code.slice(at)}` };
  if (catchFix) fixes.addCatch = `${code.slice(0, at + statement.length)}${caught(indent, typed)}${code.slice(at + statement.length)}`;
  return fixes;
};

/** An invalid case with one finding on `statement`, which offers `void` and (when every value is a promise) `.catch(...)`. */
const reportedAt = (
  code: string,
  line: number,
  column: number,
  statement: string,
  extra: { options?: Record<string, unknown>; filename?: string; catchFix?: boolean; indent?: string } = {},
) => ({
  code,
  ...(extra.options ? { options: extra.options } : {}),
  ...(extra.filename ? { filename: extra.filename } : {}),
  errors: [{ line, column, fixes: topLevelFixes(code, statement, { catchFix: extra.catchFix, typed: !extra.filename?.endsWith('.js'), indent: extra.indent }) }],
});

/** A class declared in `flusher.d.ts` and implemented in `flusher.js`, whose `flushAndExit` body is given. */
const flusherFiles = (body: string) => ({
  'flusher.d.ts': 'export declare class Flusher {\n  flush(): Promise<void>;\n  flushAndExit(): Promise<void>;\n}\n',
  'flusher.js': `export class Flusher {\n  async flush() {}\n  async flushAndExit() {\n    ${body}\n  }\n}\n`,
});

/** A polling helper whose try block returns `done(value)`: what `done` returns depends on its callers. */
const retryHelper = (extra: string) =>
  'const pause = (ms) => new Promise((resolve) => {\n  setTimeout(resolve, ms);\n});\n' +
  'const probe = async () => Math.random() > 0.5;\n' +
  'const attempt = async (done, fail) => {\n  await pause(20);\n  try {\n    const value = await probe();\n    if (value) {\n      return done(value);\n    }\n    attempt(done, fail);\n  } catch (error) {\n    fail(error);\n  }\n};\n' +
  `function whenReady() {\n  return new Promise((resolve, reject) => {\n    attempt(resolve, reject);\n  });\n}\n${extra}`;

/** A step of a hand-written coroutine driver: `.then(onStep, onFailure)` with handlers its callers pass. */
const stepper =
  'function advance(iterator, onStep, onFailure, input) {\n  const result = iterator.next(input);\n  if (!result.done) {\n    Promise.resolve(result.value).then(onStep, onFailure);\n  }\n}\n' +
  'function drive(iterator) {\n  return new Promise((resolve, reject) => {\n    function onStep(value) {\n      advance(iterator, onStep, onFailure, value);\n    }\n    function onFailure(error) {\n      reject(error);\n    }\n    onStep(undefined);\n  });\n}\n';

/** The handler of the stepper's `.then` reported as no function. */
const stepperReported = (code: string) => {
  const statement = 'Promise.resolve(result.value).then(onStep, onFailure)';
  const at = code.indexOf(statement);
  return { code, filename: 'file.js', errors: [{ line: 4, column: 5, messageId: 'nonFunctionHandler', fixes: { addVoid: `${code.slice(0, at)}void ${code.slice(at)}` } }] };
};

/** The helper's two calls reported (the recursive one in async code also offers `await`), and one more call. */
const retryHelperReported = (code: string, extra?: [number, number, string]) => {
  const recursive = 'attempt(done, fail)';
  const at = code.indexOf(recursive);
  const errors = [
    { line: 12, column: 5, fixes: { addAwait: `${code.slice(0, at)}await ${code.slice(at)}`, ...topLevelFixes(code, recursive, { typed: false, indent: '    ' }) } },
    { line: 19, column: 5, fixes: topLevelFixes(code, 'attempt(resolve, reject)', { typed: false, indent: '    ' }) },
  ];
  if (extra) errors.push({ line: extra[0], column: extra[1], fixes: topLevelFixes(code, extra[2], { typed: false }) });
  return { code, filename: 'file.js', errors };
};

ruleTests(rule, {
  valid: [
    // Promise.allSettled never rejects; a `.then` whose callback cannot throw does not either.
    `${jobs}export function runAll(): void {\n  Promise.allSettled(jobs.map((job) => job()));\n}\n`,
    `${jobs}const summary = { settled: 0 };\nexport function report(): void {\n  Promise.allSettled(jobs.map((job) => job())).then((results) => {\n    summary.settled = results.length;\n  });\n}\n`,
    // An async function that hands every error of its work to a callback.
    `${selfHandling}export function start(): void {\n  send('report', () => {});\n}\n`,
    // An async IIFE whose whole body is a try/catch that hands the error on.
    'declare function load(): Promise<string>;\ndeclare function fail(error: unknown): void;\n(async () => {\n  try {\n    console.log(await load());\n  } catch (error) {\n    fail(error);\n  }\n})();\n',
    // Set-up before the try, a finally, and a wait that only resolves before it.
    'const pause = (ms: number) => new Promise<void>((resolve) => {\n  setTimeout(resolve, ms);\n});\n' +
      'async function poll(check: () => Promise<boolean>, onError: (error: unknown) => void): Promise<void> {\n' +
      '  let attempts = 0;\n  attempts += 1;\n  await pause(10);\n' +
      '  try {\n    if (await check()) return;\n    poll(check, onError);\n  } catch (error) {\n    onError(error);\n  } finally {\n    attempts = 0;\n  }\n}\n' +
      'poll(async () => true, console.error);\n',
    // The only return of a promise sits behind a flag this call passes as `false`.
    'declare function load(key: string): Promise<string>;\n' +
      'async function step(key: string, nested: boolean, report: (error: unknown) => void): Promise<unknown> {\n' +
      '  try {\n    const pending = load(key);\n    if (nested) {\n      return pending;\n    }\n    console.log(await pending);\n  } catch (error) {\n    report(error);\n  }\n  return undefined;\n}\n' +
      "step('a', false, console.error);\n",
    // JavaScript: the callback form of a callback-or-promise function returns nothing.
    { code: `${callbackForm}lookup('db', (error, address) => console.log(error, address));\n`, filename: 'file.js' },
    {
      code:
        'function release(options, callback) {\n' +
        "  if (typeof options === 'function') {\n    callback = options;\n    options = {};\n  }\n" +
        "  if (typeof callback !== 'function') {\n    return new Promise((resolve) => release(options, resolve));\n  }\n" +
        '  queueMicrotask(() => callback(null));\n}\n' +
        'release.call(null, {}, () => {});\nrelease({}, () => {});\n',
      filename: 'file.js',
    },
    // A `finally` that ends the process: no failure of the awaited work can surface.
    { code: "declare function flush(): Promise<void>;\nasync function flushAndExit(): Promise<void> {\n  try {\n    await flush();\n  } finally {\n    process.exit(process.exitCode ?? 0);\n  }\n}\nflushAndExit();\n", node: true },
    // Compiled code: the method is judged by its body in the JavaScript beside the declaration file the import resolves to.
    { code: "import { Flusher } from './flusher';\nnew Flusher().flushAndExit();\n", node: true, files: flusherFiles('try {\n      await this.flush();\n    } finally {\n      process.exit(0);\n    }') },
    // JavaScript: `return done(value)` in the try block returns what the callers pass as `done`, and every
    // caller is in view: a Promise executor's `resolve` (no promise) or the helper's own `done`, handed on.
    { code: `${retryHelper('')}module.exports = whenReady;\n`, filename: 'file.js' },
    // JavaScript: an untyped rejection handler is judged by what every caller in view passes for it.
    { code: `${stepper}module.exports = drive;\n`, filename: 'file.js' },
    // JavaScript: a member keyed by a plain `symbol` is judged by the member that key names.
    { code: `${symbolKeyed}  run() {\n    this[keys.flush]();\n  }\n}\nnew Store().run();\n`, filename: 'file.js' },
  ],
  invalid: [
    // The JavaScript beside the declaration file exits after the awaited work, not in a finally: its rejection surfaces.
    {
      ...reportedAt("import { Flusher } from './flusher';\nnew Flusher().flushAndExit();\n", 2, 1, 'new Flusher().flushAndExit()'),
      node: true,
      files: flusherFiles('await this.flush();\n    process.exit(0);'),
    },
    // An await outside the try: its rejection rejects the function's promise.
    reportedAt('declare function load(): Promise<string>;\ndeclare function fail(error: unknown): void;\nasync function sync(): Promise<void> {\n  const text = await load();\n  try {\n    console.log(await load(), text);\n  } catch (error) {\n    fail(error);\n  }\n}\nsync();\n', 11, 1, `sync()`),
    // A catch clause that throws again.
    reportedAt(`declare function upload(data: string): Promise<void>;\nasync function send(data: string): Promise<void> {\n  try {\n    await upload(data);\n  } catch (error) {\n    console.error(error);\n    throw error;\n  }\n}\nsend('x');\n`, 10, 1, `send('x')`),
    // A promise returned from the try block: its rejection skips the catch clause.
    reportedAt(`declare function upload(data: string): Promise<void>;\nasync function send(data: string): Promise<void> {\n  try {\n    return upload(data);\n  } catch (error) {\n    console.error(error);\n  }\n}\nsend('x');\n`, 9, 1, `send('x')`),
    // A destructured parameter is bound inside the async function: a missing argument rejects its promise.
    reportedAt(`declare function upload(data: string): Promise<void>;\nasync function send({ data }: { data: string }): Promise<void> {\n  try {\n    await upload(data);\n  } catch (error) {\n    console.error(error);\n  }\n}\nsend(JSON.parse('null'));\n`, 9, 1, `send(JSON.parse('null'))`),
    // A catch clause that destructures the error throws again when `null` or `undefined` was thrown.
    reportedAt(`declare function upload(data: string): Promise<void>;\nasync function send(data: string): Promise<void> {\n  try {\n    await upload(data);\n  } catch ({ message }: any) {\n    console.error(message);\n  }\n}\nsend('x');\n`, 9, 1, `send('x')`),
    // The option off: an async function that handles its own errors is reported like any other.
    reportedAt(`${selfHandling}send('report', () => {});\n`, 10, 1, `send('report', () => {})`, { options: { ignoreSelfHandling: false } }),
    // Set-up code before the try that may throw (a call of unknown code) rejects the function's promise.
    reportedAt(`declare function upload(data: string): Promise<void>;\ndeclare function prepare(data: string): string;\nasync function send(data: string): Promise<void> {\n  const body = prepare(data);\n  try {\n    await upload(body);\n  } catch (error) {\n    console.error(error);\n  }\n}\nsend('x');\n`, 11, 1, `send('x')`),
    // An async function without a try/catch is judged by its type, as any other.
    reportedAt(`declare function render(): void;\nasync function refresh(): Promise<void> {\n  render();\n}\nrefresh();\n`, 5, 1, `refresh()`),
    // A `.then` callback that may throw rejects the chain even after allSettled.
    reportedAt(`${jobs}Promise.allSettled(jobs.map((job) => job())).then((results) => {\n  if (results.length === 0) throw new Error('no jobs');\n});\n`, 2, 1, `Promise.allSettled(jobs.map((job) => job())).then((results) => {\n  if (results.length === 0) throw new Error('no jobs');\n})`),
    // JavaScript: called without its callback, the function returns its promise.
    reportedAt(`${callbackForm}lookup('db');\n`, 9, 1, `lookup('db')`, { filename: 'file.js', catchFix: false }),
    // JavaScript: a caller passes an async function as `done`, so `return done(value)` may return a promise
    // whose rejection skips the catch clause: every call of the helper is reported.
    retryHelperReported(`${retryHelper('')}attempt(async (value) => { throw new Error(String(value)); }, console.error);\n`, [22, 1, 'attempt(async (value) => { throw new Error(String(value)); }, console.error)']),
    // JavaScript: the helper escapes (exported in an object), so not every caller is in view.
    retryHelperReported(`${retryHelper('')}module.exports = { attempt };\n`),
    // JavaScript: one caller passes no function as the handler, or the helper escapes to callers out of view.
    stepperReported(`${stepper}advance({ next: () => ({ done: false, value: 1 }) }, () => {}, undefined);\n`),
    stepperReported(`${stepper}module.exports = { drive, advance };\n`),
    // JavaScript: a symbol-keyed member that is async.
    reportedAt(`${symbolKeyed}  run() {\n    this[keys.persist]();\n  }\n}\nnew Store().run();\n`, 8, 5, `this[keys.persist]()`, { filename: 'file.js', catchFix: false, indent: '    ' }),
  ],
});

// Platform calls that cannot reject, known by their declaration (module, class, member), never by name.
const threads = "import { Worker } from 'node:worker_threads';\n";
/** A class of the project with a `terminate()` whose promise rejects. */
const ownTerminate = 'class Job {\n  async terminate(): Promise<void> {\n    throw new Error("still running");\n  }\n}\n';

ruleTests(rule, {
  valid: [
    // worker_threads' Worker.terminate() resolves with the exit code and never rejects.
    { code: `${threads}export function stop(worker: Worker): void {\n  worker.terminate();\n}\n`, node: true },
    // Through an import alias, a namespace import destructured, and a subclass that does not override it.
    { code: "import { Worker as Thread } from 'worker_threads';\nconst thread = new Thread('./job.js');\nthread.terminate();\n", node: true },
    { code: "import * as threads from 'node:worker_threads';\nconst { Worker } = threads;\nnew Worker('./job.js').terminate();\n", node: true },
    { code: `${threads}class Pool extends Worker {}\nnew Pool('./job.js').terminate();\n`, node: true },
    // JavaScript: a destructured require.
    { code: "const { Worker } = require('node:worker_threads');\nconst worker = new Worker('./job.js');\nworker.terminate();\n", filename: 'file.js', node: true },
    // A callback chained on it that cannot throw keeps the chain from rejecting.
    { code: `${threads}let exitCode = 0;\nexport function stop(worker: Worker): void {\n  worker.terminate().then((code) => {\n    exitCode = code;\n  });\n}\n`, node: true },
    // After the try/catch of a function that handles its own errors, awaiting it cannot reject.
    {
      code: `${threads}async function shutdown(worker: Worker, flush: () => Promise<void>): Promise<void> {\n  try {\n    await flush();\n  } catch (error) {\n    console.error(error);\n  }\n  await worker.terminate();\n}\nexport function stop(worker: Worker): void {\n  shutdown(worker, async () => {});\n}\n`,
      node: true,
    },
    // The same form names a method in the user's allowlist: `Class.method`.
    { code: `${ownTerminate}new Job().terminate();\n`, options: { allowForKnownSafeCalls: [{ from: 'file', name: 'Job.terminate' }] } },
  ],
  invalid: [
    // An allowlist entry naming another class's method, or the method without its class, covers no method.
    { ...reportedAt(`${ownTerminate}new Job().terminate();\n`, 6, 1, 'new Job().terminate()'), options: { allowForKnownSafeCalls: [{ from: 'file', name: ['Task.terminate', 'terminate'] }] } },
    // A class of the project with a terminate() of its own, even one named Worker.
    reportedAt(`${ownTerminate}new Job().terminate();\n`, 6, 1, 'new Job().terminate()'),
    reportedAt('export class Worker {\n  async terminate(): Promise<number> {\n    throw new Error("busy");\n  }\n}\nnew Worker().terminate();\n', 6, 1, 'new Worker().terminate()'),
    // A look-alike module that declares the same class and method.
    {
      ...reportedAt("import { Worker } from 'worker-pool';\nnew Worker('./job.js').terminate();\n", 2, 1, "new Worker('./job.js').terminate()"),
      files: { 'worker-pool.d.ts': "declare module 'worker-pool' {\n  export class Worker {\n    constructor(file: string);\n    terminate(): Promise<number>;\n  }\n}\n" },
      node: true,
    },
    // Another method of the same class can reject (a heap snapshot of a stopped thread).
    { ...reportedAt(`${threads}export function inspect(worker: Worker): void {\n  worker.getHeapSnapshot();\n}\n`, 3, 3, 'worker.getHeapSnapshot()', { indent: '  ' }), node: true },
    // A value that may be either: one of its declarations can reject.
    {
      ...reportedAt(`${threads}${ownTerminate}export function stop(target: Worker | Job): void {\n  target.terminate();\n}\n`, 8, 3, 'target.terminate()', { indent: '  ' }),
      node: true,
    },
    // The await in a self-handling function's body is of a call that can reject: the function is reported.
    reportedAt(
      `${ownTerminate}async function shutdown(job: Job, flush: () => Promise<void>): Promise<void> {\n  try {\n    await flush();\n  } catch (error) {\n    console.error(error);\n  }\n  await job.terminate();\n}\nshutdown(new Job(), async () => {});\n`,
      14,
      1,
      'shutdown(new Job(), async () => {})',
    ),
  ],
});
