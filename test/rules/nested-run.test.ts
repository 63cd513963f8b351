import rule from '../../server/src/rules/nested-run';
import { ruleTests } from '../helpers/ruleTester';

const load = 'declare function load(): Promise<string>;\n';

/** deasync's and synckit's typings, as far as these tests need them. */
const bridgeTypes = {
  'node_modules/@types/deasync/package.json': '{ "name": "@types/deasync", "version": "0.1.5", "types": "index.d.ts" }',
  'node_modules/@types/deasync/index.d.ts':
    'declare function deasync<T>(fn: (...args: any[]) => void): (...args: any[]) => T;\ndeclare namespace deasync {\n  function loopWhile(condition: () => boolean): void;\n  function runLoopOnce(): void;\n  function sleep(ms: number): void;\n}\nexport = deasync;\n',
  'node_modules/synckit/package.json': '{ "name": "synckit", "version": "0.9.2", "types": "index.d.ts" }',
  'node_modules/synckit/index.d.ts': 'export declare function createSyncFn<T extends (...args: any[]) => any>(workerPath: string): (...args: Parameters<T>) => Awaited<ReturnType<T>>;\n',
};

ruleTests(rule, {
  valid: [
    // A plain executor, and an async function that awaits.
    `${load}export function read(): Promise<string> {\n  return new Promise((resolve, reject) => {\n    load().then(resolve, reject);\n  });\n}\n`,
    `${load}export async function read() {\n  return await load();\n}\n`,
    // An executor that awaits nothing and catches everything: nothing can escape it.
    `declare const socket: { once(event: string, cb: () => void): void; connect(): void };\nexport const ready = new Promise<void>(async (resolve, reject) => {\n  try {\n    socket.once('ready', resolve);\n    socket.connect();\n  } catch (error) {\n    reject(error);\n  }\n});\n`,
    // A catch that only logs keeps the error too (the promise waiting is that code's own choice).
    `${load}declare function log(e: unknown): void;\nexport const p = new Promise<string>(async (resolve) => {\n  try {\n    resolve(await load());\n  } catch (e) {\n    log(e);\n  }\n});\n`,
    // Awaits inside a catch or finally that an outer try covers.
    `${load}export const p = new Promise<string>(async (resolve, reject) => {\n  try {\n    try {\n      resolve(await load());\n    } catch {\n      resolve(await load());\n    } finally {\n      await load();\n    }\n  } catch (e) {\n    reject(e);\n  }\n});\n`,
    // Nothing awaited or thrown: a needless `async`, but no error has a way out.
    'export const tick = new Promise<void>(async (resolve) => {\n  setTimeout(resolve, 10);\n});\n',
    'export const tick = new Promise<void>(async (resolve) => resolve());\n',
    // Awaits that cannot reject: a plain value, a promise whose rejection is handled, allSettled, a timer.
    'export const p = new Promise<number>(async (resolve) => {\n  resolve(await 1);\n});\n',
    `${load}export const p = new Promise<string | void>(async (resolve, reject) => {\n  const a = await load().catch(reject);\n  const b = await load().then((t) => t, () => 'fallback');\n  await Promise.allSettled([load()]);\n  await new Promise((wake) => setTimeout(wake, 10));\n  resolve(a ?? b);\n});\n`,
    // A throw inside a callback belongs to that callback, not to the executor.
    `declare const emitter: { on(event: string, cb: (v: string) => void): void };\nexport const p = new Promise<string>(async (resolve) => {\n  emitter.on('data', (v) => {\n    if (!v) throw new Error('empty');\n    resolve(v);\n  });\n});\n`,
    // A user's own class named Promise.
    'class Promise<T> { constructor(run: (done: (value: T) => void) => void) {} }\nexport const p = new Promise<number>(async (done) => done(1));\n',
    // Child processes that are not node, and node run asynchronously.
    { node: true, code: "import { execSync, exec } from 'node:child_process';\nexport async function build() {\n  execSync('make');\n  exec('node build.js');\n}\n" },
    // Start-up code and plain sync functions may run node synchronously.
    { node: true, code: "import { execSync } from 'node:child_process';\nexecSync('node scripts/prepare.js');\nexport function prepare() {\n  execSync('npx tsc');\n}\n" },
    // A user's own execSync.
    { code: 'declare function execSync(command: string): string;\nexport async function run() {\n  return execSync("node x.js");\n}\n' },
    // deasync at start-up.
    { node: true, files: bridgeTypes, code: "import deasync = require('deasync');\nlet done = false;\nsetTimeout(() => { done = true; }, 10);\ndeasync.loopWhile(() => !done);\nexport {};\n" },
  ],
  invalid: [
    {
      // Every error caught and rejected: nothing is lost, and the message says so; the wrapper is
      // redundant, and the safe fix removes it (same result, same rejection).
      code: `${load}export function read(): Promise<string> {\n  return new Promise(async (resolve, reject) => {\n    try {\n      const text = await load();\n      resolve(text.trim());\n    } catch (error) {\n      reject(error);\n    }\n  });\n}\n`,
      errors: [
        {
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 27,
          messageId: 'redundantExecutor',
          fixes: {
            asyncFunctionBody: `${load}export function read(): Promise<string> {\n  return (async () => {\n    const text = await load();\n    return text.trim();\n  })();\n}\n`,
          },
        },
      ],
    },
    {
      // Explicit type argument, a function expression executor, resolve() with no value.
      code: `${load}export const done = new Promise<void>(async function (resolve, reject) {\n  try {\n    await load();\n    resolve();\n  } catch (e) {\n    reject(e);\n  }\n});\n`,
      errors: [
        {
          line: 2,
          column: 39,
          messageId: 'redundantExecutor',
          fixes: {
            asyncFunctionBody: `${load}export const done = (async function (): Promise<void> {\n  await load();\n})();\n`,
          },
        },
      ],
    },
    {
      // An await outside any try: its rejection is lost. The fix turns the executor into an async
      // function, which rejects instead (unsafe: a change of behaviour, the bug fixed).
      code: `${load}export function read() {\n  return new Promise<string>(async (resolve) => {\n    const text = await load();\n    resolve(text);\n  });\n}\n`,
      errors: [
        {
          line: 3,
          column: 30,
          endLine: 3,
          endColumn: 35,
          messageId: 'asyncExecutor',
          fixes: {
            asyncFunctionBodyUnsafe: `${load}export function read() {\n  return (async (): Promise<string> => {\n    const text = await load();\n    return text;\n  })();\n}\n`,
          },
        },
      ],
    },
    {
      // A try/catch around the first await only: the second one is outside it.
      code: `${load}export function read(): Promise<string> {\n  return new Promise(async (resolve, reject) => {\n    try {\n      await load();\n    } catch (error) {\n      reject(error);\n      return;\n    }\n    resolve(await load());\n  });\n}\n`,
      errors: [{ line: 3, column: 22, messageId: 'asyncExecutor', fixes: {} }],
    },
    {
      // A try with only a finally catches nothing.
      code: `${load}declare function release(): void;\nexport const p = new Promise<string>(async (resolve) => {\n  try {\n    resolve(await load());\n  } finally {\n    release();\n  }\n});\n`,
      errors: [{ line: 3, column: 38, messageId: 'asyncExecutor', fixes: {} }],
    },
    {
      // Throws: after an await, before any await, and a rethrow from a catch.
      code: `${load}declare function log(e: unknown): void;\nexport function f(flag: boolean) {\n  const a = new Promise<string>(async (resolve, reject) => {\n    try {\n      const text = await load();\n      if (!text) throw new Error('empty');\n      resolve(text);\n    } catch (e) {\n      log(e);\n      throw e;\n    }\n  });\n  const b = new Promise<void>(async (resolve) => {\n    if (flag) throw new Error('no');\n    setTimeout(resolve, 10);\n  });\n  return [a, b];\n}\n`,
      errors: [
        { line: 4, column: 33, messageId: 'asyncExecutorThrow', fixes: {} },
        { line: 14, column: 31, messageId: 'asyncExecutorThrow', fixes: {} },
      ],
    },
    {
      // A for await, a returned promise, an await in an expression body.
      code: `${load}declare const lines: AsyncIterable<string>;\nexport const a = new Promise<string[]>(async (resolve) => {\n  const all: string[] = [];\n  for await (const line of lines) all.push(line);\n  resolve(all);\n});\nexport const b = new Promise<string>(async () => {\n  return load();\n});\nexport const c = new Promise<string>(async (resolve) => resolve(await load()));\n`,
      errors: [
        {
          line: 3,
          column: 40,
          messageId: 'asyncExecutor',
          fixes: {
            asyncFunctionBodyUnsafe: `${load}declare const lines: AsyncIterable<string>;\nexport const a = (async (): Promise<string[]> => {\n  const all: string[] = [];\n  for await (const line of lines) all.push(line);\n  return all;\n})();\nexport const b = new Promise<string>(async () => {\n  return load();\n});\nexport const c = new Promise<string>(async (resolve) => resolve(await load()));\n`,
          },
        },
        { line: 8, column: 38, messageId: 'asyncExecutor', fixes: {} },
        { line: 11, column: 38, messageId: 'asyncExecutor', fixes: {} },
      ],
    },
    {
      // Shapes the fix does not take: resolve passed on, an early return, reject used elsewhere.
      code: `${load}declare const emitter: { on(event: string, cb: () => void): void };\nexport function f(flag: boolean) {\n  const a = new Promise<void>(async (resolve) => {\n    await load();\n    emitter.on('done', resolve);\n  });\n  const b = new Promise<string>(async (resolve) => {\n    if (flag) return;\n    resolve(await load());\n  });\n  const c = new Promise<string>(async (resolve, reject) => {\n    if (flag) reject(new Error('no'));\n    resolve(await load());\n  });\n  return [a, b, c];\n}\n`,
      errors: [
        { line: 4, column: 31, fixes: {} },
        { line: 8, column: 33, fixes: {} },
        { line: 12, column: 33, fixes: {} },
      ],
    },
    // A module's member under another name than execSync's: re-exported, or a const holding it.
    ...[
      "export { execSync as runTool } from 'node:child_process';\n",
      "import * as cp from 'node:child_process';\nexport const runTool = cp.execSync;\n",
    ].map((tools) => ({
      node: true,
      files: { 'tools.ts': tools },
      code: "import * as tools from './tools';\nexport async function build() {\n  tools.runTool('node build.js');\n}\n",
      errors: [
        {
          line: 3,
          column: 3,
          messageId: 'syncNodeRun' as const,
          fixes: {
            useAsyncApi: "import * as tools from './tools';\nimport { exec } from 'node:child_process';\nimport { promisify } from 'node:util';\nexport async function build() {\n  await promisify(exec)('node build.js');\n}\n",
          },
        },
      ],
    })),
    {
      // execSync of node inside async code: the awaited exec.
      node: true,
      code: "import { execSync } from 'node:child_process';\n\nexport async function build() {\n  execSync('node scripts/build.js --prod');\n}\n",
      errors: [
        {
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 43,
          messageId: 'syncNodeRun',
          fixes: {
            useAsyncApi:
              "import { exec } from 'node:child_process';\nimport { promisify } from 'node:util';\n\nexport async function build() {\n  await promisify(exec)('node scripts/build.js --prod');\n}\n",
          },
        },
      ],
    },
    {
      // process.execPath, npx, tsx; spawnSync has no drop-in awaited form.
      node: true,
      code:
        "import * as cp from 'node:child_process';\n\nexport async function run(script: string) {\n  const out = cp.execFileSync(process.execPath, [script], { encoding: 'utf8' });\n  cp.execSync(`npx tsc -p ${script}`);\n  cp.spawnSync('tsx', [script], { stdio: 'inherit' });\n  cp.execSync(process.execPath + ' ' + script);\n  return out;\n}\n",
      errors: [
        {
          line: 4,
          column: 15,
          fixes: {
            useAsyncApi:
              "import * as cp from 'node:child_process';\nimport { promisify } from 'node:util';\n\nexport async function run(script: string) {\n  const out = (await promisify(cp.execFile)(process.execPath, [script], { encoding: 'utf8' })).stdout;\n  cp.execSync(`npx tsc -p ${script}`);\n  cp.spawnSync('tsx', [script], { stdio: 'inherit' });\n  cp.execSync(process.execPath + ' ' + script);\n  return out;\n}\n",
          },
        },
        {
          line: 5,
          column: 3,
          fixes: {
            useAsyncApi:
              "import * as cp from 'node:child_process';\nimport { promisify } from 'node:util';\n\nexport async function run(script: string) {\n  const out = cp.execFileSync(process.execPath, [script], { encoding: 'utf8' });\n  await promisify(cp.exec)(`npx tsc -p ${script}`);\n  cp.spawnSync('tsx', [script], { stdio: 'inherit' });\n  cp.execSync(process.execPath + ' ' + script);\n  return out;\n}\n",
          },
        },
        { line: 6, column: 3, fixes: {} },
        {
          line: 7,
          column: 3,
          fixes: {
            useAsyncApi:
              "import * as cp from 'node:child_process';\nimport { promisify } from 'node:util';\n\nexport async function run(script: string) {\n  const out = cp.execFileSync(process.execPath, [script], { encoding: 'utf8' });\n  cp.execSync(`npx tsc -p ${script}`);\n  cp.spawnSync('tsx', [script], { stdio: 'inherit' });\n  await promisify(cp.exec)(process.execPath + ' ' + script);\n  return out;\n}\n",
          },
        },
      ],
    },
    {
      // One level further: a same-file helper that runs node synchronously.
      node: true,
      code: "import { execFileSync } from 'node:child_process';\n\nfunction migrate() {\n  execFileSync('node', ['migrate.js']);\n}\n\nexport async function start() {\n  migrate();\n}\n",
      errors: [{ line: 8, column: 3, messageId: 'syncNodeRunInHelper', fixes: {} }],
    },
    {
      // deasync and synckit called from async code.
      node: true,
      files: bridgeTypes,
      code:
        "import deasync = require('deasync');\nimport { createSyncFn } from 'synckit';\n\nconst format = createSyncFn<(code: string) => Promise<string>>('./worker.js');\nconst readSync = deasync<string>((cb: (err: unknown, v: string) => void) => cb(null, 'x'));\n\nexport async function handle(code: string) {\n  let done = false;\n  setTimeout(() => { done = true; }, 10);\n  deasync.loopWhile(() => !done);\n  return format(code) + readSync();\n}\n",
      errors: [
        { line: 10, column: 3, messageId: 'syncBridge' },
        { line: 11, column: 10, messageId: 'syncBridge' },
        { line: 11, column: 25, messageId: 'syncBridge' },
      ],
    },
    {
      // Untyped JavaScript: deasync is still known by its require.
      filename: 'file.js',
      code: "const deasync = require('deasync');\n\nasync function wait() {\n  deasync.sleep(100);\n}\nmodule.exports = { wait };\n",
      errors: [{ line: 4, column: 3, messageId: 'syncBridge' }],
    },
  ],
});
