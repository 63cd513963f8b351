import rule from '../../server/src/rules/misused-promise';
import { ruleTests } from '../helpers/ruleTester';

const save = 'declare function save(id?: number): Promise<void>;\n';
/** The body the "wrap in a void callback" fix writes, for a value whose line is indented by `indent`. */
const reported = (indent: string) => `.catch((error: unknown) => {\n${indent}    console.error(error);\n${indent}  })`;

/**
 * A handler registry compiled to JavaScript, with its declaration file: `register` stores the handler, and
 * `dispatch` (its body given) calls it. `field` is how the declaration file declares the handlers.
 */
const registryFiles = (dispatch: string, field = 'private handlers;', register = 'this.handlers[type] = handler;') => ({
  'registry.d.ts': `export declare class Registry {\n  ${field}\n  register(type: string, handler: (input: string) => void): void;\n  dispatch(type: string, input: string): Promise<void>;\n}\n`,
  'registry.js': `export class Registry {\n  handlers = {};\n  register(type, handler) {\n    ${register}\n  }\n  ${dispatch}\n}\n`,
});
const registryUse = `${save}import { Registry } from './registry';\nconst registry = new Registry();\nregistry.register('save', async (input) => {\n  await save(input.length);\n});\n`;
/** registryUse with the handler's promise handled inside the void callback (the offered fix). */
const registryHandled = `${save}import { Registry } from './registry';\nconst registry = new Registry();\nregistry.register('save', (input) => {\n  void (async () => {\n    await save(input.length);\n  })()${reported('')};\n});\n`;

/** A tracker compiled to JavaScript, with its declaration file; `mark` has the given body. */
const trackerFiles = (mark: string) => ({
  'tracker.d.ts': 'export declare class Tracker {\n  marked: boolean;\n  mark(): void;\n}\n',
  'tracker.js': `export class Tracker {\n  marked = false;\n  mark() {\n    ${mark}\n  }\n}\n`,
});
const trackerUse = `${save}import { Tracker } from './tracker';\nconst tracker = new Tracker();\nsetTimeout(async () => {\n  tracker.mark();\n  try {\n    await save();\n  } catch (error) {\n    console.error(error);\n  }\n}, 10);\n`;

