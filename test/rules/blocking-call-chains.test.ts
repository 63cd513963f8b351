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

// JavaScript the checker types `any`: a namespace as TypeScript emits it, and an object literal's
// members picked by a run-time key, followed only where nothing else can write or see them.
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** A compiled namespace `Shell` whose `which` reads one of two runners' `find`, cached. */
const shellNamespace = (...extra: string[]): string =>
  lines(
    "'use strict';",
    "var child_process_1 = require('child_process');",
    'var Shell;',
    '(function (Shell) {',
    '  var runners = {',
    "    fixed: { cached: undefined, find: function () { return '/usr/bin/tool'; } },",
    "    probed: { cached: undefined, find: function () { return (0, child_process_1.execSync)('command -v tool').toString(); } },",
    '  };',
    '  function which(kind) {',
    '    var runner = runners[kind];',
    '    if (runner) {',
    '      if (runner.cached === undefined) runner.cached = runner.find();',
    '      return runner.cached;',
    '    }',
    '    return undefined;',
    '  }',
    '  Shell.which = which;',
    ...extra,
    '})(Shell || (Shell = {}));',
    '',
    'async function start(kind) {',
    '  return Shell.which(kind);',
    '}',
    'module.exports = { start };',
  );

ruleTests(rule, {
  valid: [
    // The namespace's member is assigned again outside the namespace function.
    {
      node: true,
      filename: 'tools.js',
      code: lines(
        "var fs = require('fs');",
        'var Store;',
        '(function (Store) {',
        "  function load() { return fs.readFileSync('store.json', 'utf8'); }",
        '  Store.load = load;',
        '})(Store || (Store = {}));',
        "Store.load = function () { return '{}'; };",
        'async function open() { return Store.load(); }',
        'module.exports = { open };',
      ),
    },
    // Assigned twice inside it, or by a statement nested in a branch; the namespace passed on; a name the
    // namespace's function reassigns.
    {
      node: true,
      filename: 'tools.js',
      code: lines(
        "var fs = require('fs');",
        'var Twice;',
        '(function (Twice) {',
        "  Twice.load = function () { return fs.readFileSync('a', 'utf8'); };",
        "  Twice.load = function () { return 'a'; };",
        '})(Twice || (Twice = {}));',
        'var Branch;',
        '(function (Branch) {',
        "  if (process.env.FAST) Branch.load = function () { return fs.readFileSync('b', 'utf8'); };",
        '})(Branch || (Branch = {}));',
        'var Shared;',
        '(function (Shared) {',
        "  Shared.load = function () { return fs.readFileSync('c', 'utf8'); };",
        '})(Shared || (Shared = {}));',
        'register(Shared);',
        'var Swapped;',
        '(function (Swapped) {',
        "  function load() { return fs.readFileSync('d', 'utf8'); }",
        '  Swapped.load = load;',
        "  load = function () { return 'd'; };",
        '})(Swapped || (Swapped = {}));',
        'function register(namespace) { return namespace; }',
        'async function open() { return [Twice.load(), Branch.load(), Shared.load(), Swapped.load()]; }',
        'module.exports = { open };',
      ),
    },
    // The object is written after its initializer, a member value's `find` is written, a member value is
    // returned, a member's `find` is not a function, a member function uses `this`.
    {
      node: true,
      filename: 'tools.js',
      code: lines(
        "var fs = require('fs');",
        'function pick(kind, extra) {',
        "  var grown = { a: { find: function () { return 'a'; } }, b: { find: function () { return fs.readFileSync('b', 'utf8'); } } };",
        '  grown.c = extra;',
        "  var patched = { a: { find: function () { return 'a'; } }, b: { find: function () { return fs.readFileSync('b', 'utf8'); } } };",
        '  var chosen = patched[kind];',
        '  chosen.find = extra.find;',
        "  var shared = { a: { find: function () { return 'a'; } }, b: { find: function () { return fs.readFileSync('b', 'utf8'); } } };",
        "  var plain = { a: { find: 'a' }, b: { find: function () { return fs.readFileSync('b', 'utf8'); } } };",
        "  var selfish = { a: { find: function () { return this.name; } }, b: { find: function () { return fs.readFileSync('b', 'utf8'); } } };",
        '  return [grown[kind].find(), chosen.find(), plain[kind].find(), selfish[kind].find(), shared[kind]];',
        '}',
        'async function run(kind, extra) { return pick(kind, extra); }',
        'module.exports = { run };',
      ),
    },
    // Where the checker types the call, it decides: a member of a union of object types is not followed.
    {
      node: true,
      code: lines(
        "import { readFileSync } from 'node:fs';",
        '',
        'const finders = {',
        "  fixed: { find: () => 'a' },",
        "  probed: { find: () => readFileSync('b', 'utf8') },",
        '};',
        '',
        'export async function find(kind: keyof typeof finders) {',
        '  return finders[kind].find();',
        '}',
      ),
    },
  ],
  invalid: [
    {
      // A namespace member that reaches execSync: it blocks on every call.
      node: true,
      filename: 'tools.js',
      code: lines(
        "var child_process_1 = require('child_process');",
        'var Git;',
        '(function (Git) {',
        "  function head() { return (0, child_process_1.execSync)('git rev-parse HEAD').toString(); }",
        '  Git.head = head;',
        '})(Git || (Git = {}));',
        'async function describe() {',
        '  return Git.head();',
        '}',
        'module.exports = { describe };',
      ),
      errors: [
        {
          line: 8,
          column: 10,
          endColumn: 20,
          messageIncludes: '`Git.head()` blocks the event loop inside async code: it calls `child_process_1.execSync` (line 4)',
          related: ['tools.js:8:10 Git.head()', 'tools.js:4:28 child_process_1.execSync'],
          fixes: {},
        },
      ],
    },
    {
      // `(0, f)(...)`, as compilers emit a call of an imported function, is a call of `f`; compiled code gets no rewrite.
      node: true,
      filename: 'tools.js',
      code: lines("var child_process_1 = require('child_process');", 'async function list() {', "  return (0, child_process_1.execSync)('ls');", '}', 'module.exports = { list };'),
      errors: [{ line: 3, column: 10, endColumn: 45, messageIncludes: '`child_process_1.execSync` blocks the event loop', fixes: {} }],
    },
    {
      // One member of an object picked by a run-time key blocks: the call may block, and the chain names the member.
      node: true,
      filename: 'tools.js',
      code: lines(
        "var fs = require('fs');",
        'var readers = {',
        "  memory: { read: function () { return ''; } },",
        "  disk: { read: function (name) { return fs.readFileSync(name, 'utf8'); } },",
        '};',
        'var handlers = { skip: function () { return 0; }, wait: function () { return fs.fsyncSync(1); } };',
        'async function load(source, name) {',
        '  handlers[source]();',
        '  return readers[source].read(name);',
        '}',
        'module.exports = { load };',
      ),
      errors: [
        {
          line: 8,
          column: 3,
          messageIncludes: '`handlers[source]()` may block the event loop inside async code: on some paths it calls `fs.fsyncSync` (line 6)',
          related: ['tools.js:8:3 handlers[source]() [handlers.wait]', 'tools.js:6:78 fs.fsyncSync'],
          fixes: {},
        },
        {
          line: 9,
          column: 10,
          messageIncludes:
            '`readers[source].read()` may block the event loop inside async code: on some paths it calls `fs.readFileSync` (line 4), and nothing else in the process runs until that returns. Make `readers.disk.read` async and await `fs.promises.readFile` in it.',
          related: ['tools.js:9:10 readers[source].read() [readers.disk.read]', 'tools.js:4:42 fs.readFileSync'],
          fixes: {},
        },
      ],
    },
    {
      // The two together, as compiled code has them: a namespace function reads a runner by key, caches its result.
      node: true,
      filename: 'tools.js',
      code: shellNamespace(),
      errors: [
        {
          line: 21,
          column: 10,
          messageIncludes:
            '`Shell.which()` may block the event loop inside async code: through `runner.find() [runners.probed.find]`, on some paths it calls `child_process_1.execSync` (line 7)',
          related: ['tools.js:21:10 Shell.which()', 'tools.js:12:56 runner.find() [runners.probed.find]', 'tools.js:7:61 child_process_1.execSync'],
          fixes: {},
        },
      ],
    },
  ],
});

// A member the namespace's function writes outside a statement of its own: not followed.
ruleTests(rule, {
  valid: [{ node: true, filename: 'tools.js', code: shellNamespace("  Shell.which += '';") }],
  invalid: [],
});
