import { PATTERN_SOURCES } from '../../server/src/patterns/sources';
import rule from '../../server/src/rules/unbounded-fan-out';
import { helperSource } from '../../server/src/rules/util/boundedFix';
import { ruleTests } from '../helpers/ruleTester';
import { DATABASE_TYPES, LIBRARY_TYPES, P_LIMIT_TYPES } from './libraryTypes';

const load = "async function load(id: string): Promise<string> { const response = await fetch('/items/' + id); return response.text(); }\n";
const HELPER = PATTERN_SOURCES.mapWithConcurrency;
/** The helper as the fix appends it to a file that ends with a newline. */
const withHelper = (code: string) => `${code}\n${HELPER}`;
const libraries = { files: LIBRARY_TYPES };

ruleTests(rule, {
  valid: [
    // Literal arrays and tuples: a fixed number of tasks.
    `${load}export async function f() { await Promise.all([load('a'), load('b')]); }`,
    `${load}export async function f() { await Promise.all(['a', 'b', 'c'].map((id) => load(id))); }`,
    `${load}const REGIONS = ['eu', 'us'] as const;\nexport async function f() { await Promise.all(REGIONS.map((region) => load(region))); }`,
    `${load}const regions = ['eu', 'us'];\nexport async function f() { await Promise.all(regions.map((region) => load(region))); }`,
    `${load}export async function f(pair: [string, string]) { await Promise.all(pair.map(load)); }`,
    `${load}export async function f(a: string, b: string) { await Promise.all([a, b].map(load)); }`,
    `${load}export async function f(extra: string) { await Promise.all([...['a', 'b'].map(load), load(extra)]); }`,
    // Statically small sizes: slice with a constant, Array.from with a constant length.
    `${load}export async function f(ids: string[]) { await Promise.all(ids.slice(0, 10).map(load)); }`,
    `${load}const BATCH = 16;\nexport async function f(ids: string[]) { await Promise.all(ids.slice(0, BATCH).map(load)); }`,
    `${load}export async function f(ids: string[]) { await Promise.all(ids.slice(-3).map(load)); }`,
    `${load}export async function f() { await Promise.all(Array.from({ length: 4 }, (_, i) => load(String(i)))); }`,
    { code: `${load}export async function f(ids: string[]) { await Promise.all(ids.slice(0, 100).map(load)); }`, options: { maxUnbounded: 100 } },
    // Manual batching: a window of a constant size, or a batch handed over by the caller.
    `${load}export async function f(ids: string[]) {\n  for (let i = 0; i < ids.length; i += 10) {\n    await Promise.all(ids.slice(i, i + 10).map(load));\n  }\n}`,
    `${load}export async function f(batches: string[][]) {\n  for (const batch of batches) await Promise.all(batch.map(load));\n}`,
    `${load}export function f(batches: string[][]) {\n  return batches.map((batch) => Promise.all(batch.map(load)));\n}`,
    // A fixed object's keys.
    `${load}export async function f() { await Promise.all(Object.keys({ users: 1, orders: 2 }).map(load)); }`,
    // A pool of workers whose count is a chosen limit, not the data's size.
    `${load}export async function f(ids: string[], limit: number) {\n  let next = 0;\n  const worker = async () => { while (next < ids.length) await load(ids[next++]); };\n  await Promise.all(Array.from({ length: Math.min(limit, ids.length) }, worker));\n}`,
    // Our own helper, as the fix and the snippet write it, and calls of it.
    HELPER,
    `${load}${HELPER}export async function f(ids: string[]) { return mapWithConcurrency(ids, 8, load); }`,
    // A semaphore around the work in the mapped function.
    `${load}class Semaphore {\n  constructor(private permits: number) {}\n  async acquire(): Promise<void> {}\n  release(): void {}\n}\nconst semaphore = new Semaphore(4);\nexport async function f(ids: string[]) {\n  await Promise.all(ids.map(async (id) => {\n    await semaphore.acquire();\n    try {\n      return await load(id);\n    } finally {\n      semaphore.release();\n    }\n  }));\n}`,
    // Limiter libraries, recognized by the module that declares them.
    { ...libraries, code: `${load}import pLimit from 'p-limit';\nconst limit = pLimit(4);\nexport async function f(ids: string[]) { await Promise.all(ids.map((id) => limit(() => load(id)))); }` },
    { ...libraries, code: `${load}import pLimit from 'p-limit';\nexport async function f(ids: string[]) {\n  const limit = pLimit(4);\n  const tasks: Promise<string>[] = [];\n  for (const id of ids) tasks.push(limit(() => load(id)));\n  await Promise.all(tasks);\n}` },
    { ...libraries, code: `${load}import pMap from 'p-map';\nexport async function f(ids: string[]) { await pMap(ids, load, { concurrency: 4 }); }` },
    { ...libraries, code: `${load}import pMap from 'p-map';\nexport async function f(groups: string[][]) { await Promise.all(groups.map((group) => pMap(group, load, { concurrency: 2 }))); }` },
    { ...libraries, code: `${load}import PQueue from 'p-queue';\nconst queue = new PQueue({ concurrency: 4 });\nexport async function f(ids: string[]) { await Promise.all(ids.map((id) => queue.add(() => load(id)))); }` },
    { ...libraries, code: `${load}import Bottleneck from 'bottleneck';\nconst limiter = new Bottleneck({ maxConcurrent: 4 });\nexport async function f(ids: string[]) { await Promise.all(ids.map((id) => limiter.schedule(() => load(id)))); }` },
    { ...libraries, code: `${load}import Bottleneck from 'bottleneck';\nconst limiter = new Bottleneck({ maxConcurrent: 4 });\nconst limitedLoad = limiter.wrap(load);\nexport async function f(ids: string[]) { await Promise.all(ids.map((id) => limitedLoad(id))); }` },
    { ...libraries, code: `${load}import Bottleneck from 'bottleneck';\nconst limiter = new Bottleneck({ maxConcurrent: 4 });\nexport async function f(ids: string[]) { await Promise.all(ids.map(limiter.wrap(load))); }` },
    { ...libraries, code: `${load}import async from 'async';\nexport async function f(ids: string[]) { return async.mapLimit(ids, 4, load); }` },
    { ...libraries, code: `${load}import async from 'async';\nexport async function f(groups: string[][]) { await Promise.all(groups.map((group) => async.mapLimit(group, 2, load))); }` },
    // A mapped function defined elsewhere in the file that goes through the limiter.
    { ...libraries, code: `${load}import pLimit from 'p-limit';\nconst limit = pLimit(4);\nconst loadLimited = (id: string) => limit(() => load(id));\nexport async function f(ids: string[]) { await Promise.all(ids.map(loadLimited)); }` },
    // Collecting promises that already run, started elsewhere: nothing to bound here.
    'export async function f(jobs: { done: Promise<void> }[]) { await Promise.all(jobs.map((job) => job.done)); }',
    'export function waitAll(pending: Promise<void>[]) { return Promise.all(pending); }',
    // Releasing resources overwhelms nothing: closing every connection at once is fine.
    'export async function closeAll(clients: Map<string, { close(): Promise<void> }>) {\n  const closing: Promise<void>[] = [];\n  for (const client of clients.values()) closing.push(client.close());\n  await Promise.all(closing);\n}',
    'export async function disposeAll(items: { dispose(): Promise<void> }[]) { await Promise.all(items.map((item) => item.dispose())); }',
    // Pushed promises that were started elsewhere.
    'export async function f(requests: { done: Promise<void> }[]) {\n  const pending: Promise<void>[] = [];\n  for (const request of requests) pending.push(request.done);\n  await Promise.all(pending);\n}',
    // A method of an object made with a concurrency limit, whatever its library.
    `${load}declare class Retrier { constructor(check: (error: Error) => boolean, options: { concurrency: number }); retry<T>(work: () => Promise<T>): Promise<T>; }\nconst retrier = new Retrier(() => true, { concurrency: 100 });\nexport async function f(ids: string[]) { await Promise.all(ids.map((id) => retrier.retry(() => load(id)))); }`,
    // Pushed in a loop over a small, fixed list.
    `${load}export async function f() {\n  const tasks: Promise<string>[] = [];\n  for (const region of ['eu', 'us']) tasks.push(load(region));\n  await Promise.all(tasks);\n}`,
    // Not the builtin Promise, not a Promise combinator.
    `${load}class Promise { static all(values: unknown) { return values; } }\nexport function f(ids: string[]) { return Promise.all(ids.map(load)); }`,
    `${load}declare const db: { all(values: unknown): void };\nexport function f(ids: string[]) { db.all(ids.map(load)); }`,
    // Config-sized arrays: one pool per configured replica, the nodes of a cluster, a handshake's few
    // commands, one task per workspace folder, a schema's paths, a document's sub-documents.
    `export async function connectAll(options: { replicas: string[] }) {\n  return Promise.all(options.replicas.map((url) => fetch(url + '/connect')));\n}`,
    `export class Cluster {\n  nodes: string[] = [];\n  async pingAll() {\n    await Promise.all(this.nodes.map((node) => fetch(node + '/ping')));\n  }\n}`,
    `${load}const HANDSHAKE = ['HELLO 3', 'CLIENT SETNAME app', 'SELECT 1'];\nexport async function handshake() {\n  await Promise.all(HANDSHAKE.map((command) => load(command)));\n}`,
    { node: true, code: `import { readFile } from 'node:fs/promises';\ndeclare const workspace: { workspaceFolders: readonly { path: string }[] };\nexport async function readManifests() {\n  return Promise.all(workspace.workspaceFolders.map((folder) => readFile(folder.path + '/package.json', 'utf8')));\n}` },
    `${load}export async function loadPaths(schema: { paths: Record<string, unknown> }) {\n  await Promise.all(Object.keys(schema.paths).map((path) => load(path)));\n}`,
    { files: DATABASE_TYPES, code: `import type { Document } from 'mongoose';\nexport async function saveChildren(parent: { children: Document[] }) {\n  await Promise.all(parent.children.map((child) => child.save()));\n}` },
    // Work that is not I/O: in-memory validation, middleware, hydration, a function known only by its declaration.
    `async function check(value: string): Promise<void> {\n  if (!value.trim()) throw new Error('empty');\n}\nexport async function checkAll(values: string[]) {\n  await Promise.all(values.map((value) => check(value)));\n}`,
    `export async function runMiddleware(middlewares: ((context: object) => Promise<void>)[], context: object) {\n  await Promise.all(middlewares.map((middleware) => middleware(context)));\n}`,
    `async function hydrate(node: { props: Record<string, unknown> }): Promise<object> {\n  return { ...node.props, hydrated: true };\n}\nexport function hydrateAll(nodes: { props: Record<string, unknown> }[]) {\n  return Promise.all(nodes.map(hydrate));\n}`,
    `declare function fetchLike(id: string): Promise<string>;\nexport async function f(ids: string[]) {\n  await Promise.all(ids.map((id) => fetchLike(id)));\n}`,
    // Work that must happen now: a drop event's items are readable only during the event, all of them at once.
    `export async function onDrop(event: DragEvent) {\n  const items = Array.from(event.dataTransfer?.items ?? []);\n  return Promise.all(items.map((item) => new Promise<string>((resolve) => item.getAsString(resolve))));\n}`,
    // A file's metadata holds no descriptor between steps: thousands of stats or unlinks only queue on the thread pool.
    { node: true, code: `import { readdir, stat } from 'node:fs/promises';\nimport * as path from 'node:path';\nexport async function listTree(dir: string): Promise<string[]> {\n  const names = await readdir(dir);\n  const nested = await Promise.all(\n    names.map(async (name) => {\n      const full = path.join(dir, name);\n      const info = await stat(full);\n      return info.isDirectory() ? listTree(full) : [full];\n    }),\n  );\n  return nested.flat();\n}` },
    { node: true, code: `import * as fs from 'node:fs';\nimport { promisify } from 'node:util';\nconst stat = promisify(fs.stat);\nexport async function sizes(paths: string[]) {\n  return Promise.all(paths.map(async (file) => (await stat(file)).size));\n}` },
    { node: true, code: `import * as fs from 'node:fs';\nexport async function clean(paths: string[]) {\n  await Promise.all(paths.map((file) => fs.promises.unlink(file)));\n  await Promise.all(paths.map((file) => new Promise((done) => fs.mkdir(file + '.d', { recursive: true }, done))));\n}` },
    // Deliberate branches: the same work run in order on one branch and concurrently on the other.
    { node: true, code: `import { rm } from 'node:fs/promises';\nexport async function removeAll(driver: string, paths: string[]) {\n  if (driver === 'postgres') {\n    for (const path of paths) await rm(path);\n  } else {\n    await Promise.all(paths.map((path) => rm(path)));\n  }\n}` },
    `${load}export async function loadAll(ids: string[], options: { ordered: boolean }) {\n  if (options.ordered) {\n    const pages: string[] = [];\n    for (const id of ids) pages.push(await load(id));\n    return pages;\n  }\n  return Promise.all(ids.map((id) => load(id)));\n}`,
  ],
  invalid: [
    {
      // promisify(fs.readFile) reads the contents like fs/promises does.
      code: `import * as fs from 'node:fs';\nimport { promisify } from 'node:util';\nconst readFile = promisify(fs.readFile);\nexport async function readAll(paths: string[]) {\n  return Promise.all(paths.map((file) => readFile(file, 'utf8')));\n}\n`,
      node: true,
      errors: [{ line: 5, column: 10, fixes: { limitConcurrency: withHelper(`import * as fs from 'node:fs';\nimport { promisify } from 'node:util';\nconst readFile = promisify(fs.readFile);\nexport async function readAll(paths: string[]) {\n  return mapWithConcurrency(paths, 8, (file) => readFile(file, 'utf8'));\n}\n`) } }],
    },
    {
      // A stat first, then the file's contents: the read holds a descriptor.
      code: `import { readFile, stat } from 'node:fs/promises';\nexport async function readAll(paths: string[]) {\n  return Promise.all(paths.map(async (file) => ((await stat(file)).size > 0 ? readFile(file, 'utf8') : '')));\n}\n`,
      node: true,
      errors: [
        {
          line: 3,
          column: 10,
          fixes: {
            limitConcurrency: withHelper(
              `import { readFile, stat } from 'node:fs/promises';\nexport async function readAll(paths: string[]) {\n  return mapWithConcurrency(paths, 8, async (file) => ((await stat(file)).size > 0 ? readFile(file, 'utf8') : ''));\n}\n`,
            ),
          },
        },
      ],
    },
    {
      // The helper is appended to the file once, and the call becomes bounded.
      code: `${load}export async function loadAll(ids: string[]) {\n  return Promise.all(ids.map((id) => load(id)));\n}\n`,
      errors: [
        {
          line: 3,
          column: 10,
          endLine: 3,
          endColumn: 21,
          messageId: 'unbounded',
          fixes: { limitConcurrency: withHelper(`${load}export async function loadAll(ids: string[]) {\n  return mapWithConcurrency(ids, 8, (id) => load(id));\n}\n`) },
        },
      ],
    },
    {
      // The helper already in the file is reused; a function reference works as the callback.
      code: `${load}${HELPER}export async function loadAll(ids: string[]) {\n  const results = await Promise.all(ids.map(load));\n  return results;\n}\n`,
      options: { concurrency: 4 },
      errors: [
        {
          line: 24,
          column: 25,
          fixes: { limitConcurrency: `${load}${HELPER}export async function loadAll(ids: string[]) {\n  const results = await mapWithConcurrency(ids, 4, load);\n  return results;\n}\n` },
        },
      ],
    },
    {
      // Array.from over data, and a file that does not end with a newline.
      code: `${load}export const loadAll = (ids: Set<string>) => Promise.all(Array.from(ids, async (id) => load(id)));`,
      errors: [
        {
          line: 2,
          column: 46,
          fixes: { limitConcurrency: `${load}export const loadAll = (ids: Set<string>) => mapWithConcurrency(Array.from(ids), 8, async (id) => load(id));\n\n${HELPER}` },
        },
      ],
    },
    {
      // Array.from with a constant length above maxUnbounded.
      code: `${load}export async function warm() {\n  await Promise.all(Array.from({ length: 100 }, (_, page) => load(String(page))));\n}\n`,
      errors: [
        {
          line: 3,
          column: 9,
          fixes: { limitConcurrency: withHelper(`${load}export async function warm() {\n  await mapWithConcurrency(Array.from({ length: 100 }), 8, (_, page) => load(String(page)));\n}\n`) },
        },
      ],
    },
    {
      // Where the project already uses p-limit, the fix imports it and runs each task under a limiter.
      ...libraries,
      code: `import { readFile } from 'node:fs/promises';\n\nexport async function readAll(paths: string[]) {\n  return Promise.all(paths.map(async (path) => readFile(path, 'utf8')));\n}\n`,
      node: true,
      errors: [
        {
          line: 4,
          column: 10,
          fixes: {
            limitConcurrency: `import { readFile } from 'node:fs/promises';\nimport pLimit from 'p-limit';\n\nexport async function readAll(paths: string[]) {\n  const limit = pLimit(8);\n  return Promise.all(paths.map((path) => limit(async () => readFile(path, 'utf8'))));\n}\n`,
          },
        },
      ],
    },
    {
      // p-limit already imported by the file: its name is reused; allSettled keeps its meaning.
      files: P_LIMIT_TYPES,
      code: `${load}import createLimit from 'p-limit';\nexport async function f(ids: string[]) {\n  const limit = 1;\n  return Promise.allSettled(ids.map(load));\n}\n`,
      errors: [
        {
          line: 5,
          column: 10,
          fixes: {
            limitConcurrency: `${load}import createLimit from 'p-limit';\nexport async function f(ids: string[]) {\n  const limit = 1;\n  const limitConcurrency = createLimit(8);\n  return Promise.allSettled(ids.map((item) => limitConcurrency(() => load(item))));\n}\n`,
          },
        },
      ],
    },
    {
      // allSettled, any and race without p-limit: reported, no rewrite (the helper rejects like Promise.all).
      code: `${load}export async function f(ids: string[]) {\n  await Promise.allSettled(ids.map(load));\n  return Promise.race(ids.map(load));\n}\n`,
      errors: [
        { line: 3, column: 9, fixes: {} },
        { line: 4, column: 10, fixes: {} },
      ],
    },
    {
      // An array filled with push in a loop over data.
      code: `${load}export async function f(ids: string[]) {\n  const tasks: Promise<string>[] = [];\n  for (const id of ids) {\n    tasks.push(load(id));\n  }\n  await Promise.all(tasks);\n}\n`,
      errors: [{ line: 7, column: 9, fixes: {} }],
    },
    {
      // Filled in a forEach, and in a counted loop up to a data size.
      code: `${load}export async function f(ids: string[]) {\n  const a: Promise<string>[] = [];\n  ids.forEach((id) => a.push(load(id)));\n  const b: Promise<string>[] = [];\n  for (let i = 0; i < ids.length; i++) b.push(load(ids[i]));\n  await Promise.all([...a, ...b]);\n}\n`,
      errors: [{ line: 7, column: 9, fixes: {} }],
    },
    {
      // A spread of a data-sized map, a variable holding one, flatMap, and optional chaining.
      code: `${load}export async function f(ids: string[], more?: string[]) {\n  await Promise.all([...ids.map(load), load('extra')]);\n  const tasks = ids.map(load);\n  await Promise.all(tasks);\n  await Promise.all(ids.flatMap((id) => [load(id), load(id + '.meta')]));\n  await Promise.all(more?.map(load) ?? []);\n}\n`,
      errors: [
        { line: 3, column: 9, fixes: {} },
        { line: 5, column: 9, fixes: {} },
        { line: 6, column: 9, fixes: {} },
      ],
    },
    {
      // A record's entries (a parameter), the result of awaited I/O. A property of a parameter (`request.ids`) is
      // as often an option (replicas, nodes) as data: by design no longer reported, sliced or not.
      code: `${load}async function listIds(): Promise<string[]> { return (await fetch('/ids')).json(); }\nexport async function f(byId: Record<string, string>, request: { ids: string[] }) {\n  await Promise.all(Object.entries(byId).map(([id]) => load(id)));\n  await Promise.all(request.ids.map(load));\n  await Promise.all((await listIds()).map(load));\n  await Promise.all(request.ids.slice(0, 100).map(load));\n}\n`,
      errors: [
        { line: 4, column: 9, fixes: { limitConcurrency: withHelper(`${load}async function listIds(): Promise<string[]> { return (await fetch('/ids')).json(); }\nexport async function f(byId: Record<string, string>, request: { ids: string[] }) {\n  await mapWithConcurrency(Object.entries(byId), 8, ([id]) => load(id));\n  await Promise.all(request.ids.map(load));\n  await Promise.all((await listIds()).map(load));\n  await Promise.all(request.ids.slice(0, 100).map(load));\n}\n`) } },
        { line: 6, column: 9, fixes: { limitConcurrency: withHelper(`${load}async function listIds(): Promise<string[]> { return (await fetch('/ids')).json(); }\nexport async function f(byId: Record<string, string>, request: { ids: string[] }) {\n  await Promise.all(Object.entries(byId).map(([id]) => load(id)));\n  await Promise.all(request.ids.map(load));\n  await mapWithConcurrency((await listIds()), 8, load);\n  await Promise.all(request.ids.slice(0, 100).map(load));\n}\n`) } },
      ],
    },
    {
      // A function merely named like a limiter, not p-limit's, bounds nothing.
      code: `${load}const limit = (task: () => Promise<string>) => task();\nexport async function f(ids: string[]) {\n  await Promise.all(ids.map((id) => limit(() => load(id))));\n}\n`,
      errors: [
        {
          line: 4,
          column: 9,
          fixes: { limitConcurrency: withHelper(`${load}const limit = (task: () => Promise<string>) => task();\nexport async function f(ids: string[]) {\n  await mapWithConcurrency(ids, 8, (id) => limit(() => load(id)));\n}\n`) },
        },
      ],
    },
    {
      // A callback that may return a non-promise, or looks at the whole array: reported without a rewrite.
      code: `${load}export async function f(ids: string[]) {\n  await Promise.all(ids.map((id) => (id ? load(id) : null)));\n  await Promise.all(ids.map((id, i, all) => load(id + all.length)));\n}\n`,
      errors: [
        { line: 3, column: 9, fixes: {} },
        { line: 4, column: 9, fixes: {} },
      ],
    },
    {
      // JavaScript gets the helper without types.
      filename: 'file.js',
      code: "async function load(id) { return (await fetch('/items/' + id)).text(); }\nexport async function loadAll(ids) {\n  return Promise.all(ids.map((id) => load(id)));\n}\n",
      errors: [
        {
          line: 3,
          column: 10,
          fixes: {
            limitConcurrency: `async function load(id) { return (await fetch('/items/' + id)).text(); }\nexport async function loadAll(ids) {\n  return mapWithConcurrency(ids, 8, (id) => load(id));\n}\n\n${helperSource({ fileName: 'file.js' } as never)}`,
          },
        },
      ],
    },
    {
      // A variable given the caller's array in one branch and a one-element array in the other; each task
      // saves through a method of the project that writes a file. allSettled has no bounded form here.
      node: true,
      code: `import { writeFile } from 'node:fs/promises';\nclass Model {\n  async save(doc: { id: string }): Promise<void> {\n    await writeFile('/data/' + doc.id + '.json', JSON.stringify(doc));\n  }\n}\nexport async function saveAll(model: Model, input: { id: string } | { id: string }[]) {\n  let args: { id: string }[];\n  if (Array.isArray(input)) args = input;\n  else args = [input];\n  return Promise.allSettled(args.map(async (d) => model.save(d)));\n}\n`,
      errors: [{ line: 11, column: 10, fixes: {} }],
    },
    {
      // The rows of a query: as many as the table has.
      files: DATABASE_TYPES,
      code: `import type { Pool } from 'pg';\nexport async function refreshFeeds(pool: Pool) {\n  const { rows } = await pool.query<{ url: string }>('select url from feeds');\n  await Promise.all(rows.map((row) => fetch(row.url)));\n}\n`,
      errors: [
        {
          line: 4,
          column: 9,
          fixes: {
            limitConcurrency: withHelper(
              `import type { Pool } from 'pg';\nexport async function refreshFeeds(pool: Pool) {\n  const { rows } = await pool.query<{ url: string }>('select url from feeds');\n  await mapWithConcurrency(rows, 8, (row) => fetch(row.url));\n}\n`,
            ),
          },
        },
      ],
    },
    {
      // A parameter array in JavaScript, typed by JSDoc.
      filename: 'file.js',
      code: `/** @param {string[]} urls */\nexport async function fetchAllUrls(urls) {\n  return Promise.all(urls.map((url) => fetch(url, { signal: AbortSignal.timeout(10_000) })));\n}\n`,
      errors: [
        {
          line: 3,
          column: 10,
          fixes: {
            limitConcurrency: `/** @param {string[]} urls */\nexport async function fetchAllUrls(urls) {\n  return mapWithConcurrency(urls, 8, (url) => fetch(url, { signal: AbortSignal.timeout(10_000) }));\n}\n\n${helperSource({ fileName: 'file.js' } as never)}`,
          },
        },
      ],
    },
  ],
});
