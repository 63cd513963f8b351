import { PATTERN_SOURCES } from '../../server/src/patterns/sources';
import rule from '../../server/src/rules/sequential-await';
import { helperSource } from '../../server/src/rules/util/boundedFix';
import { ruleTests } from '../helpers/ruleTester';
import { DATABASE_TYPES, LIBRARY_TYPES, P_LIMIT_TYPES } from './libraryTypes';

const decl = [
  "async function load(id: string): Promise<string> { const response = await fetch('/items/' + id); return response.text(); }",
  "async function save(id: string): Promise<void> { await fetch('/items/' + id, { method: 'PUT' }); }",
  'declare function sleep(ms: number): Promise<void>;',
  '',
].join('\n');
const HELPER = PATTERN_SOURCES.mapWithConcurrency;
const withHelper = (code: string) => `${code}\n${HELPER}`;

ruleTests(rule, {
  valid: [
    // Loops that exit or continue on the awaited result.
    `${decl}export async function f(ids: string[]) {\n  for (const id of ids) {\n    const page = await load(id);\n    if (page) return page;\n  }\n  return undefined;\n}`,
    `${decl}export async function f(ids: string[]) {\n  for (const id of ids) {\n    if ((await load(id)) === 'stop') break;\n  }\n}`,
    `${decl}export async function f(ids: string[], out: string[]) {\n  for (const id of ids) {\n    const page = await load(id);\n    if (!page) continue;\n    out.push(page);\n  }\n}`,
    `${decl}export async function f(ids: string[]) {\n  outer: for (const group of [ids]) {\n    for (const id of group) {\n      if (await load(id)) break outer;\n    }\n  }\n}`,
    // Results that feed the next iteration or the condition: pagination and cursors.
    `${decl}declare function list(cursor?: string): Promise<{ items: string[]; next?: string }>;\nexport async function all() {\n  const items: string[] = [];\n  let cursor: string | undefined;\n  do {\n    const page = await list(cursor);\n    items.push(...page.items);\n    cursor = page.next;\n  } while (cursor);\n  return items;\n}`,
    `${decl}declare function list(page: number): Promise<string[]>;\nexport async function all() {\n  for (let page = 1; ; page++) {\n    const items = await list(page);\n    if (items.length === 0) break;\n  }\n}`,
    `${decl}declare function list(region: string, token?: string): Promise<{ next?: string }>;\nexport async function all(regions: string[]) {\n  let token: string | undefined;\n  for (const region of regions) {\n    const page = await list(region, token);\n    token = page.next;\n  }\n}`,
    `${decl}declare function list(query: { region: string; cursor?: string }): Promise<{ next?: string }>;\nexport async function all(regions: string[]) {\n  let cursor: string | undefined;\n  for (const region of regions) {\n    const page = await list({ region, cursor });\n    cursor = page.next;\n  }\n}`,
    `${decl}export async function f(ids: string[]) {\n  let budget = 100;\n  for (const id of ids) {\n    if (budget <= 0) return;\n    budget -= (await load(id)).length;\n  }\n}`,
    // Retry and polling loops: a delay awaited in the loop, a try/catch that retries.
    `${decl}declare function send(): Promise<void>;\nexport async function f() {\n  let lastError: unknown;\n  for (let attempt = 0; attempt < 3; attempt++) {\n    try {\n      return await send();\n    } catch (error) {\n      lastError = error;\n    }\n  }\n  throw lastError;\n}`,
    `${decl}declare function ping(attempt: number): Promise<boolean>;\nexport async function f() {\n  for (let attempt = 1; attempt <= 5; attempt++) {\n    await ping(attempt);\n    await sleep(attempt * 100);\n  }\n}`,
    `${decl}declare function isReady(): Promise<boolean>;\nexport async function f() {\n  while (!(await isReady())) {\n    await sleep(100);\n  }\n}`,
    { node: true, code: `import { setTimeout } from 'node:timers/promises';\n${decl}export async function f(ids: string[]) {\n  for (const id of ids) {\n    await save(id);\n    await setTimeout(100);\n  }\n}` },
    `${decl}export async function f(ids: string[]) {\n  for (const id of ids) {\n    await save(id);\n    await new Promise((resolve) => setTimeout(resolve, 100));\n  }\n}`,
    `${decl}const nap = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));\nexport async function f(ids: string[]) {\n  for (const id of ids) {\n    await save(id);\n    await nap(50);\n  }\n}`,
    // The same call every time: repeated, not per item.
    `${decl}declare function warmUp(): Promise<void>;\nexport async function f() {\n  for (let i = 0; i < 3; i++) await warmUp();\n}`,
    // for await, queue consumers, service loops and worker pools.
    `${decl}export async function f(stream: AsyncIterable<string>) {\n  for await (const chunk of stream) {\n    await save(chunk);\n  }\n}`,
    `${decl}export async function drain(queue: string[]) {\n  while (queue.length > 0) {\n    const job = queue.shift()!;\n    await save(job);\n  }\n}`,
    `${decl}declare function receive(): Promise<string>;\nexport async function serve() {\n  for (;;) {\n    const message = await receive();\n    await save(message);\n  }\n}`,
    `${decl}export async function serve(state: { running: boolean }, next: () => Promise<string>) {\n  while (state.running) {\n    await save(await next());\n  }\n}`,
    HELPER,
    // Awaits that are not the loop's work: after the loop, in a nested function, of promises already running.
    `${decl}export async function f(ids: string[]) {\n  const tasks: Promise<void>[] = [];\n  for (const id of ids) tasks.push(save(id));\n  await Promise.all(tasks);\n}`,
    `${decl}export function f(ids: string[], on: (handler: () => Promise<void>) => void) {\n  for (const id of ids) {\n    on(async () => {\n      await save(id);\n    });\n  }\n}`,
    `${decl}export async function f(pending: Promise<string>[]) {\n  const results: string[] = [];\n  for (const promise of pending) results.push(await promise);\n  return results;\n}`,
    // Batches bounded by hand, limiters, locks.
    `${decl}export async function f(batches: string[][]) {\n  for (const batch of batches) await Promise.all(batch.map(load));\n}`,
    `${decl}${HELPER}export async function f(batches: string[][]) {\n  for (const batch of batches) await mapWithConcurrency(batch, 4, load);\n}`,
    { files: LIBRARY_TYPES, code: `${decl}import pLimit from 'p-limit';\nconst limit = pLimit(2);\nexport async function f(ids: string[]) {\n  for (const id of ids) await limit(() => save(id));\n}` },
    `${decl}declare const mutex: { runExclusive<T>(work: () => Promise<T>): Promise<T> };\nexport async function f(ids: string[]) {\n  for (const id of ids) await mutex.runExclusive(() => save(id));\n}`,
    // Pipelines: the element is the step to run, or the collection is ordered by nature.
    `${decl}export async function run(steps: ((input: string) => Promise<void>)[]) {\n  for (const step of steps) await step('input');\n}`,
    `${decl}export async function migrate(migrations: { up(): Promise<void> }[]) {\n  for (const migration of migrations) await migration.up();\n}`,
    // State carried from one iteration to the next: a buffer that is flushed, ids already seen.
    `${decl}declare function flush(rows: string[]): Promise<void>;\nexport async function f(rows: string[]) {\n  const buffer: string[] = [];\n  for (const row of rows) {\n    buffer.push(row);\n    if (buffer.length >= 100) await flush(buffer.splice(0));\n  }\n}`,
    `${decl}export async function f(ids: string[]) {\n  const seen = new Set<string>();\n  for (const id of ids) {\n    if (seen.has(id)) continue;\n    seen.add(id);\n    await save(id);\n  }\n}`,
    // An async generator streams its results in order.
    `${decl}export async function* f(ids: string[]) {\n  for (const id of ids) yield await load(id);\n}`,
    // A while loop that is not a counted range.
    `${decl}export async function f(ids: string[]) {\n  let i = 0;\n  while (i < ids.length && ids[i] !== 'stop') {\n    await save(ids[i]);\n    i += (await load(ids[i])).length;\n  }\n}`,
    // Work ordered on one resource. A migration's statements undone in reverse on one connection:
    { files: DATABASE_TYPES, code: `import type { Client } from 'pg';\nexport async function down(client: Client, statements: string[]) {\n  for (const sql of [...statements].reverse()) {\n    await client.query(sql);\n  }\n}` },
    // Commands queued into one transaction.
    { files: DATABASE_TYPES, code: `import type { Pool } from 'pg';\nexport async function applyAll(pool: Pool, commands: { text: string; values: unknown[] }[]) {\n  const client = await pool.connect();\n  await client.query('BEGIN');\n  for (const command of commands) await client.query(command.text, command.values);\n  await client.query('COMMIT');\n}` },
    // Chunks written to one stream, each waiting for its write's callback; lines written to one file handle.
    { node: true, code: `import type { Writable } from 'node:stream';\nexport async function writeAll(out: Writable, chunks: Buffer[]) {\n  for (const chunk of chunks) {\n    await new Promise<void>((resolve, reject) => out.write(chunk, (error) => (error ? reject(error) : resolve())));\n  }\n}` },
    { node: true, code: `import { open } from 'node:fs/promises';\nexport async function writeLines(path: string, lines: string[]) {\n  const file = await open(path, 'w');\n  for (const line of lines) await file.write(line + '\\n');\n  await file.close();\n}` },
    // UI test steps that change the same input and wait for it.
    `declare const user: { type(element: Element, text: string): Promise<void> };\ndeclare function waitFor(check: () => void): Promise<void>;\nexport async function typeEach(input: HTMLInputElement, words: string[]) {\n  for (const word of words) {\n    await user.type(input, word);\n    await waitFor(() => {\n      if (!input.value.endsWith(word)) throw new Error('not yet');\n    });\n  }\n}`,
    // A shared object handed to each call (a client, a session): what the callee does with it may need order.
    `${decl}async function execute(session: { id: string }, operation: string) { await fetch('/sessions/' + session.id, { method: 'POST', body: operation }); }\nexport async function runAll(session: { id: string }, operations: string[]) {\n  for (const operation of operations) await execute(session, operation);\n}`,
    // Deliberate branches: the same work run in order on one branch and concurrently on the other.
    { node: true, code: `import { rm } from 'node:fs/promises';\nexport async function removeAll(driver: string, paths: string[]) {\n  if (driver === 'postgres') {\n    for (const path of paths) await rm(path);\n  } else {\n    await Promise.all(paths.map((path) => rm(path)));\n  }\n}` },
    `${decl}export async function insertAll(docs: string[], options: { ordered: boolean }) {\n  if (options.ordered) {\n    for (const doc of docs) await save(doc);\n    return;\n  }\n  await Promise.all(docs.map((doc) => save(doc)));\n}`,
    // Work that is not I/O: in-memory validation, and a function known only by its declaration.
    `async function check(value: string): Promise<void> {\n  if (!value.trim()) throw new Error('empty');\n}\nexport async function checkAll(values: string[]) {\n  for (const value of values) await check(value);\n}`,
    `declare function fetchLike(id: string): Promise<string>;\nexport async function f(ids: string[]) {\n  for (const id of ids) await fetchLike(id);\n}`,
    // The body changes shared state: the order of the iterations is part of the result.
    `${decl}export async function f(ids: string[], state: { current?: string }) {\n  for (const id of ids) {\n    state.current = id;\n    await save(id);\n  }\n}`,
    `${decl}export class Uploader {\n  done = 0;\n  async run(ids: string[]) {\n    for (const id of ids) {\n      await save(id);\n      this.done++;\n    }\n  }\n}`,
  ],
  invalid: [
    {
      // Collecting results over a small literal list: Promise.all.
      code: `${decl}export async function f() {\n  const pages: string[] = [];\n  for (const id of ['home', 'about']) {\n    pages.push(await load(id));\n  }\n  return pages;\n}\n`,
      errors: [
        {
          line: 7,
          column: 16,
          endLine: 7,
          endColumn: 30,
          messageId: 'sequential',
          fixes: { runConcurrently: `${decl}export async function f() {\n  const pages: string[] = await Promise.all(['home', 'about'].map((id) => load(id)));\n  return pages;\n}\n` },
        },
      ],
    },
    {
      // Over data: the bounded form, with the helper added to the file.
      code: `${decl}export async function f(ids: string[]) {\n  const pages = [];\n  for (const id of ids) pages.push(await load(id));\n  return pages;\n}\n`,
      errors: [
        {
          line: 6,
          column: 36,
          fixes: { runBounded: withHelper(`${decl}export async function f(ids: string[]) {\n  const pages = await mapWithConcurrency(ids, 8, (id) => load(id));\n  return pages;\n}\n`) },
        },
      ],
    },
    {
      // A body that does work per item and returns nothing; the concurrency option.
      code: `${decl}export async function f(users: string[]) {\n  for (const user of users) {\n    await save(user);\n  }\n}\n`,
      options: { concurrency: 3 },
      errors: [{ line: 6, column: 5, fixes: { runBounded: withHelper(`${decl}export async function f(users: string[]) {\n  await mapWithConcurrency(users, 3, (user) => save(user));\n}\n`) } }],
    },
    {
      // Several statements, a total that is only written, a try/catch per item: the block moves into the callback.
      code: `${decl}export async function f(ids: string[]) {\n  let total = 0;\n  for (const id of ids) {\n    try {\n      const page = await load(id);\n      total += page.length;\n    } catch (error) {\n      console.error(error);\n    }\n  }\n  return total;\n}\n`,
      errors: [
        {
          line: 8,
          column: 20,
          fixes: {
            runBounded: withHelper(
              `${decl}export async function f(ids: string[]) {\n  let total = 0;\n  await mapWithConcurrency(ids, 8, async (id) => {\n    try {\n      const page = await load(id);\n      total += page.length;\n    } catch (error) {\n      console.error(error);\n    }\n  });\n  return total;\n}\n`,
            ),
          },
        },
      ],
    },
    {
      // Collecting after more work: the pushed value becomes the callback's result.
      code: `${decl}export async function f(ids: string[]) {\n  const titles: string[] = [];\n  for (const id of ids) {\n    const page = await load(id);\n    titles.push(page.toUpperCase());\n  }\n  return titles;\n}\n`,
      errors: [
        {
          line: 7,
          column: 18,
          fixes: {
            runBounded: withHelper(
              `${decl}export async function f(ids: string[]) {\n  const titles: string[] = await mapWithConcurrency(ids, 8, async (id) => {\n    const page = await load(id);\n    return page.toUpperCase();\n  });\n  return titles;\n}\n`,
            ),
          },
        },
      ],
    },
    {
      // An array that already has elements: the results are appended in order.
      code: `${decl}export async function f() {\n  const out = ['header'];\n  out.push('intro');\n  for (const id of ['a', 'b'] as const) out.push(await load(id));\n  return out;\n}\n`,
      errors: [{ line: 7, column: 50, fixes: { runConcurrently: `${decl}export async function f() {\n  const out = ['header'];\n  out.push('intro');\n  out.push(...(await Promise.all((['a', 'b'] as const).map((id) => load(id)))));\n  return out;\n}\n` } }],
    },
    {
      // A Set: Array.from makes it an array for the helper.
      code: `${decl}export async function f(ids: Set<string>) {\n  for (const id of ids) await save(id);\n}\n`,
      errors: [{ line: 5, column: 25, fixes: { runBounded: withHelper(`${decl}export async function f(ids: Set<string>) {\n  await mapWithConcurrency(Array.from(ids), 8, (id) => save(id));\n}\n`) } }],
    },
    {
      // `total += await ...` reads total before waiting: reported, but not rewritten (the updates would race).
      code: `${decl}export async function f(ids: string[]) {\n  let total = 0;\n  for (const id of ids) total += (await load(id)).length;\n  return total;\n}\n`,
      errors: [{ line: 6, column: 35, fixes: {} }],
    },
    {
      // A guard that skips items before any await does not make iterations depend on each other.
      code: `${decl}export async function f(users: { id: string; active: boolean }[]) {\n  for (const user of users) {\n    if (!user.active) continue;\n    await save(user.id);\n  }\n}\n`,
      errors: [{ line: 7, column: 5, fixes: {} }],
    },
    {
      // for...in, a counted for loop and a counted while loop: reported without a rewrite.
      code: `${decl}export async function f(record: Record<string, string>, ids: string[]) {\n  for (const key in record) {\n    await save(record[key]);\n  }\n  for (let i = 0; i < ids.length; i++) {\n    await save(ids[i]);\n  }\n  let j = 0;\n  while (j < ids.length) {\n    await save(ids[j]);\n    j++;\n  }\n}\n`,
      errors: [
        { line: 6, column: 5, fixes: {} },
        { line: 9, column: 5, fixes: {} },
        { line: 13, column: 5, fixes: {} },
      ],
    },
    {
      // Nested loops: the inner loop is the one that waits.
      code: `${decl}export async function f(groups: string[][]) {\n  for (const group of groups) {\n    for (const id of group) {\n      await save(id);\n    }\n  }\n}\n`,
      errors: [{ line: 7, column: 7, fixes: { runBounded: withHelper(`${decl}export async function f(groups: string[][]) {\n  for (const group of groups) {\n    await mapWithConcurrency(group, 8, (id) => save(id));\n  }\n}\n`) } }],
    },
    {
      // Where the project uses p-limit: a limiter instead of the helper.
      files: P_LIMIT_TYPES,
      code: `${decl}export async function f(users: string[]) {\n  for (const user of users) {\n    await save(user);\n  }\n}\n`,
      errors: [
        {
          line: 6,
          column: 5,
          fixes: { runBounded: `import pLimit from 'p-limit';\n${decl}export async function f(users: string[]) {\n  const limit = pLimit(8);\n  await Promise.all(users.map((user) => limit(() => save(user))));\n}\n` },
        },
      ],
    },
    {
      // A method of the element, a helper whose name only contains "delay", a Map's entries.
      code: `${decl}async function sendDelayedEmail(to: string): Promise<void> { await fetch('/mail/' + to, { method: 'POST' }); }\nclass User { constructor(readonly id: string) {} async save(): Promise<void> { await fetch('/users/' + this.id, { method: 'PUT' }); } }\nexport async function f(users: User[], emails: string[], byId: Map<string, string>) {\n  for (const user of users) await user.save();\n  for (const to of emails) await sendDelayedEmail(to);\n  for (const [id, name] of byId) await save(id + name);\n}\n`,
      errors: [
        { line: 7, column: 29, fixes: { runBounded: withHelper(`${decl}async function sendDelayedEmail(to: string): Promise<void> { await fetch('/mail/' + to, { method: 'POST' }); }\nclass User { constructor(readonly id: string) {} async save(): Promise<void> { await fetch('/users/' + this.id, { method: 'PUT' }); } }\nexport async function f(users: User[], emails: string[], byId: Map<string, string>) {\n  await mapWithConcurrency(users, 8, (user) => user.save());\n  for (const to of emails) await sendDelayedEmail(to);\n  for (const [id, name] of byId) await save(id + name);\n}\n`) } },
        { line: 8, column: 28, fixes: { runBounded: withHelper(`${decl}async function sendDelayedEmail(to: string): Promise<void> { await fetch('/mail/' + to, { method: 'POST' }); }\nclass User { constructor(readonly id: string) {} async save(): Promise<void> { await fetch('/users/' + this.id, { method: 'PUT' }); } }\nexport async function f(users: User[], emails: string[], byId: Map<string, string>) {\n  for (const user of users) await user.save();\n  await mapWithConcurrency(emails, 8, (to) => sendDelayedEmail(to));\n  for (const [id, name] of byId) await save(id + name);\n}\n`) } },
        { line: 9, column: 34, fixes: { runBounded: withHelper(`${decl}async function sendDelayedEmail(to: string): Promise<void> { await fetch('/mail/' + to, { method: 'POST' }); }\nclass User { constructor(readonly id: string) {} async save(): Promise<void> { await fetch('/users/' + this.id, { method: 'PUT' }); } }\nexport async function f(users: User[], emails: string[], byId: Map<string, string>) {\n  for (const user of users) await user.save();\n  for (const to of emails) await sendDelayedEmail(to);\n  await mapWithConcurrency(Array.from(byId), 8, ([id, name]) => save(id + name));\n}\n`) } },
      ],
    },
    {
      // The item passed in shorthand: `{ id }`.
      code: `${decl}async function post(body: { id: string }): Promise<void> { await fetch('/items', { method: 'POST', body: JSON.stringify(body) }); }\nexport async function f(ids: string[]) {\n  for (const id of ids) await post({ id });\n}\n`,
      errors: [{ line: 6, column: 25, fixes: { runBounded: withHelper(`${decl}async function post(body: { id: string }): Promise<void> { await fetch('/items', { method: 'POST', body: JSON.stringify(body) }); }\nexport async function f(ids: string[]) {\n  await mapWithConcurrency(ids, 8, (id) => post({ id }));\n}\n`) } }],
    },
    {
      // Top-level await in a module.
      code: `${decl}for (const id of ['a', 'b']) {\n  await save(id);\n}\nexport {};\n`,
      errors: [{ line: 5, column: 3, fixes: { runConcurrently: `${decl}await Promise.all(['a', 'b'].map((id) => save(id)));\nexport {};\n` } }],
    },
    {
      // JavaScript gets the helper without types.
      filename: 'file.js',
      code: "async function save(id) { await fetch('/items/' + id, { method: 'PUT' }); }\nexport async function f(ids) {\n  for (const id of ids) {\n    await save(id);\n  }\n}\n",
      errors: [
        {
          line: 4,
          column: 5,
          fixes: { runBounded: `async function save(id) { await fetch('/items/' + id, { method: 'PUT' }); }\nexport async function f(ids) {\n  await mapWithConcurrency(ids, 8, (id) => save(id));\n}\n\n${helperSource({ fileName: 'file.js' } as never)}` },
        },
      ],
    },
    {
      // A request per item, awaited in turn: the position is the request's, not the reading of its body.
      code: `export async function fetchEach(urls: string[]): Promise<unknown[]> {\n  const bodies: unknown[] = [];\n  for (const url of urls) {\n    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });\n    bodies.push(await response.json());\n  }\n  return bodies;\n}\n`,
      errors: [
        {
          line: 4,
          column: 22,
          fixes: {
            runBounded: withHelper(
              `export async function fetchEach(urls: string[]): Promise<unknown[]> {\n  const bodies: unknown[] = await mapWithConcurrency(urls, 8, async (url) => {\n    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });\n    return await response.json();\n  });\n  return bodies;\n}\n`,
            ),
          },
        },
      ],
    },
    {
      // A database call through the item's own object (each document saves itself): no shared connection.
      files: DATABASE_TYPES,
      code: `import type { Document } from 'mongoose';\nexport async function saveAll(docs: Document[]) {\n  for (const doc of docs) await doc.save();\n}\n`,
      errors: [{ line: 3, column: 27, fixes: { runBounded: withHelper(`import type { Document } from 'mongoose';\nexport async function saveAll(docs: Document[]) {\n  await mapWithConcurrency(docs, 8, (doc) => doc.save());\n}\n`) } }],
    },
    {
      // JavaScript typed by JSDoc: the same request per item.
      filename: 'file.js',
      code: `/** @param {string[]} urls */\nexport async function fetchEach(urls) {\n  const bodies = [];\n  for (const url of urls) {\n    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });\n    bodies.push(await response.json());\n  }\n  return bodies;\n}\n`,
      errors: [
        {
          line: 5,
          column: 22,
          fixes: {
            runBounded: `/** @param {string[]} urls */\nexport async function fetchEach(urls) {\n  const bodies = await mapWithConcurrency(urls, 8, async (url) => {\n    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });\n    return await response.json();\n  });\n  return bodies;\n}\n\n${helperSource({ fileName: 'file.js' } as never)}`,
          },
        },
      ],
    },
    {
      // Results pushed on more than one path: run concurrently, they would land in the order the tasks end,
      // so no rewrite is offered.
      code: `${decl}export async function f(ids: string[]) {\n  const out: string[] = [];\n  for (const id of ids) {\n    if (id.startsWith('#')) {\n      out.push(id);\n    } else {\n      out.push(await load(id));\n    }\n  }\n  return out;\n}\n`,
      errors: [{ line: 10, column: 16, fixes: {} }],
    },
  ],
});
