import rule from '../../server/src/rules/floating-promise';
import { ruleTests } from '../helpers/ruleTester';

const save = 'async function save(): Promise<void> {}\n';

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
          fixes: { addVoid: `${save}export function onClick(): void {\n  void save();\n}\n` },
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
          },
        },
      ],
    },
    {
      // .then with only a fulfilment handler leaves the rejection unhandled.
      code: `${save}function f() {\n  save().then(() => 1);\n}\n`,
      errors: [{ line: 3, column: 3, fixes: { addVoid: `${save}function f() {\n  void save().then(() => 1);\n}\n` } }],
    },
    {
      // .finally passes the rejection through.
      code: `${save}function f() {\n  save().finally(() => {});\n}\n`,
      errors: [{ line: 3, column: 3, fixes: { addVoid: `${save}function f() {\n  void save().finally(() => {});\n}\n` } }],
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
      errors: [{ line: 2, column: 1, fixes: { addVoid: 'const p = Promise.resolve(1);\nvoid p;\n' } }],
    },
    {
      // new Promise(...) as a statement, and a class derived from Promise.
      code: 'class Deferred extends Promise<void> {}\ndeclare const d: Deferred;\nnew Promise<void>((resolve) => resolve());\nd;\n',
      errors: [
        { line: 3, column: 1, fixes: { addVoid: 'class Deferred extends Promise<void> {}\ndeclare const d: Deferred;\nvoid new Promise<void>((resolve) => resolve());\nd;\n' } },
        { line: 4, column: 1, fixes: { addVoid: 'class Deferred extends Promise<void> {}\ndeclare const d: Deferred;\nnew Promise<void>((resolve) => resolve());\nvoid d;\n' } },
      ],
    },
    {
      // Async IIFE by default.
      code: '(async () => {\n  await 1;\n})();\n',
      errors: [{ line: 1, column: 1, fixes: { addVoid: 'void (async () => {\n  await 1;\n})();\n' } }],
    },
    {
      // `void` is accepted by default, reported with ignoreVoid off; the fix turns it into await in async code.
      code: `${save}async function f() {\n  void save();\n}\n`,
      options: { ignoreVoid: false },
      errors: [{ line: 3, column: 3, messageId: 'floatingVoid', fixes: { addAwait: `${save}async function f() {\n  await save();\n}\n` } }],
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
      errors: [{ line: 3, column: 3, fixes: { addVoid: 'async function save() {}\nfunction f() {\n  void save();\n}\n' } }],
    },
    {
      // The nearest function decides: a sync callback inside an async function gets no "add await".
      code: `${save}async function f() {\n  [1].forEach(() => {\n    save();\n  });\n}\n`,
      errors: [{ line: 4, column: 5, fixes: { addVoid: `${save}async function f() {\n  [1].forEach(() => {\n    void save();\n  });\n}\n` } }],
    },
  ],
});
