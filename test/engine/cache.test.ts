import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LintCache, lintWithCache } from '../../server/src/engine/cache';
import { Linter } from '../../server/src/engine/linter';
import type { Logger } from '../../server/src/base/logger';
import { silentLogger } from '../../server/src/base/logger';
import { collectFiles } from '../../server/src/project/files';
import { seededRandom } from '../helpers/random';
import { tempProject } from '../helpers/tempProject';

/**
 * The cache's contract: after any change to a project, a run with the cache finds exactly what a run
 * without it finds. A generated project of modules that import each other takes a few hundred seeded
 * random edits; after each, a cached run is compared with a cold one, finding by finding (positions,
 * messages, fixes with their edits, related places).
 */

const MODULES = 8;
const STEPS = Number(process.env.CACHE_TEST_STEPS ?? 200);

type HelperBody = 'block' | 'pure' | 'chain';

interface ModuleState {
  /** The body of the synchronous helper that blocking-call follows across files. */
  helper: HelperBody;
  /** Only the inferred return type of `make` changes with this: its importers' floating-promise findings follow. */
  makeReturnsPromise: boolean;
  /**
   * `loader` is async, or a plain function returning a promise that reads the file synchronously first:
   * the same declared type, but blocking-call follows only the plain one's body from its callers.
   */
  loaderAsync: boolean;
  /** The declared return type of `typed`: an exported signature. */
  typedReturnsPromise: boolean;
  /** Whether `extra` is exported (its importers call it). */
  extraExported: boolean;
  /** Comment lines at the top: move every position in the file (related places in other files point here). */
  leadingComments: number;
  /** A disable comment above the floating call. */
  suppressed: boolean;
  /** A statement added to an async body that nothing else sees. */
  bodyNoise: number;
  /** Whether `fetchOne` reads a file (unbounded-fan-out follows its importers' callbacks into this body). */
  fetchReads: boolean;
  /** Whether the module imports p-limit (unbounded-fan-out's fix elsewhere copies that import). */
  importsPLimit: boolean;
}

interface ProjectState {
  modules: ModuleState[];
  /** The global script's function returns a promise (every file that calls it sees its type). */
  scriptReturnsPromise: boolean;
  /** The declared result of `readFile` in the ambient declarations (a declaration file every module reads). */
  readFileReturnsPromise: boolean;
  /** A global declaration file exists, declaring `globalTask`. */
  globalDeclaration: boolean;
  /** Statements in the body of an async function of a module every module imports and awaits: a body no rule reads from elsewhere. */
  lateNoise: number;
  floatingSeverity: 'warning' | 'error' | 'off';
  concurrency: number;
  blockingAllowLoad: boolean;
  strict: boolean;
  target: 'ES2020' | 'ES2022';
}

/** The modules module `i` imports: the one before it and the one at half its index (a DAG with shared and transitive imports). */
function importsOf(i: number): number[] {
  return [...new Set([i - 1, Math.floor(i / 2)])].filter((j) => j >= 0 && j < i);
}

function moduleText(i: number, state: ProjectState): string {
  const own = state.modules[i];
  const imported = importsOf(i);
  const lines: string[] = [];
  for (let k = 0; k < own.leadingComments; k++) lines.push(`// note ${k}`);
  lines.push(`import * as fs from 'fs';`, `import { readFile } from 'fs/promises';`);
  // Under another name than the fix's own choice: fixes elsewhere copy this import.
  if (own.importsPLimit) lines.push(`import createLimit from 'p-limit';`);
  for (const j of imported) lines.push(`import * as m${j} from './m${j}';`);
  lines.push(`import { later } from './late';`);
  const target = imported[0];
  const helper =
    own.helper === 'block'
      ? `return fs.readFileSync(p, 'utf8');`
      : own.helper === 'chain' && target !== undefined
        ? `return m${target}.helper(p);`
        : `return p.toUpperCase();`;
  lines.push(`export function helper(p: string) {\n  ${helper}\n}`);
  lines.push(`export function fetchOne(p: string) {\n  return ${own.fetchReads ? `readFile(p, 'utf8')` : 'Promise.resolve(p)'};\n}`);
  lines.push(`export function make() {\n  return ${own.makeReturnsPromise ? `Promise.resolve(${i})` : `${i}`};\n}`);
  // Inferred from another file's inferred type: its signature changes while its text stays the same.
  lines.push(`export function relay() {\n  return ${target === undefined ? 'make()' : `m${target}.make()`};\n}`);
  lines.push(
    own.loaderAsync
      ? `export async function loader(p: string): Promise<string> {\n  return fs.readFileSync(p, 'utf8');\n}`
      : `export function loader(p: string): Promise<string> {\n  return Promise.resolve(fs.readFileSync(p, 'utf8'));\n}`,
  );
  lines.push(
    own.typedReturnsPromise ? `export function typed(): Promise<number> {\n  return Promise.resolve(1);\n}` : `export function typed(): number {\n  return 1;\n}`,
  );
  lines.push(`${own.extraExported ? 'export ' : ''}async function extra(): Promise<void> {}`);
  const body: string[] = [];
  for (let k = 0; k < own.bodyNoise; k++) body.push(`  const noise${k} = ${k};`);
  if (own.importsPLimit) body.push(`  const limit = createLimit(2);`, `  void limit;`);
  for (const j of imported) {
    if (own.suppressed) body.push(`  // async-pitfalls-disable-next-line floating-promise`);
    body.push(`  m${j}.make();`, `  m${j}.typed();`, `  await m${j}.make();`, `  m${j}.helper('x');`, `  m${j}.extra();`, `  m${j}.relay();`, `  await m${j}.loader('x');`);
  }
  body.push(`  scriptTask();`, `  globalTask();`, `  await later(${i});`);
  if (target !== undefined) body.push(`  await Promise.all(items.map((item) => m${target}.fetchOne(item)));`);
  lines.push(`export async function run(items: string[]): Promise<void> {\n${body.join('\n')}\n}`);
  return `${lines.join('\n')}\n`;
}

