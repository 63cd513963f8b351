// In an editor, await-non-promise stands down exactly where TypeScript's language service reports
// suggestion 80007 ("'await' has no effect on the type of this expression"), and nowhere else. The
// oracle is TypeScript's own getSuggestionDiagnostics over the same program.
import * as assert from 'node:assert/strict';
import { ts as typescript } from '../../server/src/typescript';
import { defaultConfig } from '../../server/src/config/config';
import { Analyzer } from '../../server/src/engine/analyzer';
import { Linter } from '../../server/src/engine/linter';
import type { Logger } from '../../server/src/base/logger';
import { LIB_FOLDER, libText } from '../../server/src/project/libFiles';
import awaitNonPromise from '../../server/src/rules/await-non-promise';
import type { Finding, RuleEnvironment } from '../../server/src/rules/types';
import { tempProject } from '../helpers/tempProject';

const failingLogger: Logger = {
  info() {},
  warn() {},
  error(message) {
    throw new Error(message);
  },
};

const EDITOR: RuleEnvironment = { typeScriptSuggestionsShown: true };
const CLI: RuleEnvironment = { typeScriptSuggestionsShown: false };

/** Each mistake the rule knows, once; `weird` has a `then` that takes no callback (TypeScript: error 1320). */
const TS_BODY = `declare function total(): number;
declare const values: number[];
declare const weird: { then(count: number): void };
declare function open(): Disposable;
export async function f<T extends number>(bounded: T): Promise<void> {
  await total();
  await bounded;
  await weird;
  for await (const v of values) void v;
  await Promise.all([1, 2]);
  await using r = open();
  void r;
}
`;

const JS_BODY = `function total() {
  return 1;
}
const weird = { then(count) { return count + 1; } };
export async function f() {
  await total();
  await weird;
  for await (const v of [1, 2]) void v;
  await Promise.all([1, 2]);
  await using r = { [Symbol.dispose]() {} };
  void r;
}
`;

interface Case {
  name: string;
  file: string;
  text: string;
  options: typescript.CompilerOptions;
  /** The lines where TypeScript reports 80007 (checked below against TypeScript itself). */
  typeScriptLines: number[];
}

const CASES: Case[] = [
  { name: 'TypeScript', file: '/p/a.ts', text: TS_BODY, options: {}, typeScriptLines: [6, 7] },
  { name: 'TypeScript with // @ts-nocheck', file: '/p/a.ts', text: `// @ts-nocheck\n${TS_BODY}`, options: {}, typeScriptLines: [] },
  { name: 'JavaScript, checkJs not set (a jsconfig.json)', file: '/p/a.js', text: JS_BODY, options: {}, typeScriptLines: [6] },
  { name: 'JavaScript, checkJs: true', file: '/p/a.js', text: JS_BODY, options: { checkJs: true }, typeScriptLines: [6] },
  { name: 'JavaScript, checkJs: false (an editor without a jsconfig.json)', file: '/p/a.js', text: JS_BODY, options: { checkJs: false }, typeScriptLines: [] },
  { name: 'JavaScript, checkJs: false with // @ts-check', file: '/p/a.js', text: `// @ts-check\n${JS_BODY}`, options: { checkJs: false }, typeScriptLines: [7] },
  { name: 'JavaScript, checkJs: true with // @ts-nocheck', file: '/p/a.js', text: `// @ts-nocheck\n${JS_BODY}`, options: { checkJs: true }, typeScriptLines: [] },
];

function languageService(file: string, text: string, options: typescript.CompilerOptions): typescript.LanguageService {
  const compilerOptions: typescript.CompilerOptions = {
    target: typescript.ScriptTarget.ES2022,
    module: typescript.ModuleKind.ESNext,
    lib: ['lib.esnext.d.ts'],
    strict: true,
    allowJs: true,
    noEmit: true,
    types: [],
    ...options,
  };
  const read = (name: string) => (name === file ? text : libText(name));
  const host: typescript.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      const content = read(name);
      return content === undefined ? undefined : typescript.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => '/p',
    getCompilationSettings: () => compilerOptions,
    // The engine's own TypeScript and lib files.
    getDefaultLibFileName: () => `${LIB_FOLDER}/lib.d.ts`,
    fileExists: (name) => read(name) !== undefined,
    readFile: read,
  };
  return typescript.createLanguageService(host);
}

const lineOf = (sourceFile: typescript.SourceFile, position: number) => sourceFile.getLineAndCharacterOfPosition(position).line + 1;
const describeFinding = (sourceFile: typescript.SourceFile, finding: Finding) => `${lineOf(sourceFile, finding.start)} ${finding.messageId}`;

describe('await-non-promise beside TypeScript suggestion 80007', function () {
  this.timeout(120_000);

  for (const testCase of CASES) {
    it(`${testCase.name}: stands down in the editor exactly where TypeScript reports`, () => {
      const service = languageService(testCase.file, testCase.text, testCase.options);
      const program = service.getProgram()!;
      const sourceFile = program.getSourceFile(testCase.file)!;
      const reported = service.getSuggestionDiagnostics(testCase.file).filter((diagnostic) => diagnostic.code === 80007);
      assert.deepEqual(
        reported.map((diagnostic) => lineOf(sourceFile, diagnostic.start!)),
        testCase.typeScriptLines,
        'the lines where TypeScript reports 80007',
      );
      const findings = (environment: RuleEnvironment) =>
        new Analyzer(failingLogger, [awaitNonPromise], undefined, environment).analyze({ sourceFile, getProgram: () => program }, defaultConfig());
      const cli = findings(CLI);
      const editor = findings(EDITOR);
      const starts = new Set(reported.map((diagnostic) => diagnostic.start));
      // Every 80007 is one of our findings, and the editor drops exactly those.
      for (const start of starts) assert.ok(cli.some((finding) => finding.start === start && finding.messageId === 'await'), `line ${lineOf(sourceFile, start!)}: reported by the CLI`);
      assert.deepEqual(
        editor.map((finding) => describeFinding(sourceFile, finding)),
        cli.filter((finding) => !starts.has(finding.start)).map((finding) => describeFinding(sourceFile, finding)),
      );
      // What TypeScript never reports stays, in every file.
      for (const kept of ['forAwaitValues', 'aggregatorInput', 'awaitUsing']) {
        assert.ok(editor.some((finding) => finding.messageId === kept), `${kept} is kept`);
      }
    });
  }

  it('the language server sets the editor environment; the CLI does not', () => {
    const project = tempProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', strict: true, module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'ESNext.Disposable'] }, include: ['src'] }),
      'src/a.ts': TS_BODY,
    });
    try {
      const lint = (environment?: RuleEnvironment) => {
        const result = new Linter(failingLogger, { environment }).lint(project.file('src/a.ts'))!;
        return result.findings.filter((finding) => finding.ruleId === 'await-non-promise').map((finding) => describeFinding(result.sourceFile, finding));
      };
      assert.deepEqual(lint(), ['6 await', '7 await', '9 forAwaitValues', '10 aggregatorInput', '10 aggregatorInput', '11 awaitUsing']);
      assert.deepEqual(lint(EDITOR), ['9 forAwaitValues', '10 aggregatorInput', '10 aggregatorInput', '11 awaitUsing']);
    } finally {
      project.dispose();
    }
  });
});
