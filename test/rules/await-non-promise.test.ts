import rule from '../../server/src/rules/await-non-promise';
import { ruleTests } from '../helpers/ruleTester';

const disposableLibs = { lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.esnext.disposable.d.ts'] };
const head = 'declare function total(): number;\ndeclare function load(): Promise<number>;\n';

ruleTests(rule, {
  valid: [
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
      code: `${head}declare const values: number[];\nexport async function f() {\n  await Promise.all([load(), 1]);\n  await Promise.race(values);\n}`,
      errors: [
        { line: 5, column: 30, messageId: 'aggregatorInput', fixes: {} },
        { line: 6, column: 22, messageId: 'aggregatorInput', fixes: {} },
      ],
    },
    {
      // JavaScript: types come from inference.
      filename: 'file.js',
      code: 'function total() {\n  return 1;\n}\nexport async function f() {\n  return await total();\n}\n',
      errors: [{ line: 5, column: 10, fixes: { removeAwait: 'function total() {\n  return 1;\n}\nexport async function f() {\n  return total();\n}\n' } }],
    },
  ],
});