function projectFiles(state: ProjectState): Record<string, string | undefined> {
  const files: Record<string, string | undefined> = {
    'package.json': '{ "name": "generated", "private": true }\n',
    'tsconfig.json': JSON.stringify({ compilerOptions: { target: state.target, lib: ['es2015'], module: 'commonjs', strict: state.strict, noEmit: true, types: [] }, include: ['src'] }),
    '.async-pitfalls.json': JSON.stringify({
      rules: {
        'floating-promise': state.floatingSeverity,
        'unbounded-fan-out': ['warning', { concurrency: state.concurrency }],
        'blocking-call': ['warning', { allow: state.blockingAllowLoad ? ['./m0#helper'] : [] }],
      },
    }),
    'src/ambient.d.ts': [
      `declare module 'fs' { export function readFileSync(path: string, encoding: string): string; }`,
      `declare module 'fs/promises' { export function readFile(path: string, encoding: string): ${state.readFileReturnsPromise ? 'Promise<string>' : 'string'}; }`,
      `declare module 'p-limit' { export default function pLimit(concurrency: number): <T>(task: () => Promise<T>) => Promise<T>; }`,
      '',
    ].join('\n'),
    'src/late.ts': `export async function later(n: number): Promise<number> {\n${Array.from({ length: state.lateNoise }, (_, k) => `  const noise${k} = ${k};\n`).join('')}  return n;\n}\n`,
    'src/script.ts': `function scriptTask() {\n  return ${state.scriptReturnsPromise ? 'Promise.resolve(0)' : '0'};\n}\n`,
    'src/global.d.ts': state.globalDeclaration ? `declare function globalTask(): Promise<void>;\n` : undefined,
  };
  for (let i = 0; i < MODULES; i++) files[`src/m${i}.ts`] = moduleText(i, state);
  return files;
}

function initialState(): ProjectState {
  return {
    modules: Array.from({ length: MODULES }, (_, i) => ({
      helper: i % 3 === 0 ? 'block' : 'chain',
      makeReturnsPromise: i % 2 === 0,
      loaderAsync: i % 2 === 1,
      typedReturnsPromise: true,
      extraExported: true,
      leadingComments: 0,
      suppressed: false,
      bodyNoise: 0,
      fetchReads: i % 2 === 1,
      importsPLimit: false,
    })),
    scriptReturnsPromise: true,
    readFileReturnsPromise: true,
    globalDeclaration: true,
    lateNoise: 0,
    floatingSeverity: 'warning',
    concurrency: 4,
    blockingAllowLoad: false,
    strict: true,
    target: 'ES2022',
  };
}

