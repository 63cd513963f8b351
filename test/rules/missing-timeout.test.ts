import rule from '../../server/src/rules/missing-timeout';
import { ruleTests } from '../helpers/ruleTester';
import { HTTP_CLIENT_TYPES } from './libraryTypes';

const URL_ = "const url = 'https://api.example.com/users';\n";
const clients = { files: HTTP_CLIENT_TYPES };
const SIGNAL = 'signal: AbortSignal.timeout(10000)';

ruleTests(rule, {
  valid: [
    // A timeout or a signal, any AbortSignal.
    `${URL_}export const f = () => fetch(url, { signal: AbortSignal.timeout(5000) });`,
    `${URL_}export const f = (signal: AbortSignal) => fetch(url, { signal });`,
    `${URL_}export const f = (controller: AbortController) => fetch(url, { method: 'POST', signal: controller.signal });`,
    `${URL_}export const f = (signal?: AbortSignal) => fetch(url, { signal: AbortSignal.any([signal ?? AbortSignal.timeout(1000)]) });`,
    // Options from the caller, or spread from them, may carry a signal: not ours to judge.
    `${URL_}export const f = (init: RequestInit) => fetch(url, init);`,
    `${URL_}export const f = (init?: RequestInit) => fetch(url, { ...init, method: 'POST' });`,
    // A Request object carries its own signal.
    `export const f = (request: Request) => fetch(request);`,
    // Not the global fetch: a local function, a method that happens to be called fetch.
    `${URL_}function fetch(address: string) { return address; }\nexport const f = () => fetch(url);`,
    `${URL_}declare const cache: { fetch(key: string): Promise<string> };\nexport const f = () => cache.fetch(url);`,
    `${URL_}declare const git: { fetch(remote: string, options?: {}): Promise<void> };\nexport const f = () => git.fetch('origin');`,
    // Wrapped in a timeout.
    `${URL_}declare function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T>;\nexport const f = () => withTimeout(fetch(url).then((r) => r.json()), 5000);`,
    `${URL_}declare function withTimeout<T>(work: () => Promise<T>, ms: number): Promise<T>;\nexport const f = () => withTimeout(async () => {\n  const response = await fetch(url);\n  return response.json();\n}, 5000);`,
    `${URL_}declare function timeout(ms: number): Promise<never>;\nexport const f = () => Promise.race([fetch(url), timeout(5000)]);`,
    // node:http and node:https with a timeout, a signal, or a timeout set on the request afterwards.
    { node: true, code: `import * as http from 'node:http';\n${URL_}export const f = () => http.get(url, { timeout: 5000 }, (res) => res.resume());` },
    { node: true, code: `import https from 'node:https';\nexport const f = (signal: AbortSignal) => https.request({ host: 'example.com', path: '/', signal });` },
    { node: true, code: `import * as http from 'node:http';\n${URL_}export const f = () => http.get(url, (res) => res.resume()).setTimeout(5000);` },
    { node: true, code: `import { request } from 'node:https';\n${URL_}export function f() {\n  const req = request(url);\n  req.setTimeout(5000, () => req.destroy());\n  req.end();\n}` },
    { node: true, code: `import * as http from 'node:http';\nexport const f = (options: http.RequestOptions) => http.get(options);` },
    // A user's own object called http.
    `${URL_}const http = { get(address: string) { return address; } };\nexport const f = () => http.get(url);`,
    // axios: a timeout per call, on the instance, or as a global default somewhere in the project.
    { ...clients, code: `import axios from 'axios';\n${URL_}export const f = () => axios.get(url, { timeout: 5000 });` },
    { ...clients, code: `import axios from 'axios';\n${URL_}export const f = (signal: AbortSignal) => axios.post(url, { name: 'x' }, { signal });` },
    { ...clients, code: `import axios from 'axios';\n${URL_}const api = axios.create({ baseURL: 'https://api.example.com', timeout: 5000 });\nexport const f = () => api.get('/users');` },
    { ...clients, code: `import axios from 'axios';\nconst api = axios.create({ baseURL: 'https://api.example.com' });\napi.defaults.timeout = 5000;\nexport const f = () => api.get('/users');` },
    { files: { ...HTTP_CLIENT_TYPES, 'setup.ts': "import axios from 'axios';\naxios.defaults.timeout = 5000;\n" }, code: `import axios from 'axios';\n${URL_}export const f = () => axios.get(url);` },
    { ...clients, code: `import axios from 'axios';\n${URL_}export const f = () => axios.getUri({ url });` },
    { ...clients, code: `import type { AxiosInstance } from 'axios';\nexport const f = (api: AxiosInstance) => api.get('/users');` },
    // got and undici with their timeouts; an undici Client configured elsewhere.
    { ...clients, code: `import got from 'got';\n${URL_}export const f = () => got(url, { timeout: { request: 5000 } });` },
    { ...clients, code: `import got from 'got';\nconst client = got.extend({ prefixUrl: 'https://api.example.com', timeout: { request: 5000 } });\nexport const f = () => client.get('users');` },
    { ...clients, code: `import { request } from 'undici';\n${URL_}export const f = () => request(url, { headersTimeout: 5000, bodyTimeout: 5000 });` },
    { ...clients, code: `import { Client } from 'undici';\nexport const f = (client: Client) => client.request({ path: '/' });` },
    // Generated code: a generator's mark, or ESLint or type checking off for the whole file (as
    // compiler-emitted glue ships), or a minified bundle. Nobody here edits it.
    `/* eslint-disable */\n${URL_}export const f = () => fetch(url);`,
    `// @ts-nocheck\n'use strict';\n${URL_}export const f = () => fetch(url);`,
    `/**\n * Client for the users service.\n * Code generated by an OpenAPI generator. DO NOT EDIT.\n */\n${URL_}export const f = () => fetch(url);`,
    `${URL_}export const f = () => fetch(url);${' '.repeat(10)}export const g = ${JSON.stringify('x'.repeat(6000))};`,
    // Reading memory, not the network: data: and blob: URLs.
    "declare const canvas: HTMLCanvasElement;\nexport const f = () => fetch(canvas.toDataURL('image/png'));",
    'export async function f(blob: Blob) {\n  const address = URL.createObjectURL(blob);\n  return fetch(address);\n}',
    'export const f = (base64: string) => fetch(`data:image/png;base64,${base64}`);',
    // Options built step by step, where a signal may be added: `let`, property assignments, Object.assign.
    `${URL_}export function f(signal?: AbortSignal) {\n  const init = { method: 'GET' };\n  if (signal) Object.assign(init, { signal });\n  return fetch(url, init);\n}`,
    `${URL_}export function f(retry: boolean) {\n  let init = { method: 'GET' };\n  if (retry) init = { method: 'GET', ...{ signal: AbortSignal.timeout(100) } };\n  return fetch(url, init);\n}`,
    // A controller made beside the call: cancellation is handled there, in a way not followed here.
    `${URL_}export async function poll() {\n  const controller = new AbortController();\n  const timer = setTimeout(() => controller.abort(), 5000);\n  try {\n    const settings = { method: 'GET' };\n    Reflect.set(settings, 'signal', controller.signal);\n    return await fetch(url, settings);\n  } finally {\n    clearTimeout(timer);\n  }\n}`,
    // A beacon meant to outlive the page: nothing waits for its answer.
    `${URL_}export const f = (body: string) => fetch(url, { method: 'POST', body, keepalive: true });`,
    // A request interceptor may set every request's timeout.
    { ...clients, code: `import axios from 'axios';\nconst api = axios.create({ baseURL: 'https://api.example.com' });\napi.interceptors.request.use((config) => ({ ...config, timeout: 5000 }));\nexport const f = () => api.get('/users');` },
  ],
  invalid: [
    {
      code: `${URL_}export async function getUsers() {\n  const response = await fetch(url);\n  return response.json();\n}\n`,
      errors: [
        {
          line: 3,
          column: 26,
          endLine: 3,
          endColumn: 31,
          // The default test program has the DOM library and no Node.js types: browser code.
          messageId: 'missingSignalBrowser',
          fixes: { addTimeout: `${URL_}export async function getUsers() {\n  const response = await fetch(url, { ${SIGNAL} });\n  return response.json();\n}\n` },
        },
      ],
    },
    {
      // Merged into an existing init object; the option sets the timeout.
      code: `${URL_}export const f = (body: string) => fetch(url, { method: 'POST', body });\n`,
      options: { defaultTimeoutMs: 2500 },
      errors: [{ line: 2, column: 36, fixes: { addTimeout: `${URL_}export const f = (body: string) => fetch(url, { method: 'POST', body, signal: AbortSignal.timeout(2500) });\n` } }],
    },
    {
      // A multi-line object with a trailing comma keeps its layout.
      code: `${URL_}export const f = (body: string) =>\n  fetch(url, {\n    method: 'POST',\n    body,\n  });\n`,
      errors: [{ line: 3, column: 3, fixes: { addTimeout: `${URL_}export const f = (body: string) =>\n  fetch(url, {\n    method: 'POST',\n    body,\n    ${SIGNAL},\n  });\n` } }],
    },
    {
      // An empty object, a variable whose type has no signal, `undefined`.
      code: `${URL_}const init = { method: 'DELETE' };\nexport const a = () => fetch(url, {});\nexport const b = () => fetch(url, init);\nexport const c = () => fetch(url, undefined);\n`,
      errors: [
        { line: 3, column: 24, fixes: { addTimeout: `${URL_}const init = { method: 'DELETE' };\nexport const a = () => fetch(url, { ${SIGNAL} });\nexport const b = () => fetch(url, init);\nexport const c = () => fetch(url, undefined);\n` } },
        { line: 4, column: 24, fixes: { addTimeout: `${URL_}const init = { method: 'DELETE' };\nexport const a = () => fetch(url, {});\nexport const b = () => fetch(url, { ...init, ${SIGNAL} });\nexport const c = () => fetch(url, undefined);\n` } },
        { line: 5, column: 24, fixes: { addTimeout: `${URL_}const init = { method: 'DELETE' };\nexport const a = () => fetch(url, {});\nexport const b = () => fetch(url, init);\nexport const c = () => fetch(url, { ${SIGNAL} });\n` } },
      ],
    },
    {
      // A spread of something that cannot carry a signal.
      code: `${URL_}const headers = { accept: 'application/json' };\nexport const f = () => fetch(url, { ...{ headers } });\n`,
      errors: [{ line: 3, column: 24, fixes: { addTimeout: `${URL_}const headers = { accept: 'application/json' };\nexport const f = () => fetch(url, { ...{ headers }, ${SIGNAL} });\n` } }],
    },
    {
      // The global fetch of Node's types.
      node: true,
      compilerOptions: { lib: ['lib.es2023.d.ts'] },
      code: `${URL_}export const f = () => globalThis.fetch(url);\n`,
      errors: [{ line: 2, column: 24, fixes: { addTimeout: `${URL_}export const f = () => globalThis.fetch(url, { ${SIGNAL} });\n` } }],
    },
    {
      // node:http and node:https: the options go before the callback, or into the options object.
      node: true,
      code: `import * as http from 'node:http';\nimport https from 'node:https';\n${URL_}export function f() {\n  http.get(url, (res) => res.resume());\n  https.request({ host: 'example.com', path: '/' }, (res) => res.resume()).end();\n}\n`,
      errors: [
        {
          line: 5,
          column: 3,
          messageId: 'missingSignalNode',
          fixes: { addTimeout: `import * as http from 'node:http';\nimport https from 'node:https';\n${URL_}export function f() {\n  http.get(url, { ${SIGNAL} }, (res) => res.resume());\n  https.request({ host: 'example.com', path: '/' }, (res) => res.resume()).end();\n}\n` },
        },
        {
          line: 6,
          column: 3,
          fixes: { addTimeout: `import * as http from 'node:http';\nimport https from 'node:https';\n${URL_}export function f() {\n  http.get(url, (res) => res.resume());\n  https.request({ host: 'example.com', path: '/', ${SIGNAL} }, (res) => res.resume()).end();\n}\n` },
        },
      ],
    },
    {
      // axios: the config argument is added where the method takes it, with `undefined` for a missing body.
      ...clients,
      code: `import axios from 'axios';\n${URL_}export async function f() {\n  await axios.get(url);\n  await axios.post(url, { name: 'x' });\n  await axios.put(url);\n  await axios({ url, method: 'PATCH' });\n}\n`,
      errors: [
        { line: 4, column: 9, messageId: 'missingTimeoutBrowser', fixes: { addTimeout: `import axios from 'axios';\n${URL_}export async function f() {\n  await axios.get(url, { timeout: 10000 });\n  await axios.post(url, { name: 'x' });\n  await axios.put(url);\n  await axios({ url, method: 'PATCH' });\n}\n` } },
        { line: 5, column: 9, fixes: { addTimeout: `import axios from 'axios';\n${URL_}export async function f() {\n  await axios.get(url);\n  await axios.post(url, { name: 'x' }, { timeout: 10000 });\n  await axios.put(url);\n  await axios({ url, method: 'PATCH' });\n}\n` } },
        { line: 6, column: 9, fixes: { addTimeout: `import axios from 'axios';\n${URL_}export async function f() {\n  await axios.get(url);\n  await axios.post(url, { name: 'x' });\n  await axios.put(url, undefined, { timeout: 10000 });\n  await axios({ url, method: 'PATCH' });\n}\n` } },
        { line: 7, column: 9, fixes: { addTimeout: `import axios from 'axios';\n${URL_}export async function f() {\n  await axios.get(url);\n  await axios.post(url, { name: 'x' });\n  await axios.put(url);\n  await axios({ url, method: 'PATCH', timeout: 10000 });\n}\n` } },
      ],
    },
    {
      // An axios instance created without a timeout.
      ...clients,
      code: `import axios from 'axios';\nconst api = axios.create({ baseURL: 'https://api.example.com' });\nexport const f = () => api.get('/users');\n`,
      errors: [{ line: 3, column: 24, fixes: { addTimeout: `import axios from 'axios';\nconst api = axios.create({ baseURL: 'https://api.example.com' });\nexport const f = () => api.get('/users', { timeout: 10000 });\n` } }],
    },
    {
      // got takes `timeout: { request }`; undici's request takes a signal.
      ...clients,
      code: `import got from 'got';\nimport { request } from 'undici';\n${URL_}export const a = () => got(url);\nexport const b = () => got.post(url, { json: {} });\nexport const c = () => request(url);\n`,
      errors: [
        { line: 4, column: 24, fixes: { addTimeout: `import got from 'got';\nimport { request } from 'undici';\n${URL_}export const a = () => got(url, { timeout: { request: 10000 } });\nexport const b = () => got.post(url, { json: {} });\nexport const c = () => request(url);\n` } },
        { line: 5, column: 24, fixes: { addTimeout: `import got from 'got';\nimport { request } from 'undici';\n${URL_}export const a = () => got(url);\nexport const b = () => got.post(url, { json: {}, timeout: { request: 10000 } });\nexport const c = () => request(url);\n` } },
        { line: 6, column: 24, fixes: { addTimeout: `import got from 'got';\nimport { request } from 'undici';\n${URL_}export const a = () => got(url);\nexport const b = () => got.post(url, { json: {} });\nexport const c = () => request(url, { ${SIGNAL} });\n` } },
      ],
    },
    {
      // A function named like a timeout helper must wrap the call, not sit beside it.
      code: `${URL_}declare function timeout(ms: number): Promise<never>;\nexport async function f() {\n  void timeout(1000);\n  return fetch(url);\n}\n`,
      errors: [{ line: 5, column: 10, fixes: { addTimeout: `${URL_}declare function timeout(ms: number): Promise<never>;\nexport async function f() {\n  void timeout(1000);\n  return fetch(url, { ${SIGNAL} });\n}\n` } }],
    },
    {
      // Node.js code: the message speaks of Node's fetch; axios in Node waits forever.
      node: true,
      files: HTTP_CLIENT_TYPES,
      code: `import axios from 'axios';\nimport { readFile } from 'node:fs/promises';\n${URL_}export async function f() {\n  await fetch(url, { body: await readFile('body.json') , method: 'POST' });\n  await axios.get(url);\n}\n`,
      errors: [
        { line: 5, column: 9, messageId: 'missingSignal', fixes: { addTimeout: `import axios from 'axios';\nimport { readFile } from 'node:fs/promises';\n${URL_}export async function f() {\n  await fetch(url, { body: await readFile('body.json') , method: 'POST', ${SIGNAL} });\n  await axios.get(url);\n}\n` } },
        { line: 6, column: 9, messageId: 'missingTimeout', fixes: { addTimeout: `import axios from 'axios';\nimport { readFile } from 'node:fs/promises';\n${URL_}export async function f() {\n  await fetch(url, { body: await readFile('body.json') , method: 'POST' });\n  await axios.get(url, { timeout: 10000 });\n}\n` } },
      ],
    },
    {
      // Browser code in a program that also has Node.js types: a component (JSX) or a file using the DOM.
      node: true,
      filename: 'file.tsx',
      code: `${URL_}export function Avatar() {\n  const load = () => fetch(url);\n  return <button onClick={load}>load</button>;\n}\n`,
      errors: [{ line: 3, column: 22, messageId: 'missingSignalBrowser', fixes: { addTimeout: `${URL_}export function Avatar() {\n  const load = () => fetch(url, { ${SIGNAL} });\n  return <button onClick={load}>load</button>;\n}\n` } }],
    },
    {
      node: true,
      code: `${URL_}export async function save() {\n  const response = await fetch(url, { method: 'PUT', body: document.title });\n  return response.ok;\n}\n`,
      errors: [{ line: 3, column: 26, messageId: 'missingSignalBrowser', fixes: { addTimeout: `${URL_}export async function save() {\n  const response = await fetch(url, { method: 'PUT', body: document.title, ${SIGNAL} });\n  return response.ok;\n}\n` } }],
    },
    {
      // A plain module of a React code base with Node.js types: browser code, since nothing but its tests uses Node.js.
      node: true,
      files: {
        'view.tsx': 'export const View = () => <div />;\n',
        'view.test.ts': "import { readFileSync } from 'node:fs';\nexport const fixture = readFileSync('fixture.json', 'utf8');\n",
      },
      code: `${URL_}export const load = () => fetch(url);\n`,
      errors: [{ line: 2, column: 27, messageId: 'missingSignalBrowser', fixes: { addTimeout: `${URL_}export const load = () => fetch(url, { ${SIGNAL} });\n` } }],
    },
    {
      // The shape of a request added to real code (the ecosystem check's mutation): a helper at the end
      // of a file, after code of all kinds, in TypeScript and in JavaScript with JSDoc.
      node: true,
      code: `import { EventEmitter } from 'node:events';\nexport class Pool extends EventEmitter {\n  private readonly controller = new AbortController();\n  close() {\n    this.controller.abort();\n  }\n}\nasync function fetchStatus(url: string): Promise<number> {\n  const response = await fetch(url);\n  return response.status;\n}\nexport { fetchStatus };\n`,
      errors: [{ line: 9, column: 26, messageId: 'missingSignal', fixes: { addTimeout: `import { EventEmitter } from 'node:events';\nexport class Pool extends EventEmitter {\n  private readonly controller = new AbortController();\n  close() {\n    this.controller.abort();\n  }\n}\nasync function fetchStatus(url: string): Promise<number> {\n  const response = await fetch(url, { ${SIGNAL} });\n  return response.status;\n}\nexport { fetchStatus };\n` } }],
    },
    {
      node: true,
      filename: 'file.js',
      code: `'use strict';\nconst { EventEmitter } = require('node:events');\nclass Pool extends EventEmitter {}\n/** @param {string} url */\nasync function fetchStatus(url) {\n  const response = await fetch(url);\n  return response.status;\n}\nmodule.exports = { Pool, fetchStatus };\n`,
      errors: [{ line: 6, column: 26, messageId: 'missingSignal', fixes: { addTimeout: `'use strict';\nconst { EventEmitter } = require('node:events');\nclass Pool extends EventEmitter {}\n/** @param {string} url */\nasync function fetchStatus(url) {\n  const response = await fetch(url, { ${SIGNAL} });\n  return response.status;\n}\nmodule.exports = { Pool, fetchStatus };\n` } }],
    },
    {
      // One long line of test data does not make a hand-written file generated.
      code: `${URL_}const fixture = ${JSON.stringify('x'.repeat(3000))};\n${'// step\n'.repeat(20)}export const f = () => fetch(url, { body: fixture, method: 'POST' });\n`,
      errors: [
        {
          line: 23,
          column: 24,
          fixes: { addTimeout: `${URL_}const fixture = ${JSON.stringify('x'.repeat(3000))};\n${'// step\n'.repeat(20)}export const f = () => fetch(url, { body: fixture, method: 'POST', ${SIGNAL} });\n` },
        },
      ],
    },
    {
      // JavaScript.
      filename: 'file.js',
      code: `${URL_}export async function f() {\n  return (await fetch(url)).json();\n}\n`,
      errors: [{ line: 3, column: 17, fixes: { addTimeout: `${URL_}export async function f() {\n  return (await fetch(url, { ${SIGNAL} })).json();\n}\n` } }],
    },
  ],
});
