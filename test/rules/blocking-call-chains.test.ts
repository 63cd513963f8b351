import rule from '../../server/src/rules/blocking-call';
import { ruleTests } from '../helpers/ruleTester';

// Chains through base constructors, setters, overrides and the JavaScript beside a declaration file;
// the calls the checker cannot pin to one function with a body; and the fix for one hop in one file.
ruleTests(rule, {
  valid: [
    // An abstract method: which subclass's code runs is not known here.
    {
      node: true,
      code:
        "import * as fs from 'node:fs';\n\nabstract class Source {\n  abstract read(): string;\n  async load() {\n    return this.read();\n  }\n}\n\nexport class FileSource extends Source {\n  read(): string {\n    return fs.readFileSync('data.txt', 'utf8');\n  }\n}\n",
    },
    // An interface's method, even with one implementation in sight.
    {
      node: true,
      code:
        "import * as fs from 'node:fs';\n\ninterface Reader {\n  read(): string;\n}\n\nexport class FileReader implements Reader {\n  read(): string {\n    return fs.readFileSync('data.txt', 'utf8');\n  }\n}\n\nexport async function load(reader: Reader) {\n  return reader.read();\n}\n",
    },
    // A union of two classes: either method may run, and only one of them blocks.
    {
      node: true,
      code:
        "import * as fs from 'node:fs';\n\nclass Disk {\n  read(): string {\n    return fs.readFileSync('data.txt', 'utf8');\n  }\n}\nclass Memory {\n  read(): string {\n    return 'cached';\n  }\n}\n\nexport async function load(store: Disk | Memory) {\n  return store.read();\n}\n",
    },
    // Reading a property whose class has only a setter of that name runs no code; nor does delete.
    {
      node: true,
      code:
        "import * as fs from 'node:fs';\n\nclass Box {\n  set value(text: string) {\n    fs.writeFileSync('box', text);\n  }\n}\n\nexport async function peek(box: Box) {\n  return String(box.value);\n}\n",
    },
    // A base constructor that does not block, and a class without a constructor of its own or a base's.
    {
      node: true,
      code:
        "class Base {\n  readonly made = Date.now();\n  constructor(readonly name: string) {}\n}\nclass Plain {}\nclass Named extends Base {\n  constructor() {\n    super('named');\n  }\n}\n\nexport async function make() {\n  return [new Named(), new Plain()];\n}\n",
    },
  ],
  invalid: [
    {
      // A setter, by assignment and by compound assignment.
      node: true,
      code:
        "import * as fs from 'node:fs';\n\nclass Box {\n  get count(): number {\n    return 1;\n  }\n  set count(n: number) {\n    fs.writeFileSync('count', String(n));\n  }\n}\n\nexport async function store(box: Box) {\n  box.count = 2;\n  box.count += 1;\n}\n",
      errors: [
        { line: 13, column: 3, endColumn: 12, messageId: 'blockingInHelper', related: ['file.ts:13:3 box.count', 'file.ts:8:5 fs.writeFileSync'], fixes: {} },
        { line: 14, column: 3, endColumn: 12, messageId: 'blockingInHelper', related: ['file.ts:14:3 box.count', 'file.ts:8:5 fs.writeFileSync'], fixes: {} },
      ],
    },
    {
      // A base constructor through super(...), and one a subclass without a constructor inherits.
      node: true,
      files: {
        'base.ts':
          "import * as fs from 'node:fs';\n\nexport class Template {\n  readonly text: string;\n  constructor(file: string) {\n    this.text = fs.readFileSync(file, 'utf8');\n  }\n}\n",
      },
      code:
        "import { Template } from './base';\n\nclass Page extends Template {\n  constructor() {\n    super('page.html');\n  }\n}\nclass Layout extends Template {}\n\nexport async function render() {\n  return new Page().text + new Layout('layout.html').text;\n}\n",
      errors: [
        {
          line: 11,
          column: 10,
          messageIncludes: '`new Page()` blocks the event loop inside async code: through `super()`, it calls `fs.readFileSync` (base.ts:6)',
          related: ['file.ts:11:10 new Page()', 'file.ts:5:5 super()', 'base.ts:6:17 fs.readFileSync'],
          fixes: {},
        },
        { line: 11, column: 28, related: ['file.ts:11:28 new Layout()', 'base.ts:6:17 fs.readFileSync'], fixes: {} },
      ],
    },
    {
      // A call through `this` that the checker resolves to the subclass's override.
      node: true,
      code:
        "import * as fs from 'node:fs';\n\nclass Source {\n  read(): string {\n    return '';\n  }\n}\n\nexport class FileSource extends Source {\n  override read(): string {\n    return fs.readFileSync('data.txt', 'utf8');\n  }\n  async load() {\n    return this.read();\n  }\n}\n",
      errors: [{ line: 14, column: 12, related: ['file.ts:14:12 this.read()', 'file.ts:11:12 fs.readFileSync'], fixes: {} }],
    },
    {
      // Compiled JavaScript with its declaration file beside it: the import resolves to the declarations,
      // the chain goes on in the JavaScript that implements them.
      node: true,
      filename: 'loader.js',
      files: {
        'tools.d.ts': 'export declare class Tools {\n  static read(file: string): string;\n}\n',
        'tools.js':
          "\"use strict\";\nvar __importDefault = (this && this.__importDefault) || function (mod) {\n  return (mod && mod.__esModule) ? mod : { \"default\": mod };\n};\nObject.defineProperty(exports, \"__esModule\", { value: true });\nexports.Tools = void 0;\nconst fs_1 = __importDefault(require(\"fs\"));\nclass Tools {\n  static read(file) {\n    return fs_1.default.readFileSync(file, 'utf8');\n  }\n}\nexports.Tools = Tools;\n",
      },
      code: "const { Tools } = require('./tools');\n\nasync function load(file) {\n  return Tools.read(file);\n}\nmodule.exports = { load };\n",
      errors: [{ line: 4, column: 10, messageIncludes: 'it calls `fs_1.default.readFileSync` (tools.js:10)', related: ['loader.js:4:10 Tools.read()', 'tools.js:10:12 fs_1.default.readFileSync'] }],
    },
    {
      // One hop in this file: the helper becomes async, the leaf awaits the async API, the call awaits the helper.
      node: true,
      code:
        "import { readFileSync } from 'node:fs';\n\nfunction loadConfig(path: string): unknown {\n  return JSON.parse(readFileSync(path, 'utf8'));\n}\n\nexport async function start() {\n  const config = loadConfig('config.json');\n  return config;\n}\n",
      errors: [
        {
          line: 8,
          column: 18,
          messageId: 'blockingInHelper',
          fixes: {
            useAsyncApi:
              "import { readFile } from 'node:fs/promises';\n\nasync function loadConfig(path: string): Promise<unknown> {\n  return JSON.parse(await readFile(path, 'utf8'));\n}\n\nexport async function start() {\n  const config = await loadConfig('config.json');\n  return config;\n}\n",
          },
        },
      ],
    },
    {
      // A const arrow helper whose result is used at once: the awaited call is parenthesized.
      node: true,
      code:
        "import * as fs from 'node:fs';\n\nconst readText = (file: string): string => fs.readFileSync(file, 'utf8');\n\nexport async function size(file: string) {\n  return readText(file).length;\n}\n",
      errors: [
        {
          line: 6,
          column: 10,
          fixes: {
            useAsyncApi:
              "import * as fs from 'node:fs';\n\nconst readText = async (file: string): Promise<string> => await fs.promises.readFile(file, 'utf8');\n\nexport async function size(file: string) {\n  return (await readText(file)).length;\n}\n",
          },
        },
      ],
    },
    {
      // No fix where other code would see the helper change: another caller, an export, a function held
      // in an object, two hops, a leaf in a callback, a call where await is not legal.
      node: true,
      code:
        "import * as fs from 'node:fs';\n\nfunction readA(): string {\n  return fs.readFileSync('a', 'utf8');\n}\nexport function readB(): string {\n  return fs.readFileSync('b', 'utf8');\n}\nfunction readC(): string {\n  return fs.readFileSync('c', 'utf8');\n}\nfunction readD(): string {\n  return readC();\n}\nfunction readAll(files: string[]): string[] {\n  return files.map((file) => fs.readFileSync(file, 'utf8'));\n}\nfunction readE(): string {\n  return fs.readFileSync('e', 'utf8');\n}\nconst readers = { readF: () => fs.statSync('f') };\n\nexport function sync() {\n  return readA();\n}\n\nexport async function run(ready: Promise<void>) {\n  await ready.then(() => readE());\n  return [readA(), readB(), readD(), readAll(['x']), readers.readF()];\n}\n",
      errors: [
        { line: 28, column: 26, fixes: {} },
        { line: 29, column: 11, fixes: {} },
        { line: 29, column: 20, fixes: {} },
        { line: 29, column: 29, fixes: {} },
        { line: 29, column: 38, fixes: {} },
        { line: 29, column: 54, fixes: {} },
      ],
    },
  ],
});