/** One random edit, named for the failure message. Most edits touch one module; a few the project. */
function randomEdit(state: ProjectState, random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const i = Math.floor(random() * MODULES);
  const own = state.modules[i];
  const kind = pick([
    'helper', 'helper', 'helper', 'fetch', 'fetch', 'make', 'make', 'make', 'loader', 'loader', 'typed', 'extra', 'comments', 'comments', 'suppress', 'noise', 'noise', 'noise', 'p-limit',
    'late', 'script', 'ambient', 'global', 'severity', 'concurrency', 'allow', 'strict', 'target', 'none',
  ] as const);
  switch (kind) {
    case 'helper':
      own.helper = pick((['block', 'pure', 'chain'] as const).filter((body) => body !== own.helper));
      return `m${i}: helper body ${own.helper}`;
    case 'fetch':
      own.fetchReads = !own.fetchReads;
      return `m${i}: fetchOne ${own.fetchReads ? 'reads a file' : 'reads nothing'}`;
    case 'make':
      own.makeReturnsPromise = !own.makeReturnsPromise;
      return `m${i}: make() infers ${own.makeReturnsPromise ? 'Promise<number>' : 'number'}`;
    case 'loader':
      own.loaderAsync = !own.loaderAsync;
      return `m${i}: loader ${own.loaderAsync ? 'async' : 'a plain function returning a promise'}`;
    case 'typed':
      own.typedReturnsPromise = !own.typedReturnsPromise;
      return `m${i}: typed() declared ${own.typedReturnsPromise ? 'Promise<number>' : 'number'}`;
    case 'extra':
      own.extraExported = !own.extraExported;
      return `m${i}: extra ${own.extraExported ? 'exported' : 'not exported'}`;
    case 'comments':
      own.leadingComments = (own.leadingComments + 1 + Math.floor(random() * 3)) % 4;
      return `m${i}: ${own.leadingComments} leading comment lines`;
    case 'suppress':
      own.suppressed = !own.suppressed;
      return `m${i}: suppression ${own.suppressed ? 'added' : 'removed'}`;
    case 'noise':
      own.bodyNoise = (own.bodyNoise + 1) % 3;
      return `m${i}: async body with ${own.bodyNoise} extra statements`;
    case 'p-limit':
      own.importsPLimit = !own.importsPLimit;
      return `m${i}: ${own.importsPLimit ? 'imports' : 'no longer imports'} p-limit`;
    case 'late':
      state.lateNoise = (state.lateNoise + 1) % 3;
      return `late.ts: later() with ${state.lateNoise} extra statements`;
    case 'script':
      state.scriptReturnsPromise = !state.scriptReturnsPromise;
      return `global script: scriptTask() infers ${state.scriptReturnsPromise ? 'a promise' : 'a number'}`;
    case 'ambient':
      state.readFileReturnsPromise = !state.readFileReturnsPromise;
      return `ambient declarations: readFile returns ${state.readFileReturnsPromise ? 'a promise' : 'a string'}`;
    case 'global':
      state.globalDeclaration = !state.globalDeclaration;
      return `global declaration file ${state.globalDeclaration ? 'added' : 'removed'}`;
    case 'severity':
      state.floatingSeverity = pick((['warning', 'error', 'off'] as const).filter((severity) => severity !== state.floatingSeverity));
      return `config: floating-promise ${state.floatingSeverity}`;
    case 'concurrency':
      state.concurrency = state.concurrency === 4 ? 8 : 4;
      return `config: unbounded-fan-out concurrency ${state.concurrency}`;
    case 'allow':
      state.blockingAllowLoad = !state.blockingAllowLoad;
      return `config: blocking-call ${state.blockingAllowLoad ? 'allows' : 'no longer allows'} m0's helper`;
    case 'strict':
      state.strict = !state.strict;
      return `tsconfig: strict ${state.strict}`;
    case 'target':
      state.target = state.target === 'ES2022' ? 'ES2020' : 'ES2022';
      return `tsconfig: target ${state.target}`;
    case 'none':
      return 'no change';
  }
}

function writeProject(root: string, state: ProjectState): void {
  for (const [name, text] of Object.entries(projectFiles(state))) {
    const file = path.join(root, name);
    if (text === undefined) {
      fs.rmSync(file, { force: true });
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) continue;
    fs.writeFileSync(file, text);
  }
}

/** Everything a finding says, fixes' edits included, by file relative to the project. */
type Outcome = Record<string, unknown>;

function lintProject(root: string, cacheFolder: string | undefined, logger: Logger = silentLogger): { outcome: Outcome; hits: number; analyzed: string[] } {
  // As the CLI does: with the cache, a program holds only what the files to analyze need.
  const linter = new Linter(logger, { configRoot: () => root, loading: cacheFolder === undefined ? 'eager' : 'lazy' });
  const files = collectFiles([path.join(root, 'src')], (file, named) => linter.isIgnored(file, named));
  const cache = cacheFolder === undefined ? undefined : LintCache.open(cacheFolder, linter, logger);
  const outcome: Outcome = {};
  let hits = 0;
  const analyzed: string[] = [];
  for (const { file, cached, result } of lintWithCache(linter, cache, files, (file) => linter.lint(file))) {
    if (cached) hits++;
    else analyzed.push(path.relative(root, file).split(path.sep).join('/'));
    const findings = cached?.findings ?? result?.findings;
    outcome[path.relative(root, file)] = { findings: JSON.parse(JSON.stringify(findings ?? null)), errors: result?.errors ?? [] };
  }
  cache?.save();
  return { outcome, hits, analyzed };
}

