import rule from '../../server/src/rules/blocking-call';
import { ruleTests } from '../helpers/ruleTester';

/** @types/fs-extra and @types/graceful-fs, as far as these tests need them: fs re-exported, plus fs-extra's own. */
const fsExtraTypes = {
  'node_modules/@types/fs-extra/package.json': '{ "name": "@types/fs-extra", "version": "11.0.4", "types": "index.d.ts" }',
  'node_modules/@types/fs-extra/index.d.ts':
    '/// <reference types="node" />\nexport * from "fs";\nexport function copySync(src: string, dest: string): void;\nexport function readJsonSync(file: string): any;\nexport function readJson(file: string): Promise<any>;\n',
  'node_modules/@types/graceful-fs/package.json': '{ "name": "@types/graceful-fs", "version": "4.1.9", "types": "index.d.ts" }',
  'node_modules/@types/graceful-fs/index.d.ts': '/// <reference types="node" />\nexport * from "fs";\nexport function gracefulify(fs: object): void;\n',
};

ruleTests(rule, {
  valid: [
    // Start-up code: module top level, and plain sync functions.
    { node: true, code: "import { readFileSync } from 'node:fs';\nexport const config = JSON.parse(readFileSync('config.json', 'utf8'));\n" },
    { node: true, code: "import * as fs from 'node:fs';\nexport function loadSync(): string {\n  return fs.readFileSync('x', 'utf8');\n}\n" },
    // A sync function called only from sync code.
    { node: true, code: "import * as fs from 'node:fs';\nfunction load() { return fs.readFileSync('x', 'utf8'); }\nexport function main() { return load(); }\n" },
    // A user's own *Sync method is not a Node API.
    {
      node: true,
      code: 'class Store { loadSync(): string { return ""; } }\nexport async function run(store: Store) {\n  return store.loadSync();\n}\n',
    },
    { code: 'declare function readFileSync(p: string): string;\nexport async function run() {\n  return readFileSync("x");\n}\n' },
    // Method calls that name no blocking function are ruled out before resolving; these still resolve to the user's own code.
    { node: true, code: 'class Cache {\n  readFileSync(key: string): string { return key; }\n}\nexport async function run(cache: Cache) {\n  return cache.readFileSync("x");\n}\n' },
    {
      node: true,
      files: { 'util.ts': 'function readIt(): string { return ""; }\nexport { readIt as readSync };\n' },
      code: "import * as util from './util';\nexport async function run() {\n  return util.readSync();\n}\n",
    },
    // The async APIs.
    { node: true, code: "import * as fs from 'node:fs';\nexport async function run() {\n  return fs.promises.readFile('x', 'utf8');\n}\n" },
    { node: true, code: "import { readFile } from 'node:fs/promises';\nexport async function run() {\n  return await readFile('x', 'utf8');\n}\n" },
    // Timers that do not spin: a polling loop that awaits, a plain deadline check.
    {
      node: true,
      code:
        "import { setTimeout as sleep } from 'node:timers/promises';\nexport async function waitFor(check: () => Promise<boolean>, deadline: number) {\n  while (Date.now() < deadline) {\n    if (await check()) return true;\n    await sleep(100);\n  }\n  return false;\n}\n",
    },
    { node: true, code: 'export async function expired(deadline: number) {\n  if (Date.now() > deadline) throw new Error("late");\n}\n' },
    { node: true, code: 'export async function count(items: number[]) {\n  let n = 0;\n  for (let i = 0; i < items.length; i++) n += items[i];\n  return n;\n}\n' },
    // A callback that runs later (not at once) is plain sync code.
    {
      node: true,
      code: "import * as fs from 'node:fs';\nexport async function run() {\n  setTimeout(() => fs.readFileSync('x'), 10);\n}\n",
    },
    // A sync generator's body runs when iterated.
    { node: true, code: "import * as fs from 'node:fs';\nexport async function run() {\n  function* lines() { yield fs.readFileSync('x', 'utf8'); }\n  return lines;\n}\n" },
    // A class field initializer inside async code runs at construction.
    { node: true, code: "import * as fs from 'node:fs';\nexport async function run() {\n  class Cache { data = fs.readFileSync('x'); }\n  return Cache;\n}\n" },
    // Cheap crypto is not reported.
    { node: true, code: "import { createHash, randomBytes } from 'node:crypto';\nexport async function id(s: string) {\n  return createHash('sha256').update(s).digest('hex') + randomBytes(4).toString('hex');\n}\n" },
    // Options: allow.
    { node: true, code: "import { existsSync } from 'node:fs';\nexport async function run() {\n  return existsSync('x');\n}\n", options: { allow: ['existsSync'] } },
    { node: true, code: "import * as fs from 'node:fs';\nexport async function run() {\n  return fs.statSync('x');\n}\n", options: { allow: ['fs:*'] } },
    {
      node: true,
      code: 'export async function run(end: number) {\n  while (Date.now() < end) {}\n}\n',
      options: { allow: ['busy-wait'] },
    },
    // Chains: a callback a helper stores or runs later is not the helper's own code.
    {
      node: true,
      code: "import * as fs from 'node:fs';\nfunction later() {\n  setTimeout(() => fs.readFileSync('x'), 10);\n}\nexport async function run() {\n  later();\n}\n",
    },
    {
      node: true,
      code: "import * as fs from 'node:fs';\nfunction each(run: () => void) {\n  run();\n}\nexport async function main() {\n  each(() => fs.readFileSync('x'));\n}\n",
    },
    // A `then` method of a class of one's own is not a promise's: its callback is plain sync code.
    {
      node: true,
      code: "import * as fs from 'node:fs';\nclass Later {\n  then(callback: () => void) { setTimeout(callback, 10); }\n}\nexport function run(later: Later) {\n  later.then(() => fs.readFileSync('x'));\n}\n",
    },
    // A cached read marked fine: by {from, name} and by name.
    {
      node: true,
      files: {
        'cache.ts':
          "import * as fs from 'node:fs';\nconst cache = new Map<string, string>();\nexport function readCached(file: string): string {\n  let text = cache.get(file);\n  if (text === undefined) cache.set(file, (text = fs.readFileSync(file, 'utf8')));\n  return text;\n}\nexport function page(): string {\n  return readCached('page.html');\n}\n",
      },
      code: "import { page, readCached } from './cache';\nexport async function serve() {\n  return readCached('index.html') + page();\n}\n",
      options: { allow: [{ from: 'file', path: 'cache.ts', name: 'readCached' }] },
    },
    {
      node: true,
      files: { 'cache.ts': "import * as fs from 'node:fs';\nexport class Templates {\n  load(name: string): string {\n    return fs.readFileSync(name, 'utf8');\n  }\n}\n" },
      code: "import { Templates } from './cache';\nexport async function serve(templates: Templates) {\n  return templates.load('index.html');\n}\n",
      options: { allow: ['Templates.load'] },
    },
    // Mutual recursion that never blocks: no hang, no report.
    {
      code: 'function even(n: number): boolean {\n  return n === 0 ? true : odd(n - 1);\n}\nfunction odd(n: number): boolean {\n  return n === 0 ? false : even(n - 1);\n}\nexport async function parity(n: number) {\n  return even(n);\n}\n',
    },
  ],
  invalid: [
    {
      // A helper in another file.
      node: true,
      files: { 'config.ts': "import { readFileSync } from 'node:fs';\n\nexport function loadConfig(): unknown {\n  return JSON.parse(readFileSync('config.json', 'utf8'));\n}\n" },
      code: "import { loadConfig } from './config';\n\nexport async function start() {\n  return loadConfig();\n}\n",
      errors: [
        {
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 22,
          messageId: 'blockingInHelper',
          messageIncludes: '`loadConfig()` blocks the event loop inside async code: it calls `readFileSync` (config.ts:4)',
          related: ['file.ts:4:10 loadConfig()', 'config.ts:4:21 readFileSync'],
          fixes: {},
        },
      ],
    },
    {
      // A static wrapper of another file named like the Node API it wraps, called from an async method.
      node: true,
      files: {
        'platform.ts': "import * as fs from 'node:fs';\n\nexport class PlatformTools {\n  static readFileSync(file: string): Buffer {\n    return fs.readFileSync(file);\n  }\n}\n",
      },
      code: "import { PlatformTools } from './platform';\n\nexport class Loader {\n  async load(file: string) {\n    return PlatformTools.readFileSync(file).toString();\n  }\n}\n",
      errors: [{ line: 5, column: 12, endColumn: 44, messageId: 'blockingInHelper', related: ['file.ts:5:12 PlatformTools.readFileSync()', 'platform.ts:5:12 fs.readFileSync'] }],
    },
    {
      // Two and three calls deep, across files.
      node: true,
      files: {
        'fsx.ts': "import * as fs from 'node:fs';\n\nexport function readText(file: string): string {\n  return fs.readFileSync(file, 'utf8');\n}\n",
        'json.ts':
          "import { readText } from './fsx';\n\nexport function readJson(file: string): unknown {\n  return JSON.parse(readText(file));\n}\n\nexport function readManifest(): unknown {\n  return readJson('package.json');\n}\n",
      },
      code: "import { readJson, readManifest } from './json';\n\nexport async function load() {\n  const a = readJson('a.json');\n  const b = readManifest();\n  return [a, b];\n}\n",
      errors: [
        {
          line: 4,
          column: 13,
          messageIncludes: 'through `readText()`, it calls `fs.readFileSync` (fsx.ts:4)',
          related: ['file.ts:4:13 readJson()', 'json.ts:4:21 readText()', 'fsx.ts:4:10 fs.readFileSync'],
        },
        {
          line: 5,
          column: 13,
          messageIncludes: 'through `readJson()`, `readText()`, it calls `fs.readFileSync`',
          related: ['file.ts:5:13 readManifest()', 'json.ts:8:10 readJson()', 'json.ts:4:21 readText()', 'fsx.ts:4:10 fs.readFileSync'],
        },
      ],
    },
    {
      // A getter, and a constructor.
      node: true,
      code:
        "import { readFileSync } from 'node:fs';\n\nclass Settings {\n  readonly text: string;\n  constructor() {\n    this.text = readFileSync('settings.json', 'utf8');\n  }\n  get raw(): string {\n    return readFileSync('raw.json', 'utf8');\n  }\n}\n\nexport async function show(settings: Settings) {\n  return [settings.raw.length, new Settings()];\n}\n",
      errors: [
        { line: 14, column: 11, endColumn: 23, messageId: 'blockingInHelper', related: ['file.ts:14:11 settings.raw', 'file.ts:9:12 readFileSync'] },
        { line: 14, column: 32, endColumn: 46, messageId: 'blockingInHelper', related: ['file.ts:14:32 new Settings()', 'file.ts:6:17 readFileSync'] },
      ],
    },
    {
      // A re-export of a default export.
      node: true,
      files: {
        'impl.ts': "import { execSync } from 'node:child_process';\n\nexport default function gitHead(): string {\n  return execSync('git rev-parse HEAD').toString().trim();\n}\n",
        'index.ts': "export { default as gitHead } from './impl';\n",
      },
      code: "import { gitHead } from './index';\n\nexport async function version() {\n  return `v-${gitHead()}`;\n}\n",
      errors: [{ line: 4, column: 15, messageId: 'blockingInHelper', related: ['file.ts:4:15 gitHead()', 'impl.ts:4:10 execSync'] }],
    },
    {
      // A class method through `this`, two calls deep.
      node: true,
      code:
        "import * as fs from 'node:fs';\n\nexport class Repo {\n  private path(): string {\n    return this.read('path.txt');\n  }\n  private read(file: string): string {\n    return fs.readFileSync(file, 'utf8');\n  }\n  async load() {\n    return this.path();\n  }\n}\n",
      errors: [{ line: 11, column: 12, messageId: 'blockingInHelper', related: ['file.ts:11:12 this.path()', 'file.ts:5:12 this.read()', 'file.ts:8:12 fs.readFileSync'] }],
    },
    {
      // A promise's .then and .catch callbacks run on the event loop: directly, and through a helper.
      node: true,
      code:
        "import { execSync } from 'node:child_process';\n\nfunction globalRoot(): string {\n  return execSync('pnpm root -g').toString();\n}\n\nexport function find(ready: Promise<void>) {\n  return ready.then(() => globalRoot()).catch(() => execSync('npm root -g'));\n}\n",
      errors: [
        { line: 8, column: 27, messageId: 'blockingInHelper', related: ['file.ts:8:27 globalRoot()', 'file.ts:4:10 execSync'], fixes: {} },
        { line: 8, column: 53, messageId: 'blocking', fixes: {} },
      ],
    },
    {
      // Recursion: no hang; a chain through a cycle is reported once per call.
      node: true,
      code:
        "import * as fs from 'node:fs';\n\nfunction walk(dir: string): string[] {\n  return fs.readdirSync(dir).flatMap((name) => (name.endsWith('/') ? walk(dir + name) : [name]));\n}\nfunction down(n: number): void {\n  if (n > 0) up(n - 1);\n}\nfunction up(n: number): void {\n  down(n);\n  fs.statSync('x');\n}\n\nexport async function list() {\n  down(3);\n  up(2);\n  return walk('.');\n}\n",
      errors: [
        { line: 15, column: 3, messageIncludes: '`down()` may block', related: ['file.ts:15:3 down()', 'file.ts:7:14 up()', 'file.ts:11:3 fs.statSync'] },
        { line: 16, column: 3, messageIncludes: '`up()` blocks', related: ['file.ts:16:3 up()', 'file.ts:11:3 fs.statSync'] },
        { line: 17, column: 10, related: ['file.ts:17:10 walk()', 'file.ts:4:10 fs.readdirSync'] },
      ],
    },
    {
      // A helper that blocks only in a branch: "may".
      node: true,
      code:
        "import * as fs from 'node:fs';\n\nfunction loadOnce(file: string, cache: Map<string, string>): string {\n  const hit = cache.get(file);\n  if (hit !== undefined) return hit;\n  const text = fs.readFileSync(file, 'utf8');\n  cache.set(file, text);\n  return text;\n}\n\nexport async function serve(cache: Map<string, string>) {\n  return loadOnce('index.html', cache);\n}\n",
      errors: [
        {
          line: 12,
          column: 10,
          messageIncludes: '`loadOnce()` may block the event loop inside async code: on some paths it calls `fs.readFileSync` (line 6)',
          related: ['file.ts:12:10 loadOnce()', 'file.ts:6:16 fs.readFileSync'],
          // One hop in this file, and the only use of the helper: the fix makes it async.
          fixes: {
            useAsyncApi:
              "import * as fs from 'node:fs';\n\nasync function loadOnce(file: string, cache: Map<string, string>): Promise<string> {\n  const hit = cache.get(file);\n  if (hit !== undefined) return hit;\n  const text = await fs.promises.readFile(file, 'utf8');\n  cache.set(file, text);\n  return text;\n}\n\nexport async function serve(cache: Map<string, string>) {\n  return await loadOnce('index.html', cache);\n}\n",
          },
        },
      ],
    },
    {
      // blockingCalls: functions of one's own (or of a package) that block, directly and through a helper.
      node: true,
      files: { 'db.ts': 'export class Db {\n  query(sql: string): unknown[] {\n    return [sql];\n  }\n}\nexport function count(db: Db): number {\n  return db.query("select count(*)").length;\n}\n' },
      code: "import { count, Db } from './db';\nexport async function report(db: Db) {\n  return [db.query('select 1'), count(db)];\n}\n",
      options: { blockingCalls: [{ from: 'file', path: 'db.ts', name: 'Db.query' }] },
      errors: [
        { line: 3, column: 11, messageId: 'blocking', fixes: {} },
        { line: 3, column: 33, messageId: 'blockingInHelper', related: ['file.ts:3:33 count()', 'db.ts:7:10 db.query'] },
      ],
    },
    {
      // The namespace form: fs.promises needs no import.
      node: true,
      code: "import * as fs from 'node:fs';\n\nexport async function loadConfig(path: string) {\n  return JSON.parse(fs.readFileSync(path, 'utf8'));\n}\n",
      errors: [
        {
          line: 4,
          column: 21,
          endLine: 4,
          endColumn: 50,
          messageId: 'blocking',
          fixes: {
            useAsyncApi: "import * as fs from 'node:fs';\n\nexport async function loadConfig(path: string) {\n  return JSON.parse(await fs.promises.readFile(path, 'utf8'));\n}\n",
          },
        },
      ],
    },
    {
      // A named import used once: it is replaced by the import from node:fs/promises.
      node: true,
      code: "import { readFileSync } from 'node:fs';\n\nexport async function loadConfig(path: string) {\n  return JSON.parse(readFileSync(path, 'utf8'));\n}\n",
      errors: [
        {
          line: 4,
          column: 21,
          fixes: {
            useAsyncApi: "import { readFile } from 'node:fs/promises';\n\nexport async function loadConfig(path: string) {\n  return JSON.parse(await readFile(path, 'utf8'));\n}\n",
          },
        },
      ],
    },
    {
      // Still used elsewhere: the sync import stays, the new one is merged into the existing fs/promises import.
      node: true,
      code:
        "import { readFileSync, writeFileSync } from 'fs';\nimport { mkdir } from 'fs/promises';\n\nexport async function save(path: string) {\n  await mkdir('out');\n  writeFileSync(path, readFileSync(path));\n}\n\nexport function copy(a: string) {\n  writeFileSync(a, 'x');\n}\n",
      errors: [
        {
          line: 6,
          column: 3,
          fixes: {
            useAsyncApi:
              "import { readFileSync, writeFileSync } from 'fs';\nimport { mkdir, writeFile } from 'fs/promises';\n\nexport async function save(path: string) {\n  await mkdir('out');\n  await writeFile(path, readFileSync(path));\n}\n\nexport function copy(a: string) {\n  writeFileSync(a, 'x');\n}\n",
          },
        },
        {
          line: 6,
          column: 23,
          fixes: {
            useAsyncApi:
              "import { writeFileSync } from 'fs';\nimport { mkdir, readFile } from 'fs/promises';\n\nexport async function save(path: string) {\n  await mkdir('out');\n  writeFileSync(path, await readFile(path));\n}\n\nexport function copy(a: string) {\n  writeFileSync(a, 'x');\n}\n",
          },
        },
      ],
    },
    {
      // existsSync becomes an access check; a method call on the result gets parentheses.
      node: true,
      code: "import fs from 'node:fs';\n\nexport async function ready(path: string) {\n  if (!fs.existsSync(path)) return 'missing';\n  return fs.statSync(path).size.toString();\n}\n",
      compilerOptions: { esModuleInterop: true },
      errors: [
        {
          line: 4,
          column: 8,
          fixes: {
            useAsyncApi:
              "import fs from 'node:fs';\n\nexport async function ready(path: string) {\n  if (!await fs.promises.access(path).then(() => true, () => false)) return 'missing';\n  return fs.statSync(path).size.toString();\n}\n",
          },
        },
        {
          line: 5,
          column: 10,
          fixes: {
            useAsyncApi:
              "import fs from 'node:fs';\n\nexport async function ready(path: string) {\n  if (!fs.existsSync(path)) return 'missing';\n  return (await fs.promises.stat(path)).size.toString();\n}\n",
          },
        },
      ],
    },
    {
      // A name already taken in the file gets an alias.
      node: true,
      code:
        "import { readFile, readFileSync } from 'node:fs';\n\nexport function legacy(cb: () => void) {\n  readFile('a', cb);\n}\n\nexport async function run() {\n  return readFileSync('b', 'utf8');\n}\n",
      errors: [
        {
          line: 8,
          column: 10,
          fixes: {
            useAsyncApi:
              "import { readFile } from 'node:fs';\nimport { readFile as readFileAsync } from 'node:fs/promises';\n\nexport function legacy(cb: () => void) {\n  readFile('a', cb);\n}\n\nexport async function run() {\n  return await readFileAsync('b', 'utf8');\n}\n",
          },
        },
      ],
    },
    {
      // Arguments the promise version does not take (a file descriptor, throwIfNoEntry): reported, no fix.
      node: true,
      code: "import * as fs from 'node:fs';\n\nexport async function run(fd: number) {\n  fs.readFileSync(fd);\n  return fs.statSync('x', { throwIfNoEntry: false });\n}\n",
      errors: [
        { line: 4, column: 3, fixes: {} },
        { line: 5, column: 10, fixes: {} },
      ],
    },
    {
      // Functions without a drop-in promise version: reported with the worker advice.
      node: true,
      code: "import { gzipSync } from 'node:zlib';\nimport { openSync } from 'node:fs';\n\nexport async function pack(data: Buffer) {\n  openSync('x', 'r');\n  return gzipSync(data);\n}\n",
      errors: [
        { line: 5, column: 3, messageId: 'blocking', fixes: {} },
        { line: 6, column: 10, messageId: 'blocking', fixes: {} },
      ],
    },
    {
      // Synchronous callbacks that run at once are async code too, but `await` is not legal there: no fix.
      node: true,
      code:
        "import * as fs from 'node:fs';\n\nexport async function sizes(files: string[]) {\n  const map = new Map<string, number>();\n  files.forEach((file) => map.set(file, fs.statSync(file).size));\n  return files.map(function (file) {\n    return fs.readFileSync(file, 'utf8');\n  });\n}\n",
      errors: [
        { line: 5, column: 41, fixes: {} },
        { line: 7, column: 12, fixes: {} },
      ],
    },
    {
      // One level further: a same-file sync function called from async code is reported at the call.
      node: true,
      code:
        "import * as fs from 'node:fs';\n\nfunction loadConfig() {\n  return JSON.parse(fs.readFileSync('config.json', 'utf8'));\n}\n\nexport async function handler() {\n  const config = loadConfig();\n  return config;\n}\n\nexport function startup() {\n  return loadConfig();\n}\n",
      errors: [{ line: 8, column: 18, endLine: 8, endColumn: 30, messageId: 'blockingInHelper', fixes: {} }],
    },
    {
      // Methods and arrow helpers too, and helpers of helpers.
      node: true,
      code:
        "import { execSync } from 'node:child_process';\n\nconst gitHead = () => execSync('git rev-parse HEAD').toString().trim();\nfunction deeper() { return gitHead(); }\n\nclass Deployer {\n  version() { return execSync('git describe').toString(); }\n  async deploy() {\n    deeper();\n    gitHead();\n    return this.version();\n  }\n}\nexport { Deployer };\n",
      errors: [
        { line: 9, column: 5, messageId: 'blockingInHelper', related: ['file.ts:9:5 deeper()', 'file.ts:4:28 gitHead()', 'file.ts:3:23 execSync'] },
        { line: 10, column: 5, messageId: 'blockingInHelper' },
        { line: 11, column: 12, messageId: 'blockingInHelper' },
      ],
    },
    {
      // child_process: execSync becomes the promisified exec; the sync import goes when unused.
      node: true,
      code: "import { execSync } from 'node:child_process';\n\nexport async function build() {\n  execSync('make all', { cwd: 'src' });\n}\n",
      errors: [
        {
          line: 4,
          column: 3,
          fixes: {
            useAsyncApi:
              "import { exec } from 'node:child_process';\nimport { promisify } from 'node:util';\n\nexport async function build() {\n  await promisify(exec)('make all', { cwd: 'src' });\n}\n",
          },
        },
      ],
    },
    {
      // Its result, when kept, must keep its type: .toString() of the output, or an explicit encoding.
      node: true,
      code:
        "import * as cp from 'node:child_process';\nimport { promisify } from 'node:util';\n\nexport async function head() {\n  const a = cp.execSync('git rev-parse HEAD').toString().trim();\n  const b: string = cp.execFileSync('git', ['status'], { encoding: 'utf8' });\n  const c: Buffer = cp.execSync('ls');\n  return [a, b, c, promisify];\n}\n",
      errors: [
        {
          line: 5,
          column: 13,
          fixes: {
            useAsyncApi:
              "import * as cp from 'node:child_process';\nimport { promisify } from 'node:util';\n\nexport async function head() {\n  const a = (await promisify(cp.exec)('git rev-parse HEAD')).stdout.toString().trim();\n  const b: string = cp.execFileSync('git', ['status'], { encoding: 'utf8' });\n  const c: Buffer = cp.execSync('ls');\n  return [a, b, c, promisify];\n}\n",
          },
        },
        {
          line: 6,
          column: 21,
          fixes: {
            useAsyncApi:
              "import * as cp from 'node:child_process';\nimport { promisify } from 'node:util';\n\nexport async function head() {\n  const a = cp.execSync('git rev-parse HEAD').toString().trim();\n  const b: string = (await promisify(cp.execFile)('git', ['status'], { encoding: 'utf8' })).stdout;\n  const c: Buffer = cp.execSync('ls');\n  return [a, b, c, promisify];\n}\n",
          },
        },
        { line: 7, column: 21, fixes: {} },
      ],
    },
    {
      // execSync options the async version lacks (input, stdio): no fix.
      node: true,
      code: "import { execSync } from 'node:child_process';\n\nexport async function run() {\n  execSync('cat', { input: 'x', stdio: 'inherit' });\n}\n",
      errors: [{ line: 4, column: 3, fixes: {} }],
    },
    {
      // Heavy crypto: promisify where its types are exact, a typed Promise around the callback otherwise.
      node: true,
      code:
        "import { pbkdf2Sync, scryptSync } from 'node:crypto';\n\nexport async function hash(password: string, salt: Buffer) {\n  const a = pbkdf2Sync(password, salt, 100000, 64, 'sha512');\n  const b = scryptSync(password, salt, 64);\n  return Buffer.concat([a, b]);\n}\n",
      errors: [
        {
          line: 4,
          column: 13,
          fixes: {
            useAsyncApi:
              "import { pbkdf2, scryptSync } from 'node:crypto';\nimport { promisify } from 'node:util';\n\nexport async function hash(password: string, salt: Buffer) {\n  const a = await promisify(pbkdf2)(password, salt, 100000, 64, 'sha512');\n  const b = scryptSync(password, salt, 64);\n  return Buffer.concat([a, b]);\n}\n",
          },
        },
        {
          line: 5,
          column: 13,
          fixes: {
            useAsyncApi:
              "import { pbkdf2Sync, scrypt } from 'node:crypto';\n\nexport async function hash(password: string, salt: Buffer) {\n  const a = pbkdf2Sync(password, salt, 100000, 64, 'sha512');\n  const b = await new Promise<Buffer<ArrayBufferLike>>((resolve, reject) => {\n    scrypt(password, salt, 64, (error, result) => (error ? reject(error) : resolve(result)));\n  });\n  return Buffer.concat([a, b]);\n}\n",
          },
        },
      ],
    },
    {
      // Atomics.wait used as a sleep becomes await setTimeout(ms); the import is added after the last one.
      node: true,
      code: "import * as fs from 'node:fs';\n\nexport async function retry() {\n  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);\n  return fs.promises.readFile('x');\n}\n",
      errors: [
        {
          line: 4,
          column: 3,
          fixes: {
            awaitSetTimeout:
              "import * as fs from 'node:fs';\nimport { setTimeout } from 'node:timers/promises';\n\nexport async function retry() {\n  await setTimeout(250);\n  return fs.promises.readFile('x');\n}\n",
          },
        },
      ],
    },
    {
      // A busy-wait sleep; the global setTimeout is used in the file, so the import is aliased.
      node: true,
      code: 'export async function pause(ms: number) {\n  const end = Date.now() + ms;\n  while (Date.now() < end) {}\n  setTimeout(() => {}, 0);\n}\n',
      errors: [
        {
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 27,
          messageId: 'busyWait',
          fixes: {
            awaitSetTimeout:
              "import { setTimeout as sleep } from 'node:timers/promises';\n\nexport async function pause(ms: number) {\n  const end = Date.now() + ms;\n  await sleep(end - Date.now());\n  setTimeout(() => {}, 0);\n}\n",
          },
        },
      ],
    },
    {
      // Other busy-wait shapes: elapsed time, performance.now(), a do-while, a variable set from the clock, an exit in the body.
      node: true,
      code:
        'export async function spin(start: number, ms: number) {\n  while (performance.now() - start < ms);\n  do {} while (new Date().getTime() < start + ms);\n  let now = 0;\n  while (now < start + ms) { now = Date.now(); }\n  for (;;) { if (Date.now() > start + ms) break; }\n}\n',
      errors: [
        {
          line: 2,
          column: 3,
          messageId: 'busyWait',
          fixes: {
            awaitSetTimeout:
              "import { setTimeout } from 'node:timers/promises';\n\nexport async function spin(start: number, ms: number) {\n  await setTimeout(ms - (performance.now() - start));\n  do {} while (new Date().getTime() < start + ms);\n  let now = 0;\n  while (now < start + ms) { now = Date.now(); }\n  for (;;) { if (Date.now() > start + ms) break; }\n}\n",
          },
        },
        {
          line: 3,
          column: 9,
          messageId: 'busyWait',
          fixes: {
            awaitSetTimeout:
              "import { setTimeout } from 'node:timers/promises';\n\nexport async function spin(start: number, ms: number) {\n  while (performance.now() - start < ms);\n  await setTimeout(start + ms - new Date().getTime());\n  let now = 0;\n  while (now < start + ms) { now = Date.now(); }\n  for (;;) { if (Date.now() > start + ms) break; }\n}\n",
          },
        },
        { line: 5, column: 3, messageId: 'busyWait', fixes: {} },
        { line: 6, column: 3, messageId: 'busyWait', fixes: {} },
      ],
    },
    {
      // A sleep helper in the same file, called from async code.
      node: true,
      code:
        'function sleepSync(ms: number) {\n  const start = Date.now();\n  while (Date.now() - start < ms) {}\n}\n\nexport async function poll() {\n  sleepSync(100);\n}\n',
      errors: [{ line: 7, column: 3, messageId: 'busyWaitInHelper', fixes: {} }],
    },
    {
      // fs-extra and graceful-fs re-export fs; fs-extra's own *Sync functions block too.
      node: true,
      files: fsExtraTypes,
      code:
        "import * as fse from 'fs-extra';\nimport gfs from 'graceful-fs';\n\nexport async function copy() {\n  fse.copySync('a', 'b');\n  const data = fse.readFileSync('a', 'utf8');\n  gfs.writeFileSync('b', data);\n}\n",
      compilerOptions: { esModuleInterop: true },
      errors: [
        { line: 5, column: 3, fixes: {} },
        {
          line: 6,
          column: 16,
          fixes: {
            useAsyncApi:
              "import * as fse from 'fs-extra';\nimport gfs from 'graceful-fs';\nimport { readFile } from 'node:fs/promises';\n\nexport async function copy() {\n  fse.copySync('a', 'b');\n  const data = await readFile('a', 'utf8');\n  gfs.writeFileSync('b', data);\n}\n",
          },
        },
        {
          line: 7,
          column: 3,
          fixes: {
            useAsyncApi:
              "import * as fse from 'fs-extra';\nimport gfs from 'graceful-fs';\nimport { writeFile } from 'node:fs/promises';\n\nexport async function copy() {\n  fse.copySync('a', 'b');\n  const data = fse.readFileSync('a', 'utf8');\n  await writeFile('b', data);\n}\n",
          },
        },
      ],
    },
    {
      // CommonJS JavaScript: the require is rewritten in place, in the file's style (no node: prefix).
      node: true,
      filename: 'file.js',
      code: "const { readFileSync } = require('fs');\n\nasync function load() {\n  return readFileSync('a', 'utf8');\n}\nmodule.exports = { load };\n",
      errors: [
        {
          line: 4,
          column: 10,
          fixes: {
            useAsyncApi:
              "const { readFile } = require('fs/promises');\n\nasync function load() {\n  return await readFile('a', 'utf8');\n}\nmodule.exports = { load };\n",
          },
        },
      ],
    },
    {
      // Destructured and aliased: resolved to the fs declaration all the same.
      node: true,
      code: "import * as fs from 'node:fs';\nconst { mkdirSync } = fs;\nconst rm = fs.rmSync;\n\nexport async function reset() {\n  rm('out', { recursive: true });\n  mkdirSync('out');\n}\n",
      errors: [
        {
          line: 6,
          column: 3,
          fixes: {
            useAsyncApi:
              "import * as fs from 'node:fs';\nimport { rm as rmAsync } from 'node:fs/promises';\nconst { mkdirSync } = fs;\nconst rm = fs.rmSync;\n\nexport async function reset() {\n  await rmAsync('out', { recursive: true });\n  mkdirSync('out');\n}\n",
          },
        },
        {
          line: 7,
          column: 3,
          fixes: {
            useAsyncApi:
              "import * as fs from 'node:fs';\nimport { mkdir } from 'node:fs/promises';\nconst { mkdirSync } = fs;\nconst rm = fs.rmSync;\n\nexport async function reset() {\n  rm('out', { recursive: true });\n  await mkdir('out');\n}\n",
          },
        },
      ],
    },
    {
      // Parameter defaults of an async function run at call time, but cannot await.
      node: true,
      code: "import * as fs from 'node:fs';\n\nexport async function run(text = fs.readFileSync('x', 'utf8')) {\n  return text;\n}\n",
      errors: [{ line: 3, column: 34, fixes: {} }],
    },
    {
      // A non-async Promise executor runs at once.
      node: true,
      code: "import * as fs from 'node:fs';\n\nexport async function run() {\n  return new Promise<string>((resolve) => resolve(fs.readFileSync('x', 'utf8')));\n}\n",
      errors: [{ line: 4, column: 51, fixes: {} }],
    },
    {
      // Options: additionalBlockingCalls, by module and name pattern.
      node: true,
      files: {
        'node_modules/better-sqlite3/package.json': '{ "name": "better-sqlite3", "types": "index.d.ts" }',
        'node_modules/better-sqlite3/index.d.ts': 'export declare class Statement { run(...params: unknown[]): void; all(): unknown[]; }\nexport declare function open(file: string): { prepare(sql: string): Statement };\n',
      },
      code: "import { open } from 'better-sqlite3';\n\nexport async function rows() {\n  const db = open('x.db');\n  db.prepare('insert').run(1);\n  return db.prepare('select').all();\n}\n",
      options: { additionalBlockingCalls: ['better-sqlite3:Statement.*'] },
      errors: [
        { line: 5, column: 3, fixes: {} },
        { line: 6, column: 10, fixes: {} },
      ],
    },
    {
      // A module's member under another name than the blocking function's: re-exported, or a const holding it.
      node: true,
      files: { 'util.ts': "export { readFileSync as read } from 'node:fs';\n" },
      code: "import * as util from './util';\nexport async function run() {\n  return util.read('x', 'utf8');\n}\n",
      errors: [{ line: 3, column: 10, fixes: { useAsyncApi: "import * as util from './util';\nimport { readFile } from 'node:fs/promises';\nexport async function run() {\n  return await readFile('x', 'utf8');\n}\n" } }],
    },
    {
      node: true,
      files: { 'util.ts': "import * as fs from 'node:fs';\nexport const load = fs.readFileSync;\n" },
      code: "import * as util from './util';\nexport async function run() {\n  return util.load('x', 'utf8');\n}\n",
      errors: [{ line: 3, column: 10, fixes: { useAsyncApi: "import * as util from './util';\nimport { readFile } from 'node:fs/promises';\nexport async function run() {\n  return await readFile('x', 'utf8');\n}\n" } }],
    },
    {
      // A field holding the module; a same-file sync method that blocks, called through `this`.
      node: true,
      code: "import * as nodeFs from 'node:fs';\nexport class Store {\n  private readonly fs = nodeFs;\n  private read(): string {\n    return this.fs.readFileSync('x', 'utf8');\n  }\n  async load() {\n    return this.read();\n  }\n}\n",
      errors: [{ line: 8, column: 12, messageId: 'blockingInHelper' }],
    },
    {
      // Untyped JavaScript (no @types/node): known through the require, reported, but no fix can be vouched for.
      filename: 'file.js',
      code: "const fs = require('fs');\n\nasync function load() {\n  return fs.readFileSync('a', 'utf8');\n}\nmodule.exports = { load };\n",
      errors: [{ line: 4, column: 10, fixes: {} }],
    },
    {
      // No import yet: the new one goes after a header comment, before the code, with a blank line.
      node: true,
      code: '// Copyright the authors.\n\nexport async function backoff(attempt: number) {\n  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100 * 2 ** attempt);\n}\n',
      errors: [
        {
          line: 4,
          column: 3,
          fixes: {
            awaitSetTimeout:
              "// Copyright the authors.\n\nimport { setTimeout } from 'node:timers/promises';\n\nexport async function backoff(attempt: number) {\n  await setTimeout(100 * 2 ** attempt);\n}\n",
          },
        },
      ],
    },
    {
      // Atomics.wait on shared memory others can see (exported, or its result used) is not a sleep: reported, no fix.
      node: true,
      code: 'export const flag = new Int32Array(new SharedArrayBuffer(4));\n\nexport async function waitForWorker() {\n  Atomics.wait(flag, 0, 0, 1000);\n  return Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);\n}\n',
      errors: [
        { line: 4, column: 3, fixes: {} },
        { line: 5, column: 10, fixes: {} },
      ],
    },
    {
      // A const used only as a sleep target is private: the fix applies (not to one exported by name).
      node: true,
      code: "import { readFile } from 'node:fs/promises';\n\nconst lock = new Int32Array(new SharedArrayBuffer(4));\nconst shared = new Int32Array(new SharedArrayBuffer(4));\nexport { shared };\n\nexport async function poll() {\n  Atomics.wait(lock, 0, 0, 50);\n  Atomics.wait(shared, 0, 0, 50);\n  return readFile('x');\n}\n",
      errors: [
        {
          line: 8,
          column: 3,
          fixes: {
            awaitSetTimeout:
              "import { readFile } from 'node:fs/promises';\nimport { setTimeout } from 'node:timers/promises';\n\nconst lock = new Int32Array(new SharedArrayBuffer(4));\nconst shared = new Int32Array(new SharedArrayBuffer(4));\nexport { shared };\n\nexport async function poll() {\n  await setTimeout(50);\n  Atomics.wait(shared, 0, 0, 50);\n  return readFile('x');\n}\n",
          },
        },
        { line: 9, column: 3, fixes: {} },
      ],
    },
    {
      // Several names from one import: only the replaced one goes, in place.
      node: true,
      code: "import { copyFileSync, constants } from 'node:fs';\n\nexport async function backup(file: string) {\n  copyFileSync(file, `${file}.bak`, constants.COPYFILE_EXCL);\n}\n",
      errors: [
        {
          line: 4,
          column: 3,
          fixes: {
            useAsyncApi:
              "import { constants } from 'node:fs';\nimport { copyFile } from 'node:fs/promises';\n\nexport async function backup(file: string) {\n  await copyFile(file, `${file}.bak`, constants.COPYFILE_EXCL);\n}\n",
          },
        },
      ],
    },
    {
      // Async arrows and methods, async generators.
      node: true,
      code:
        "import * as fs from 'node:fs';\n\nexport const a = async () => fs.unlinkSync('x');\nexport class C {\n  async m() {\n    fs.renameSync('a', 'b');\n  }\n  async *g() {\n    yield fs.lstatSync('x');\n  }\n}\n",
      errors: [
        {
          line: 3,
          column: 30,
          fixes: {
            useAsyncApi:
              "import * as fs from 'node:fs';\n\nexport const a = async () => await fs.promises.unlink('x');\nexport class C {\n  async m() {\n    fs.renameSync('a', 'b');\n  }\n  async *g() {\n    yield fs.lstatSync('x');\n  }\n}\n",
          },
        },
        {
          line: 6,
          column: 5,
          fixes: {
            useAsyncApi:
              "import * as fs from 'node:fs';\n\nexport const a = async () => fs.unlinkSync('x');\nexport class C {\n  async m() {\n    await fs.promises.rename('a', 'b');\n  }\n  async *g() {\n    yield fs.lstatSync('x');\n  }\n}\n",
          },
        },
        {
          line: 9,
          column: 11,
          fixes: {
            useAsyncApi:
              "import * as fs from 'node:fs';\n\nexport const a = async () => fs.unlinkSync('x');\nexport class C {\n  async m() {\n    fs.renameSync('a', 'b');\n  }\n  async *g() {\n    yield await fs.promises.lstat('x');\n  }\n}\n",
          },
        },
      ],
    },
  ],
});