ruleTests(rule, {
  valid: [
    // An async Promise executor is nested-run's finding; reporting it here too would be a double report.
    'export const ready = new Promise<void>(async (resolve) => {\n  await Promise.resolve();\n  resolve();\n});',
    `${save}export async function f(p: Promise<boolean>) {\n  if (await p) return;\n}`,
    // A union with undefined is a presence test.
    'declare const maybe: Promise<void> | undefined;\nif (maybe) {}\n',
    // The value of a logical expression outside a condition is not a test of its right operand.
    `${save}declare const cached: Promise<void> | undefined;\nexport const p = cached ?? save();`,
    `${save}export const p = Math.random() > 0.5 && save();`,
    // Callbacks that may return promises, and sync callbacks.
    `${save}declare function run(task: () => void | Promise<void>): void;\nrun(async () => save());`,
    `${save}[1, 2].forEach((id) => {\n  void save(id);\n});`,
    `${save}export const spread = { ...(await save().then(() => ({ a: 1 }))) };`,
    // Consts whose declaration shows they hold no promise (the checker is not asked; the answer must not change).
    `${save}export async function f(): Promise<void> {\n  const done = await save();\n  const [a, b] = await Promise.all([save(), save()]);\n  const count = [1].length;\n  if (done || a || b || count) return;\n}`,
    // An object literal with no contextual type (an unannotated const) has no void slot to fill.
    `${save}export const handlers = { onClick: async () => save(), onLoad: save };`,
    // A type parameter constrained to strings takes no function; a declared return type that is no function
    // has no void slot (both are settled before the values are typed).
    `${save}declare function send<M extends 'open' | 'close'>(method: M, done: () => Promise<void>): void;\nsend('open', async () => save());`,
    `${save}export async function load(): Promise<number> {\n  return (await save(), 1);\n}`,
    // Options turn single checks off.
    { code: `${save}[1].forEach(async () => {});`, options: { checksVoidReturn: false } },
    { code: `${save}[1].forEach(async () => {});`, options: { checksVoidReturn: { arguments: false } } },
    { code: `${save}if (save()) {}`, options: { checksConditionals: false } },
    { code: `${save}export const o = { ...save() };`, options: { checksSpreads: false } },
    // Without strictNullChecks, a mutable promise-typed field may be unset: testing it is a presence check.
    {
      code: 'export class Worker {\n  private closing: Promise<void>;\n  private async doClose(): Promise<void> {}\n  close(): Promise<void> {\n    if (!this.closing) this.closing = this.doClose();\n    return this.closing;\n  }\n}\n',
      compilerOptions: { strict: false },
    },
    // Removing a listener only compares it with the registered ones and never calls it (DOM and Node.js).
    `${save}const onResize = async (): Promise<void> => {\n  await save();\n};\nexport function stop(target: EventTarget): void {\n  target.removeEventListener('resize', onResize);\n}\n`,
    {
      code: `import { EventEmitter } from 'node:events';\n${save}const onData = async (): Promise<void> => {\n  await save();\n};\nexport function stop(emitter: EventEmitter): void {\n  emitter.off('data', onData);\n  emitter.removeListener('data', onData);\n  process.off('SIGINT', onData);\n}\n`,
      node: true,
    },
    // A callback whose body handles every error cannot reject: dropping its promise loses nothing.
    `${save}let retrying = false;\nlet stopped = false;\nexport function retryLater(): void {\n  setTimeout(async () => {\n    retrying = false;\n    if (stopped) return;\n    try {\n      await save();\n      retrying = true;\n    } catch (error) {\n      console.error('retry failed', error);\n      if (!stopped) retryLater();\n    }\n  }, 1000);\n}\n`,
    `${save}interface Source {\n  pull(): void;\n}\nexport const source: Source = {\n  async pull() {\n    let page;\n    try {\n      page = await save();\n      return;\n    } catch (error) {\n      console.warn(error);\n    } finally {\n      page = undefined;\n    }\n  },\n};\n`,
    // A finally that ends the process: whatever the awaited work does, no rejection surfaces.
    {
      code: `${save}async function drainAndExit(): Promise<void> {\n  try {\n    await save();\n  } finally {\n    process.exit(process.exitCode ?? 0);\n  }\n}\nprocess.on('SIGTERM', () => drainAndExit());\nprocess.on('SIGINT', async () => {\n  try {\n    await save();\n  } finally {\n    process.exit(1);\n  }\n});\n`,
      node: true,
    },
    // The same reading as floating-promise's: a method that records its state (a read of an enum member,
    // which cannot throw) before a `try` whose `finally` exits, given to a listener through an arrow.
    {
      code: `${save}enum Phase {\n  Running,\n  Stopping,\n}\nclass Runner {\n  phase = Phase.Running;\n  async stopAndExit(): Promise<void> {\n    this.phase = Phase.Stopping;\n    try {\n      await save();\n    } finally {\n      process.exit(process.exitCode || 0);\n    }\n  }\n}\nconst runner = new Runner();\nprocess.on('SIGTERM', () => runner.stopAndExit());\n`,
      node: true,
    },
    // Compiled code: the import resolves to the declaration file, the method is judged by its body in the
    // JavaScript beside it, whose `finally` ends the process.
    {
      node: true,
      files: {
        'shutdown.d.ts': 'export declare class Shutdown {\n  drain(): Promise<void>;\n  drainAndExit(): Promise<void>;\n}\n',
        'shutdown.js': 'export class Shutdown {\n  async drain() {}\n  async drainAndExit() {\n    try {\n      await this.drain();\n    } finally {\n      process.exit(0);\n    }\n  }\n}\n',
      },
      code: "import { Shutdown } from './shutdown';\nconst shutdown = new Shutdown();\nprocess.on('SIGTERM', () => shutdown.drainAndExit());\n",
    },
    // The callee only stores the handler in a private field, and every call of it returns the handler's
    // promise from an async method: the promise reaches that method's callers.
    { code: registryUse, files: registryFiles('async dispatch(type, input) {\n    return this.handlers[type]?.(input);\n  }') },
    { code: registryUse, files: registryFiles('async dispatch(type, input) {\n    await this.handlers[type](input);\n  }') },
    `${save}class Hooks {\n  #hooks: Record<string, (name: string) => void> = {};\n  on(name: string, hook: (name: string) => void): void {\n    this.#hooks[name] = hook;\n  }\n  async fire(name: string): Promise<void> {\n    return this.#hooks[name]?.(name);\n  }\n}\nexport const hooks = new Hooks();\nhooks.on('saved', async () => {\n  await save();\n});\n`,
    // A synchronous method declared in the project's declaration file is judged by its JavaScript body: it cannot throw.
    { code: trackerUse, files: trackerFiles('this.marked = true;'), node: true },
    // A JavaScript base method that only throws is abstract: an async override breaks no void contract.
    {
      code: `class Transport {\n  close() {\n    throw new Error('not implemented');\n  }\n}\nexport class Socket extends Transport {\n  async close() {\n    await Promise.resolve();\n  }\n}\n`,
      filename: 'file.js',
    },
  ],
  invalid: [
    // The same call, whose JavaScript body throws: the callback's promise may reject.
    {
      code: trackerUse,
      files: trackerFiles("throw new Error('not ready');"),
      node: true,
      errors: [
        {
          line: 4,
          column: 12,
          messageId: 'voidReturnArgument',
          fixes: {
            handleInVoidSlot: `${save}import { Tracker } from './tracker';\nconst tracker = new Tracker();\nsetTimeout(() => {\n  void (async () => {\n    tracker.mark();\n    try {\n      await save();\n    } catch (error) {\n      console.error(error);\n    }\n  })()${reported('')};\n}, 10);\n`,
          },
        },
      ],
    },
    // Stored, then called without handing the result back: the promise is dropped there.
    {
      code: registryUse,
      files: registryFiles('async dispatch(type, input) {\n    this.handlers[type]?.(input);\n  }'),
      errors: [{ line: 4, column: 27, messageId: 'voidReturnArgument', fixes: { handleInVoidSlot: registryHandled } }],
    },
    // Stored, and also given to other code that may call it and drop its promise.
    {
      code: registryUse,
      files: registryFiles('async dispatch(type, input) {\n    return this.handlers[type]?.(input);\n  }', 'private handlers;', 'this.handlers[type] = handler;\n    setTimeout(handler, 0);'),
      errors: [{ line: 4, column: 27, messageId: 'voidReturnArgument', fixes: { handleInVoidSlot: registryHandled } }],
    },
    // A public field: code outside the class may read the handler and call it without its promise.
    {
      code: `${registryUse}registry.handlers.save?.('x');\n`,
      files: registryFiles('async dispatch(type, input) {\n    return this.handlers[type]?.(input);\n  }', 'handlers: Record<string, (input: string) => void>;'),
      errors: [{ line: 4, column: 27, messageId: 'voidReturnArgument', fixes: { handleInVoidSlot: `${registryHandled}registry.handlers.save?.('x');\n` } }],
    },
    // A read of the field that is no call (here, the handlers handed out) is an escape.
    {
      code: registryUse,
      files: registryFiles('async dispatch(type, input) {\n    return this.handlers[type]?.(input);\n  }\n  list() {\n    return this.handlers;\n  }'),
      errors: [{ line: 4, column: 27, messageId: 'voidReturnArgument', fixes: { handleInVoidSlot: registryHandled } }],
    },
    {
      // The JavaScript beside the declaration file exits only after the awaited work: its rejection surfaces.
      node: true,
      files: {
        'shutdown.d.ts': 'export declare class Shutdown {\n  drain(): Promise<void>;\n  drainAndExit(): Promise<void>;\n}\n',
        'shutdown.js': 'export class Shutdown {\n  async drain() {}\n  async drainAndExit() {\n    await this.drain();\n    process.exit(0);\n  }\n}\n',
      },
      code: "import { Shutdown } from './shutdown';\nconst shutdown = new Shutdown();\nprocess.on('SIGTERM', () => shutdown.drainAndExit());\n",
      errors: [{ line: 3, column: 23, messageId: 'voidReturnArgument' }],
    },
    {
      // The implementation is matched by staticness too: the instance method declared is not the static one that exits.
      node: true,
      files: {
        'shutdown.d.ts': 'export declare class Shutdown {\n  drain(): Promise<void>;\n  drainAndExit(): Promise<void>;\n}\n',
        'shutdown.js':
          'export class Shutdown {\n  async drain() {}\n  static async drainAndExit() {\n    try {\n      await Promise.resolve();\n    } finally {\n      process.exit(0);\n    }\n  }\n  async drainAndExit() {\n    await this.drain();\n  }\n}\n',
      },
      code: "import { Shutdown } from './shutdown';\nconst shutdown = new Shutdown();\nprocess.on('SIGTERM', () => shutdown.drainAndExit());\n",
      errors: [{ line: 3, column: 23, messageId: 'voidReturnArgument' }],
    },
    {
      // An element of an awaited tuple can itself be a promise, and a const can hold one: both are still typed.
      code: `${save}declare function pair(): Promise<[Promise<boolean>, number]>;\nexport async function f(): Promise<void> {\n  const [inner] = await pair();\n  const pending = pair();\n  if (inner) return;\n  if (pending) return;\n}`,
      errors: [
        { line: 6, column: 7, messageId: 'conditional', fixes: { awaitCondition: `${save}declare function pair(): Promise<[Promise<boolean>, number]>;\nexport async function f(): Promise<void> {\n  const [inner] = await pair();\n  const pending = pair();\n  if (await inner) return;\n  if (pending) return;\n}` } },
        { line: 7, column: 7, messageId: 'conditional', fixes: { awaitCondition: `${save}declare function pair(): Promise<[Promise<boolean>, number]>;\nexport async function f(): Promise<void> {\n  const [inner] = await pair();\n  const pending = pair();\n  if (inner) return;\n  if (await pending) return;\n}` } },
      ],
    },
    {
      // `if (p)` in an async function: "await it" is offered (unsafe).
      code: `${save}export async function f(p: Promise<boolean>) {\n  if (p) return;\n}`,
      errors: [{ line: 3, column: 7, messageId: 'conditional', fixes: { awaitCondition: `${save}export async function f(p: Promise<boolean>) {\n  if (await p) return;\n}` } }],
    },
    {
      // A promise of void: `if (await this.closing)` would not compile (TS1345: void cannot be tested for
      // truthiness), in a test, a negation or a logical operand alike, so no await is offered.
      code: 'export class Queue {\n  closing: Promise<void> = Promise.resolve();\n  async a(): Promise<void> {\n    if (this.closing) return;\n  }\n  async b(): Promise<boolean> {\n    return !this.closing;\n  }\n  async c(): Promise<number> {\n    return this.closing && 1;\n  }\n}\n',
      errors: [
        { line: 4, column: 9, messageId: 'conditional', fixes: {} },
        { line: 7, column: 13, messageId: 'conditional', fixes: {} },
        { line: 10, column: 12, messageId: 'conditional', fixes: {} },
      ],
    },
    {
      // A promise that may hold void among other values: awaiting it compiles, so the fix stays.
      code: 'export async function f(p: Promise<string | void>) {\n  if (p) return;\n}\n',
      errors: [{ line: 2, column: 7, messageId: 'conditional', fixes: { awaitCondition: 'export async function f(p: Promise<string | void>) {\n  if (await p) return;\n}\n' } }],
    },
    {
      code: `${save}export function f(p: Promise<boolean>) {\n  return !p;\n}`,
      errors: [{ line: 3, column: 11, messageId: 'conditional', fixes: {} }],
    },
    {
      // Without strictNullChecks a constant is still reported: it cannot be unset.
      code: 'const ready = Promise.resolve();\nif (ready) {}\n',
      compilerOptions: { strict: false },
      errors: [{ line: 2, column: 5, messageId: 'conditional', fixes: {} }],
    },
    {
      code: 'export const kept = [1, 2].filter(async (n) => n > 1);\n',
      errors: [{ line: 1, column: 35, messageId: 'predicate', fixes: {} }],
    },
    {
      // A const holding a promise is still typed; one holding an awaited value is not (and is no promise).
      code: `${save}declare function load(): Promise<{ a: number }>;\nexport async function f(): Promise<object> {\n  const pending = load();\n  const loaded = await load();\n  return { ...loaded, ...pending, total: loaded.a + 1 };\n}\n`,
      errors: [{ line: 6, column: 26, messageId: 'spread', fixes: {} }],
    },
    {
      code: `${save}export const o = { ...save() };`,
      errors: [{ line: 2, column: 23, messageId: 'spread', fixes: {} }],
    },
    {
      // forEach(async ...) in an async function: a for...of loop, or Promise.all over map (both unsafe), or the wrap (safe).
      code: `${save}export async function all(ids: number[]) {\n  ids.forEach(async (id) => {\n    await save(id);\n  });\n}\n`,
      errors: [
        {
          line: 3,
          column: 15,
          messageId: 'voidReturnArgument',
          fixes: {
            forOfLoop: `${save}export async function all(ids: number[]) {\n  for (const id of ids) {\n    await save(id);\n  }\n}\n`,
            promiseAll: `${save}export async function all(ids: number[]) {\n  await Promise.all(ids.map(async (id) => {\n    await save(id);\n  }));\n}\n`,
            handleInVoidSlot: `${save}export async function all(ids: number[]) {\n  ids.forEach((id) => {\n    void (async () => {\n      await save(id);\n    })()${reported('  ')};\n  });\n}\n`,
          },
        },
      ],
    },
    {
      // An expression body becomes an awaited statement; a callback with a `return` keeps no for...of fix.
      code: `${save}export async function all(ids: number[]) {\n  ids.forEach(async (id) => save(id));\n  ids.forEach(async (id) => {\n    if (id) return;\n    await save(id);\n  });\n}\n`,
      errors: [
        {
          line: 3,
          column: 15,
          fixes: {
            forOfLoop: `${save}export async function all(ids: number[]) {\n  for (const id of ids) { await save(id); }\n  ids.forEach(async (id) => {\n    if (id) return;\n    await save(id);\n  });\n}\n`,
            promiseAll: `${save}export async function all(ids: number[]) {\n  await Promise.all(ids.map(async (id) => save(id)));\n  ids.forEach(async (id) => {\n    if (id) return;\n    await save(id);\n  });\n}\n`,
            handleInVoidSlot: `${save}export async function all(ids: number[]) {\n  ids.forEach((id) => {\n    void (async () => save(id))()${reported('  ')};\n  });\n  ids.forEach(async (id) => {\n    if (id) return;\n    await save(id);\n  });\n}\n`,
          },
        },
        {
          line: 4,
          column: 15,
          fixes: {
            promiseAll: `${save}export async function all(ids: number[]) {\n  ids.forEach(async (id) => save(id));\n  await Promise.all(ids.map(async (id) => {\n    if (id) return;\n    await save(id);\n  }));\n}\n`,
            handleInVoidSlot: `${save}export async function all(ids: number[]) {\n  ids.forEach(async (id) => save(id));\n  ids.forEach((id) => {\n    void (async () => {\n      if (id) return;\n      await save(id);\n    })()${reported('  ')};\n  });\n}\n`,
          },
        },
      ],
    },
    {
      // A method-name parameter (a type parameter constrained to strings) beside a void callback.
      code: `${save}declare function on<E extends 'open' | 'close'>(event: E, listener: () => void): void;\non('open', async () => save());\n`,
      errors: [
        {
          line: 3,
          column: 12,
          messageId: 'voidReturnArgument',
          fixes: {
            handleInVoidSlot: `${save}declare function on<E extends 'open' | 'close'>(event: E, listener: () => void): void;\non('open', () => {\n  void (async () => save())()${reported('')};\n});\n`,
          },
        },
      ],
    },
    {
      // An async event handler outside async code: only the safe wrap.
      code: `${save}declare const emitter: { on(event: string, listener: () => void): void };\nemitter.on('x', async () => {\n  await save();\n});\n`,
      errors: [
        {
          line: 3,
          column: 17,
          messageId: 'voidReturnArgument',
          fixes: {
            handleInVoidSlot: `${save}declare const emitter: { on(event: string, listener: () => void): void };\nemitter.on('x', () => {\n  void (async () => {\n    await save();\n  })()${reported('')};\n});\n`,
          },
        },
      ],
    },
    {
      // A named async handler passed by reference; a function expression keeps its own `this`.
      code: `${save}declare function onEvent(listener: (code: number) => void): void;\nconst handler = async (code: number): Promise<void> => save(code);\nonEvent(handler);\nonEvent(async function (this: unknown, code: number): Promise<void> {\n  await save(code);\n});\n`,
      errors: [
        {
          line: 4,
          column: 9,
          fixes: {
            handleInVoidSlot: `${save}declare function onEvent(listener: (code: number) => void): void;\nconst handler = async (code: number): Promise<void> => save(code);\nonEvent((...args) => {\n  void handler(...args)${reported('')};\n});\nonEvent(async function (this: unknown, code: number): Promise<void> {\n  await save(code);\n});\n`,
          },
        },
        {
          line: 5,
          column: 9,
          fixes: {
            handleInVoidSlot: `${save}declare function onEvent(listener: (code: number) => void): void;\nconst handler = async (code: number): Promise<void> => save(code);\nonEvent(handler);\nonEvent(function (this: unknown, code: number) {\n  void (async (): Promise<void> => {\n    await save(code);\n  })()${reported('')};\n});\n`,
          },
        },
      ],
    },
    {
      // JSX attributes.
      filename: 'file.tsx',
      code: `${save}declare global {\n  namespace JSX {\n    interface Element {}\n    interface IntrinsicElements {\n      button: { onClick?: () => void };\n    }\n  }\n}\nexport const b = <button onClick={async () => save()} />;\n`,
      errors: [
        {
          line: 10,
          column: 34,
          messageId: 'voidReturnAttribute',
          fixes: {
            handleInVoidSlot: `${save}declare global {\n  namespace JSX {\n    interface Element {}\n    interface IntrinsicElements {\n      button: { onClick?: () => void };\n    }\n  }\n}\nexport const b = <button onClick={() => {\n  void (async () => save())()${reported('')};\n}} />;\n`,
          },
        },
      ],
    },
    {
      // Properties, variables, returns and inherited methods.
      code: `${save}interface Hooks {\n  onDone: () => void;\n}\nexport const hooks: Hooks = {\n  onDone: async () => save(),\n};\n`,
      errors: [
        {
          line: 6,
          column: 11,
          messageId: 'voidReturnProperty',
          fixes: {
            handleInVoidSlot: `${save}interface Hooks {\n  onDone: () => void;\n}\nexport const hooks: Hooks = {\n  onDone: () => {\n    void (async () => save())()${reported('  ')};\n  },\n};\n`,
          },
        },
      ],
    },
    {
      code: `${save}export const callback: () => void = async () => save();\n`,
      errors: [
        {
          line: 2,
          column: 37,
          messageId: 'voidReturnVariable',
          fixes: { handleInVoidSlot: `${save}export const callback: () => void = () => {\n  void (async () => save())()${reported('')};\n};\n` },
        },
      ],
    },
    {
      code: `${save}export function make(): () => void {\n  return async () => save();\n}\n`,
      errors: [
        {
          line: 3,
          column: 10,
          messageId: 'voidReturnReturnValue',
          fixes: { handleInVoidSlot: `${save}export function make(): () => void {\n  return () => {\n    void (async () => save())()${reported('  ')};\n  };\n}\n` },
        },
      ],
    },
    {
      // The slot is what the async function's promise holds: a void function, named by an alias.
      code: `${save}type Handler = () => void;\nexport async function make(): Promise<Handler> {\n  return async () => save();\n}\n`,
      errors: [
        {
          line: 4,
          column: 10,
          messageId: 'voidReturnReturnValue',
          fixes: { handleInVoidSlot: `${save}type Handler = () => void;\nexport async function make(): Promise<Handler> {\n  return () => {\n    void (async () => save())()${reported('  ')};\n  };\n}\n` },
        },
      ],
    },
    {
      code: `${save}interface Store {\n  flush(): void;\n}\nexport class Disk implements Store {\n  async flush(): Promise<void> {\n    await save();\n  }\n}\n`,
      errors: [{ line: 6, column: 3, messageId: 'voidReturnInheritedMethod', fixes: {} }],
    },
    {
      // Per-site options leave the other sites on.
      code: `${save}export const callback: () => void = async () => save();\n[1].forEach(async () => save());\n`,
      options: { checksVoidReturn: { variables: false } },
      errors: [
        {
          line: 3,
          column: 13,
          messageId: 'voidReturnArgument',
          fixes: {
            handleInVoidSlot: `${save}export const callback: () => void = async () => save();\n[1].forEach(() => {\n  void (async () => save())()${reported('')};\n});\n`,
          },
        },
      ],
    },
    {
      // An `off` method of the project's own: nothing shows that it does not call the listener.
      code: `${save}declare class Bus {\n  off(name: string, listener: () => void): void;\n}\nasync function onData(): Promise<void> {\n  await save();\n}\nexport function stop(bus: Bus): void {\n  bus.off('data', onData);\n}\n`,
      errors: [{ line: 9, column: 19, messageId: 'voidReturnArgument', fixes: {} }],
    },
    {
      // Bodies that can still reject: a catch that rethrows or awaits, a promise returned from the try
      // (its rejection skips the catch), a call before the try, a finally that may throw.
      code: `${save}declare function later(task: () => void): void;\nasync function rethrows(): Promise<void> {\n  try {\n    await save();\n  } catch (error) {\n    console.error(error);\n    throw error;\n  }\n}\nasync function awaitsInCatch(): Promise<void> {\n  try {\n    await save();\n  } catch {\n    await save(0);\n  }\n}\nasync function returnsUnawaited(): Promise<void> {\n  try {\n    return save();\n  } catch {\n    console.error('never reached');\n  }\n}\nasync function callsFirst(): Promise<void> {\n  console.log('start');\n  try {\n    await save();\n  } catch {\n    console.error('failed');\n  }\n}\nconst host = {\n  exit(code: number): never {\n    throw new Error(String(code));\n  },\n};\nasync function throwsInFinally(): Promise<void> {\n  try {\n    await save();\n  } finally {\n    host.exit(1);\n  }\n}\nlater(rethrows);\nlater(awaitsInCatch);\nlater(returnsUnawaited);\nlater(callsFirst);\nlater(throwsInFinally);\nlater(() => rethrows());\n`,
      errors: [
        { line: 45, column: 7, messageId: 'voidReturnArgument', fixes: {} },
        { line: 46, column: 7, messageId: 'voidReturnArgument', fixes: {} },
        { line: 47, column: 7, messageId: 'voidReturnArgument', fixes: {} },
        { line: 48, column: 7, messageId: 'voidReturnArgument', fixes: {} },
        { line: 49, column: 7, messageId: 'voidReturnArgument', fixes: {} },
        { line: 50, column: 7, messageId: 'voidReturnArgument', fixes: {} },
      ],
    },
    {
      // A base method that declares `void`, or does something, is a contract an async override breaks.
      code: `${save}class Transport {\n  close(): void {\n    throw new Error('not implemented');\n  }\n  flush() {\n    console.log('flushed');\n  }\n}\nexport class Socket extends Transport {\n  async close(): Promise<void> {\n    await save();\n  }\n  async flush(): Promise<void> {\n    await save();\n  }\n}\n`,
      errors: [
        { line: 11, column: 3, messageId: 'voidReturnInheritedMethod', fixes: {} },
        { line: 14, column: 3, messageId: 'voidReturnInheritedMethod', fixes: {} },
      ],
    },
    {
      // Before the `try`, a call of code the program does not show may throw: the arrow's promise rejects.
      code: `${save}declare function announce(message: string): void;\nclass Runner {\n  async stopAndExit(): Promise<void> {\n    announce('stopping');\n    try {\n      await save();\n    } finally {\n      process.exit(0);\n    }\n  }\n}\nconst runner = new Runner();\nprocess.on('SIGTERM', () => runner.stopAndExit());\n`,
      node: true,
      errors: [{ line: 14, column: 23, messageId: 'voidReturnArgument', fixes: {} }],
    },
    {
      // A catch that destructures its error throws again when what was thrown is not an object, and a
      // destructured parameter throws inside the async function when the argument lacks the shape.
      code: `${save}declare function later(task: () => void): void;\nasync function describeFailure(): Promise<void> {\n  try {\n    await save();\n  } catch ({ message }: any) {\n    console.error(message);\n  }\n}\nlater(describeFailure);\nasync function onSaved({ id }: { id: number }): Promise<void> {\n  try {\n    await save(id);\n  } catch {\n    console.error('not saved');\n  }\n}\ndeclare function onEvent(listener: (event: { id: number }) => void): void;\nonEvent(onSaved);\n`,
      errors: [
        { line: 10, column: 7, messageId: 'voidReturnArgument', fixes: {} },
        { line: 19, column: 9, messageId: 'voidReturnArgument', fixes: {} },
      ],
    },
  ],
});

// The platform calls that cannot reject, as floating-promise knows them: a listener that only returns one
// drops nothing; a method of the project's own of the same name may reject.
ruleTests(rule, {
  valid: [
    {
      code: "import { Worker } from 'node:worker_threads';\nexport function watch(worker: Worker): void {\n  process.on('SIGTERM', () => worker.terminate());\n}\n",
      node: true,
    },
  ],
  invalid: [
    {
      code: "class Job {\n  async terminate(): Promise<void> {\n    throw new Error('still running');\n  }\n}\nexport function watch(job: Job): void {\n  process.on('SIGTERM', () => job.terminate());\n}\n",
      node: true,
      errors: [{ line: 7, column: 25, messageId: 'voidReturnArgument' }],
    },
  ],
});