describe('engine: the lint cache', function () {
  this.timeout(300_000);

  it(`a cached run finds exactly what a cold run finds, after each of ${STEPS} random edits`, () => {
    const project = tempProject({});
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (message) => warnings.push(message) };
    try {
      const cacheFolder = path.join(project.root, 'node_modules', '.cache', 'async-pitfalls');
      const state = initialState();
      const random = seededRandom(22);
      writeProject(project.root, state);
      const first = lintProject(project.root, cacheFolder, logger);
      assert.deepEqual(first.outcome, lintProject(project.root, undefined).outcome);
      let hits = 0;
      let analyses = 0;
      const edits: string[] = [];
      for (let step = 0; step < STEPS; step++) {
        edits.push(randomEdit(state, random));
        writeProject(project.root, state);
        const cold = lintProject(project.root, undefined);
        const warm = lintProject(project.root, cacheFolder, logger);
        assert.deepEqual(warm.outcome, cold.outcome, `after edit ${step + 1} (${edits.at(-1)}); the edits so far:\n${edits.join('\n')}`);
        hits += warm.hits;
        analyses += Object.keys(cold.outcome).length;
      }
      assert.deepEqual(warnings, []);
      // The cache is used, not bypassed (a third of the edits change the whole project, and m0 reaches every module).
      assert.ok(hits > analyses * 0.15, `only ${hits} of ${analyses} file analyses came from the cache`);
    } finally {
      project.dispose();
    }
  });

  it('a body that no other file read analyzes only its file again; one that blocking-call followed, the files that followed it; a changed inferred type, its importers', () => {
    const project = tempProject({});
    try {
      const cacheFolder = path.join(project.root, 'node_modules', '.cache', 'async-pitfalls');
      const state = initialState();
      writeProject(project.root, state);
      lintProject(project.root, cacheFolder);
      const analyzedAfter = (what: string, edit: () => void): string[] => {
        edit();
        writeProject(project.root, state);
        const warm = lintProject(project.root, cacheFolder);
        assert.deepEqual(warm.outcome, lintProject(project.root, undefined).outcome, `after ${what}`);
        return warm.analyzed;
      };
      // The body of late.ts's async function, which every module imports and awaits: no rule reads it
      // from elsewhere, and no declaration changes.
      assert.deepEqual(
        analyzedAfter('a statement added to later()', () => (state.lateNoise = 1)),
        ['src/late.ts'],
      );
      // m0's helper stops blocking (its type stays string): the files whose helper chains blocking-call
      // followed into it analyze again (m1 to m5 call m1's or m2's helper, which chain to m0's); m6 and
      // m7 call only helpers whose chains stop at m3's, which blocks itself.
      assert.deepEqual(
        analyzedAfter("m0's helper body no longer blocking", () => (state.modules[0].helper = 'pure')),
        ['src/m0.ts', 'src/m1.ts', 'src/m2.ts', 'src/m3.ts', 'src/m4.ts', 'src/m5.ts'],
      );
      // m0's `make` infers another type: every module imports m0, directly or not (m1's relay() too).
      assert.deepEqual(
        analyzedAfter("m0's make() no longer a promise", () => (state.modules[0].makeReturnsPromise = false)),
        Array.from({ length: MODULES }, (_, i) => `src/m${i}.ts`),
      );
      // m2's loader turns async with the same declared type: its callers' chains into its body change.
      const loaderCallers = analyzedAfter("m2's loader async", () => (state.modules[2].loaderAsync = true));
      assert.ok(loaderCallers.includes('src/m3.ts') && loaderCallers.includes('src/m4.ts'), `analyzed: ${loaderCallers.join(', ')}`);
    } finally {
      project.dispose();
    }
  });

  it('the findings cover what the edits change: each rule and kind of dependence is exercised', () => {
    const project = tempProject({});
    try {
      const state = initialState();
      writeProject(project.root, state);
      const { outcome } = lintProject(project.root, undefined);
      const rules = new Set(
        Object.values(outcome).flatMap((entry) => ((entry as { findings: { ruleId: string; related?: unknown[] }[] }).findings ?? []).map((finding) => finding.ruleId)),
      );
      for (const rule of ['floating-promise', 'blocking-call', 'await-non-promise', 'unbounded-fan-out']) assert.ok(rules.has(rule), `no ${rule} finding in the generated project`);
      const related = Object.values(outcome).flatMap((entry) => (entry as { findings: { related?: { fileName: string }[] }[] }).findings.flatMap((finding) => finding.related ?? []));
      assert.ok(related.some((place) => !place.fileName.endsWith('m7.ts')), 'blocking-call points into other files');
    } finally {
      project.dispose();
    }
  });
});
