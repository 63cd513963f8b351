import rule from '../../server/src/rules/await-non-promise';
import { ruleTests } from '../helpers/ruleTester';

const disposableLibs = { lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.esnext.disposable.d.ts'] };
/** An editor, where TypeScript's own suggestion 80007 reports an `await` that has no effect. */
const editor = { environment: { typeScriptSuggestionsShown: true } };
const head = 'declare function total(): number;\ndeclare function load(): Promise<number>;\n';

/** JavaScript whose awaited values are known not to be promises, from declarations and bodies rather than inference. */
const jsEvidence = [
  'class Channel {',
  '  constructor(socket) {',
  '    this.socket = socket;',
  '  }',
  '  greet() {',
  "    this.socket.write('hello');",
  '  }',
  '}',
  'function refresh() {}',
  'const double = (x) => x * 2;',
  'export async function f(socket) {',
  '  const channel = new Channel(socket);',
  '  await channel.greet();',
  '  await refresh;',
  '  await JSON.stringify({ a: 1 });',
  '  await double(2);',
  '}',
  '',
].join('\n');

ruleTests(rule, {
  valid: [
    // A spread that holds promises makes the literal a mixed input.
    `declare const pending: Promise<number>[];\nexport async function f() {\n  return Promise.all([...pending, 1]);\n}`,
    `${head}export async function f() {\n  return await load();\n}`,
    // any, unknown, unconstrained generics and unions with a promise may need the await.
    'export async function f(a: any, b: unknown) {\n  await a;\n  await b;\n}',
    'export async function f<T>(value: T) {\n  return await value;\n}',
    'export async function f(value: number | Promise<number>) {\n  return await value;\n}',
    // Thenables other than Promise.
    'declare const like: PromiseLike<number>;\nexport async function f() {\n  return await like;\n}',
    // Async iterables, async disposables, aggregators over promises.
    'declare function ticks(): AsyncIterable<number>;\nexport async function f() {\n  for await (const t of ticks()) void t;\n}',
    {
      code: 'declare function open(): AsyncDisposable;\nexport async function f() {\n  await using r = open();\n  void r;\n}',
      compilerOptions: disposableLibs,
    },
    `${head}export async function f() {\n  return Promise.all([load(), load()]);\n}`,
    // In an editor, TypeScript itself reports `await` on a non-thenable (80007), in TypeScript and in
    // JavaScript it checks (checkJs not turned off, or `// @ts-check`).
    { ...editor, code: `${head}export async function f() {\n  return await total();\n}` },
    { ...editor, code: 'export async function f<T extends number>(value: T) {\n  return await value;\n}' },
    { ...editor, filename: 'file.js', code: 'function total() {\n  return 1;\n}\nexport async function f() {\n  return await total();\n}\n' },
    {
      ...editor,
      filename: 'file.js',
      compilerOptions: { checkJs: false },
      code: '// @ts-check\nfunction total() {\n  return 1;\n}\nexport async function f() {\n  return await total();\n}\n',
    },
    // Values mixed with promises pass through Promise.all unchanged: a callback that returns a promise or nothing.
    `${head}export async function f() {\n  await Promise.all([load(), 1]);\n}`,
    `${head}declare const ids: number[];\nexport async function f() {\n  await Promise.all(ids.map((id) => (id > 0 ? load() : undefined)));\n}`,
    `${head}declare const parts: (string | Promise<number>)[];\nexport async function f() {\n  await Promise.allSettled(parts);\n}`,
    // A variable narrowed to `never` by assignments the checker cannot see (a closure sets it).
    `${head}export async function f() {\n  let pending: Promise<number> | undefined = undefined;\n  const start = () => {\n    pending = load();\n  };\n  start();\n  if (pending) await pending;\n}`,
    // An untyped `then` is still called by `await`: the object is a thenable at run time.
    { filename: 'file.js', code: 'const job = {\n  then(next) {\n    next(1);\n  },\n};\nexport async function f() {\n  return await job;\n}\n' },
    // JavaScript: the checker's inference is not evidence of what the value is at run time.
    {
      // A `let` assigned a promise in a closure keeps its initial type.
      filename: 'file.js',
      code: 'export async function flush(queue) {\n  let pending = null;\n  queue.onDrain(() => {\n    pending = queue.drain();\n  });\n  queue.kick();\n  if (pending !== null) await pending;\n}\n',
    },
    {
      // reduce over an async callback: the result type comes from the seed.
      filename: 'file.js',
      code: '/** @param {{ id: number }[]} items */\nexport async function index(items) {\n  const seed = {};\n  return await items.reduce(async (previous, item) => {\n    const byId = await previous;\n    byId[item.id] = item;\n    return byId;\n  }, seed);\n}\n',
    },
    {
      // A JSDoc type narrower than what callers pass: a documented sync function may be an async one.
      filename: 'file.js',
      code: '/**\n * @param {() => string[]} list\n */\nexport async function hosts(list) {\n  return await list();\n}\n',
    },
    {
      // A JSDoc `Iterable` that receives async iterables too.
      filename: 'file.js',
      code: '/**\n * @param {Iterable<Uint8Array>} chunks\n * @param {Uint8Array[]} sink\n */\nexport async function write(chunks, sink) {\n  for await (const chunk of chunks) sink.push(chunk);\n}\n',
    },
    {
      // A member under a computed key: the checker may pick another member with a symbol key.
      filename: 'file.js',
      code: "const KEYS = { check: Symbol('check'), login: Symbol('login') };\nexport class Session {\n  constructor(run) {\n    this[KEYS.login] = run;\n    this.user = undefined;\n  }\n  [KEYS.check]() {\n    return this.user !== undefined;\n  }\n  async open() {\n    await this[KEYS.login]();\n  }\n}\n",
    },
    {
      // A base class's stub that a subclass overrides with an async method.
      filename: 'file.js',
      code: "export function Store() {}\nStore.prototype.flush = function flush() {\n  throw new Error('not implemented');\n};\nStore.prototype.close = async function close() {\n  await this.flush();\n};\n",
    },
    {
      // A JSDoc return type on a JavaScript function says what it is meant to return, not what it does.
      filename: 'file.js',
      code: "/** @returns {string} */\nfunction name() {\n  return fetch('/name').then((r) => r.text());\n}\nexport async function f() {\n  return await name();\n}\n",
    },
    {
      // A callback-or-promise function: the promise comes back when no callback is given.
      filename: 'file.js',
      code: 'function stop(callback) {\n  if (callback) {\n    callback();\n    return;\n  }\n  return new Promise((resolve) => setTimeout(resolve, 1));\n}\nexport async function f() {\n  await stop();\n  await Promise.all([stop(), stop()]);\n}\n',
    },
  ],
  invalid: [
    {
      code: `${head}export async function f() {\n  return await total();\n}`,
      errors: [{ line: 4, column: 10, messageId: 'await', fixes: { removeAwait: `${head}export async function f() {\n  return total();\n}` } }],
    },
    {
      // Parentheses keep an object literal an expression where it would start a statement or an arrow body.
      code: 'export async function f() {\n  await { a: 1 };\n}\nexport const g = async () => await { a: 1 };\n',
      errors: [
        { line: 2, column: 3, fixes: { removeAwait: 'export async function f() {\n  ({ a: 1 });\n}\nexport const g = async () => await { a: 1 };\n' } },
        { line: 4, column: 30, fixes: { removeAwait: 'export async function f() {\n  await { a: 1 };\n}\nexport const g = async () => ({ a: 1 });\n' } },
      ],
    },
    {
      // Removing the await would join `(x)` to the line before (no semicolon): no fix then.
      code: 'declare const x: number;\nexport async function f() {\n  const y = x\n  await (x)\n  return y\n}\n',
      errors: [{ line: 4, column: 3, fixes: {} }],
    },
    {
      code: 'declare const values: number[];\nexport async function f() {\n  for await (const v of values) void v;\n}',
      errors: [
        {
          line: 3,
          column: 3,
          messageId: 'forAwaitValues',
          fixes: { removeAwait: 'declare const values: number[];\nexport async function f() {\n  for (const v of values) void v;\n}' },
        },
      ],
    },
    {
      code: 'declare const pending: Promise<number>[];\nexport async function f() {\n  for await (const v of pending) void v;\n}',
      errors: [
        {
          line: 3,
          column: 3,
          messageId: 'forAwaitPromises',
          fixes: { awaitAllFirst: 'declare const pending: Promise<number>[];\nexport async function f() {\n  for (const v of await Promise.all(pending)) void v;\n}' },
        },
      ],
    },
    {
      code: 'declare function open(): Disposable;\nexport async function f() {\n  await using r = open();\n  void r;\n}',
      compilerOptions: disposableLibs,
      errors: [
        {
          line: 3,
          column: 19,
          messageId: 'awaitUsing',
          fixes: { removeAwait: 'declare function open(): Disposable;\nexport async function f() {\n  using r = open();\n  void r;\n}' },
        },
      ],
    },
    {
      // A spread of plain values adds no promise: the other elements are still reported.
      code: `declare const counts: number[];\nexport async function f() {\n  return Promise.all([...counts, 1]);\n}`,
      errors: [{ line: 3, column: 34, messageId: 'aggregatorInput', fixes: {} }],
    },
    {
      code: `${head}declare const values: number[];\nexport async function f() {\n  await Promise.all([total(), 1]);\n  await Promise.race(values);\n}`,
      errors: [
        { line: 5, column: 22, messageId: 'aggregatorInput', fixes: {} },
        { line: 5, column: 31, messageId: 'aggregatorInput', fixes: {} },
        { line: 6, column: 22, messageId: 'aggregatorInput', fixes: {} },
      ],
    },
    {
      // JavaScript: types come from inference.
      filename: 'file.js',
      code: 'function total() {\n  return 1;\n}\nexport async function f() {\n  return await total();\n}\n',
      errors: [{ line: 5, column: 10, fixes: { removeAwait: 'function total() {\n  return 1;\n}\nexport async function f() {\n  return total();\n}\n' } }],
    },
    {
      // Members without a declaration of their own: an index signature, a mapped type.
      code: 'declare const counts: Record<string, number>;\ndeclare const named: Record<"a", number>;\nexport async function f() {\n  await counts.x;\n  await named.a;\n}\n',
      errors: [
        { line: 4, column: 3, fixes: { removeAwait: 'declare const counts: Record<string, number>;\ndeclare const named: Record<"a", number>;\nexport async function f() {\n  counts.x;\n  await named.a;\n}\n' } },
        { line: 5, column: 3, fixes: { removeAwait: 'declare const counts: Record<string, number>;\ndeclare const named: Record<"a", number>;\nexport async function f() {\n  await counts.x;\n  named.a;\n}\n' } },
      ],
    },
    {
      // In an editor, what TypeScript does not report: files it does not check (JavaScript with checkJs
      // off, \`// @ts-nocheck\`), \`for await\`, Promise aggregators, \`await using\`.
      ...editor,
      filename: 'file.js',
      compilerOptions: { checkJs: false },
      code: 'function total() {\n  return 1;\n}\nexport async function f() {\n  return await total();\n}\n',
      errors: [{ line: 5, column: 10, fixes: { removeAwait: 'function total() {\n  return 1;\n}\nexport async function f() {\n  return total();\n}\n' } }],
    },
    {
      ...editor,
      code: `// @ts-nocheck\n${head}export async function f() {\n  return await total();\n}`,
      errors: [{ line: 5, column: 10, fixes: { removeAwait: `// @ts-nocheck\n${head}export async function f() {\n  return total();\n}` } }],
    },
    {
      ...editor,
      code: `${head}declare const values: number[];\nexport async function f() {\n  for await (const v of values) void v;\n  await Promise.all([total(), 1]);\n}`,
      errors: [
        { line: 5, column: 3, messageId: 'forAwaitValues', fixes: { removeAwait: `${head}declare const values: number[];\nexport async function f() {\n  for (const v of values) void v;\n  await Promise.all([total(), 1]);\n}` } },
        { line: 6, column: 22, messageId: 'aggregatorInput', fixes: {} },
        { line: 6, column: 31, messageId: 'aggregatorInput', fixes: {} },
      ],
    },
    {
      ...editor,
      code: 'declare function open(): Disposable;\nexport async function f() {\n  await using r = open();\n  void r;\n}',
      compilerOptions: disposableLibs,
      errors: [
        {
          line: 3,
          column: 19,
          messageId: 'awaitUsing',
          fixes: { removeAwait: 'declare function open(): Disposable;\nexport async function f() {\n  using r = open();\n  void r;\n}' },
        },
      ],
    },
    {
      // JavaScript with positive evidence: a sync method with a real body and no returned value, a
      // function value (a missing call), a library function declared in a .d.ts, an arrow's arithmetic.
      filename: 'file.js',
      code: jsEvidence,
      errors: [
        { line: 13, column: 3, messageId: 'await', fixes: { removeAwait: jsEvidence.replace('await channel', 'channel') } },
        { line: 14, column: 3, messageId: 'await', fixes: { removeAwait: jsEvidence.replace('await refresh', 'refresh') } },
        { line: 15, column: 3, messageId: 'await', fixes: { removeAwait: jsEvidence.replace('await JSON', 'JSON') } },
        { line: 16, column: 3, messageId: 'await', fixes: { removeAwait: jsEvidence.replace('await double', 'double') } },
      ],
    },
  ],
});
