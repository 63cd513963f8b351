/**
 * `npm run bench [-- options]`: our CLI against `tsc --noEmit` and type-aware ESLint on generated and
 * real projects, the language server's latencies, and a CPU profile of the CLI; prints the tables and
 * writes bench/RESULTS.md. Not part of `npm test`. Options: --quick (small corpora, one run each),
 * --full (ESLint on the 5,000-file corpus too: many minutes more), --runs N, --only batch,editor,memory,profile,
 * --corpora gen-100,gen-1000,gen-5000,puppeteer-core, --out <file> (instead of bench/RESULTS.md).
 */
/* async-pitfalls-disable blocking-call, sequential-await */
// A benchmark must run its measurements one after another, and nothing else shares this process:
// blocking file calls and awaits in loops are what it wants here.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rules } from '../server/src/rules';
import { ts } from '../server/src/typescript';
import { writeCorpus, type CorpusSpec, type GeneratedCorpus } from './corpus';
import { coldStart, dependentLatency, EDIT_IN_SYNC_FUNCTION, editLatency, TYPING_DEBOUNCE_MS, workspaceDiagnosticsMemory, type ColdStart, type WorkspaceMemory } from './editor';
import { measure, percentile, summarize, type Measurement, type Summary } from './measure';
import { mainThreadProfile, summarizeProfile, type ProfileSummary } from './profile';
import { installRealPackage, REAL_PACKAGE } from './realPackage';
import { runWarm, type WarmResult } from './warm';

const REPO = path.resolve(__dirname, '..');
const CORPORA = path.join(REPO, 'bench', '.corpora');
const RESULTS_FILE = path.join(REPO, 'bench', 'RESULTS.md');
const CLI = path.join(REPO, 'dist', 'cli.js');
const SERVER = path.join(REPO, 'dist', 'server.js');
const TSC = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const ESLINT = path.join(REPO, 'node_modules', 'eslint', 'bin', 'eslint.js');
/** The TypeScript our engine runs (@ts-morph/common's copy), for placing profile frames. */
const ENGINE_TYPESCRIPT = path.join(REPO, 'node_modules', '@ts-morph', 'common', 'dist', 'typescript.js');

/** Our rules that have an equivalent in the ESLint run; the others are turned off so both do the same job. */
const EQUIVALENTS: Record<string, string> = {
  'floating-promise': '@typescript-eslint/no-floating-promises',
  'misused-promise': '@typescript-eslint/no-misused-promises',
  'await-non-promise': '@typescript-eslint/await-thenable',
  'sequential-await': 'no-await-in-loop',
  'nested-run': 'no-async-promise-executor',
  'blocking-call': 'n/no-sync',
};

const GENERATED: CorpusSpec[] = [
  { name: 'gen-100', files: 100, seed: 100 },
  { name: 'gen-1000', files: 1000, seed: 1000, bigFileLines: 2000 },
  { name: 'gen-5000', files: 5000, seed: 5000 },
];

interface Options {
  quick: boolean;
  full: boolean;
  runs: number | undefined;
  only: Set<string>;
  corpora: Set<string> | undefined;
  /** Where to write the report (default bench/RESULTS.md). */
  out: string;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { quick: false, full: false, runs: undefined, only: new Set(['batch', 'warm', 'editor', 'memory', 'profile']), corpora: undefined, out: RESULTS_FILE };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--full') options.full = true;
    else if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg === '--only') options.only = new Set(argv[++i].split(','));
    else if (arg === '--corpora') options.corpora = new Set(argv[++i].split(','));
    else if (arg === '--out') options.out = path.resolve(argv[++i]);
    else throw new Error(`unknown option ${arg} (known: --quick, --full, --runs N, --only batch,warm,editor,memory,profile, --corpora a,b, --out file)`);
  }
  if (options.runs !== undefined && !(Number.isInteger(options.runs) && options.runs > 0)) throw new Error('--runs needs a positive whole number');
  return options;
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

interface Corpus {
  name: string;
  root: string;
  files: number;
  lines: number;
  how: string;
  generated?: GeneratedCorpus;
}

type Tool = 'async-pitfalls' | 'tsc --noEmit' | 'eslint';

interface ToolRuns {
  tool: Tool;
  runs: Measurement[];
  /** Findings (ours, ESLint) or errors (tsc) of the last run. */
  output: number;
  /** Files whose analysis our engine cut short (its per-file time budget), in the last run. */
  cutShort: number;
}

interface BatchResult {
  corpus: Corpus;
  tools: ToolRuns[];
}

function toolCommand(tool: Tool): string[] {
  switch (tool) {
    case 'async-pitfalls':
      return [CLI, 'src', '--format', 'json'];
    case 'tsc --noEmit':
      return [TSC, '-p', 'tsconfig.json', '--noEmit', '--pretty', 'false'];
    case 'eslint':
      return [ESLINT, 'src', '--format', 'json'];
  }
}

function countOutput(tool: Tool, stdoutFile: string): number {
  const text = fs.readFileSync(stdoutFile, 'utf8');
  switch (tool) {
    case 'async-pitfalls':
      return (JSON.parse(text) as { findings: unknown[] }).findings.length;
    case 'tsc --noEmit':
      return text.split('\n').filter((line) => /error TS\d+/.test(line)).length;
    case 'eslint':
      return (JSON.parse(text) as { messages: unknown[] }[]).reduce((sum, file) => sum + file.messages.length, 0);
  }
}

/** Every tool once per round, rounds repeated: load from other work on the machine hits all tools alike. */
async function runBatch(corpus: Corpus, runs: number, withEslint: boolean): Promise<BatchResult> {
  const names: Tool[] = withEslint ? ['async-pitfalls', 'tsc --noEmit', 'eslint'] : ['async-pitfalls', 'tsc --noEmit'];
  const tools: ToolRuns[] = names.map((tool) => ({ tool, runs: [], output: 0, cutShort: 0 }));
  const outDir = path.join(CORPORA, '.out');
  fs.mkdirSync(outDir, { recursive: true });
  for (let round = 1; round <= runs; round++) {
    for (const entry of tools) {
      const stdoutFile = path.join(outDir, `${corpus.name}-${entry.tool.split(' ')[0]}.out`);
      const result = await measure(process.execPath, toolCommand(entry.tool), corpus.root, stdoutFile);
      const failed = entry.tool === 'tsc --noEmit' ? result.exitCode > 2 : result.exitCode > 1;
      if (failed) throw new Error(`${entry.tool} on ${corpus.name} exited ${result.exitCode}:\n${result.stderr}`);
      entry.runs.push(result);
      entry.output = countOutput(entry.tool, stdoutFile);
      // A loaded machine can push a file past the engine's time budget: its findings are then partial.
      entry.cutShort = (result.stderr.match(/was stopped after/g) ?? []).length;
      if (entry.cutShort > 0) log(`${corpus.name}: ${entry.cutShort} file(s) cut short by the analysis time budget`);
      log(`${corpus.name} round ${round}/${runs}: ${entry.tool} ${seconds(result.wallMs)} wall, ${seconds(result.cpuMs)} CPU, ${result.peakMb.toFixed(0)} MB, ${entry.output} reported`);
    }
  }
  return { corpus, tools };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const fmtRange = (s: Summary, unit: (n: number) => string) => (s.n > 1 ? `${unit(s.median)} (${unit(s.min)}–${unit(s.max)})` : unit(s.median));
const secs = (ms: number) => (ms / 1000).toFixed(ms < 10000 ? 2 : 1);
const mb = (n: number) => n.toFixed(0);
const millis = (n: number) => n.toFixed(0);

interface EditorResults {
  cold?: { corpus: string; runs: ColdStart[] };
  edit?: { corpus: string; lines: number; samples: number[]; firstDiagnosticsMs: number; peakMb: number | undefined; wholeFileSamples: number[] };
  dependent?: { corpus: string; samples: number[] };
}

interface MemoryResult {
  corpus: string;
  server: WorkspaceMemory;
  tscPeakMb: number;
  tscWallMs: number;
}

interface ProfileResult {
  label: string;
  summary: ProfileSummary;
  wallMs: number;
}

/**
 * The file a cold server opens: the first one from the middle of the sorted list with an async
 * callback to forEach, so the complete diagnostics are not empty and partial ones show.
 */
function fileWithMistakes(corpus: Corpus): string {
  const files = fs
    .readdirSync(path.join(corpus.root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .sort();
  const middle = files.slice(Math.floor(files.length / 2)).concat(files);
  const chosen = middle.find((name) => fs.readFileSync(path.join(corpus.root, 'src', name), 'utf8').includes('forEach(async'));
  return path.join(corpus.root, 'src', chosen ?? middle[0]);
}

async function profileCli(corpus: Corpus): Promise<ProfileResult> {
  const directory = path.join(CORPORA, '.profiles', `cli-${corpus.name}`);
  fs.rmSync(directory, { recursive: true, force: true });
  fs.mkdirSync(directory, { recursive: true });
  // From the sources (through tsx) rather than the minified bundle, so that frames keep their names.
  const args = ['--cpu-prof', '--cpu-prof-dir', directory, '--import', 'tsx', path.join(REPO, 'server', 'src', 'cli.ts'), 'src', '--format', 'json'];
  const result = await measure(process.execPath, args, corpus.root, path.join(directory, 'stdout.json'));
  if (result.exitCode > 1) throw new Error(`profiled CLI on ${corpus.name} exited ${result.exitCode}:\n${result.stderr}`);
  return { label: `CLI on ${corpus.name}`, summary: summarizeProfile(mainThreadProfile(directory), ENGINE_TYPESCRIPT), wallMs: result.wallMs };
}

async function profileServerColdStart(corpus: Corpus, file: string): Promise<ProfileResult> {
  const directory = path.join(CORPORA, '.profiles', `server-${corpus.name}`);
  fs.rmSync(directory, { recursive: true, force: true });
  fs.mkdirSync(directory, { recursive: true });
  const started = performance.now();
  await coldStart(path.join(REPO, 'server', 'src', 'server.ts'), corpus.root, file, ['--cpu-prof', '--cpu-prof-dir', directory, '--import', 'tsx']);
  return { label: `language server, cold start to first diagnostics on ${corpus.name}`, summary: summarizeProfile(mainThreadProfile(directory), ENGINE_TYPESCRIPT), wallMs: performance.now() - started };
}

async function profileServerEdits(corpus: Corpus, file: string, edits: number): Promise<ProfileResult> {
  const directory = path.join(CORPORA, '.profiles', `server-edits-${corpus.name}`);
  fs.rmSync(directory, { recursive: true, force: true });
  fs.mkdirSync(directory, { recursive: true });
  const result = await editLatency(path.join(REPO, 'server', 'src', 'server.ts'), corpus.root, file, edits, ['--cpu-prof', '--cpu-prof-dir', directory, '--import', 'tsx']);
  return {
    label: `language server, ${edits} edits of a ${result.lines}-line file on ${corpus.name} (edit phase only; p50 ${millis(percentile(result.samplesMs, 50))} ms under the profiler)`,
    summary: summarizeProfile(mainThreadProfile(directory), ENGINE_TYPESCRIPT, result.editPhaseMs),
    wallMs: result.editPhaseMs,
  };
}

function versions(): Record<string, string> {
  const version = (name: string) => (JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  const ourVersion = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', 'server'], { cwd: REPO, encoding: 'utf8' }).trim();
    if (dirty) commit += ' + uncommitted changes in server/';
  } catch {
    // Not a git checkout: the version alone identifies the build.
  }
  return {
    'async-pitfalls': `${ourVersion} (${commit}), on @ts-morph/common ${version('@ts-morph/common')} with TypeScript ${ts.version}`,
    node: process.version,
    typescript: version('typescript'),
    eslint: version('eslint'),
    'typescript-eslint': version('typescript-eslint'),
    'eslint-plugin-n': version('eslint-plugin-n'),
  };
}

function machine(): string[] {
  const cpus = os.cpus();
  return [
    `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} (${os.arch()})`,
    `load average at start ${os.loadavg().map((n) => n.toFixed(2)).join(', ')}`,
  ];
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  for (const file of [CLI, SERVER]) if (!fs.existsSync(file)) throw new Error(`${path.relative(REPO, file)} is missing: run npm run build first (npm run bench does)`);
  const benchStarted = performance.now();
  const machineLines = machine();
  const registered = rules.map((rule) => rule.meta.id);
  const ourConfig = `${JSON.stringify({ rules: Object.fromEntries(registered.map((id) => [id, id in EQUIVALENTS ? 'warning' : 'off'])) }, null, 2)}\n`;
  const compared = registered.filter((id) => id in EQUIVALENTS);

  const wanted = (name: string) => (options.corpora ? options.corpora.has(name) : !(options.quick && (name === 'gen-5000' || name === REAL_PACKAGE.name)));
  const corpora = new Map<string, Corpus>();
  for (const spec of GENERATED) {
    if (!wanted(spec.name) && !(spec.name === 'gen-1000' && options.only.has('editor'))) continue;
    log(`generating ${spec.name}`);
    const generated = writeCorpus(path.join(CORPORA, spec.name), spec, ourConfig);
    corpora.set(spec.name, { name: spec.name, root: generated.root, files: generated.files, lines: generated.lines, how: `generated (seed ${spec.seed})`, generated });
  }
  if (wanted(REAL_PACKAGE.name) && (options.only.has('batch') || options.only.has('warm') || options.only.has('memory'))) {
    const real = installRealPackage(CORPORA, ourConfig, log);
    corpora.set(REAL_PACKAGE.name, { name: REAL_PACKAGE.name, root: real.root, files: real.files, lines: real.lines, how: `${REAL_PACKAGE.name}@${REAL_PACKAGE.version} src/ from npm, dependencies installed` });
  }

  const batch: BatchResult[] = [];
  if (options.only.has('batch')) {
    for (const corpus of corpora.values()) {
      if (!wanted(corpus.name)) continue;
      // The 5,000-file corpus is the slow one for the peers: one round, and ESLint (several minutes
      // there) only with --full, keep the whole bench within about a quarter of an hour.
      const large = corpus.name === 'gen-5000';
      const runs = options.runs ?? (options.quick || large ? 1 : 3);
      batch.push(await runBatch(corpus, runs, !large || options.full));
    }
  }

  const warm: WarmResult[] = [];
  if (options.only.has('warm')) {
    for (const corpus of corpora.values()) {
      if (!wanted(corpus.name)) continue;
      const runs = options.runs ?? (options.quick || corpus.name === 'gen-5000' ? 1 : 3);
      fs.mkdirSync(path.join(CORPORA, '.out'), { recursive: true });
      warm.push(await runWarm(CLI, corpus.name, corpus.root, path.join(CORPORA, '.cache', corpus.name), path.join(CORPORA, '.out'), runs, log));
    }
  }

  const editor: EditorResults = {};
  if (options.only.has('editor')) {
    const coldCorpus = corpora.get(options.quick ? 'gen-1000' : 'gen-5000') ?? corpora.get('gen-1000');
    const editCorpus = corpora.get('gen-1000');
    if (coldCorpus?.generated) {
      const file = fileWithMistakes(coldCorpus);
      const runs: ColdStart[] = [];
      for (let i = 0; i < (options.quick ? 1 : 3); i++) {
        runs.push(await coldStart(SERVER, coldCorpus.root, file));
        log(`cold start on ${coldCorpus.name}: ${millis(runs[i].openToDiagnosticsMs)} ms from didOpen to first diagnostics, ${millis(runs[i].openToSettledMs)} ms to complete ones${runs[i].cutShort ? ' (the server cut the analysis short: findings partial)' : ''}`);
      }
      editor.cold = { corpus: coldCorpus.name, runs };
    }
    if (editCorpus?.generated?.bigFile) {
      const result = await editLatency(SERVER, editCorpus.root, path.join(editCorpus.root, editCorpus.generated.bigFile), options.quick ? 15 : 40);
      const wholeFile = await editLatency(SERVER, editCorpus.root, path.join(editCorpus.root, editCorpus.generated.bigFile), options.quick ? 15 : 40, [], EDIT_IN_SYNC_FUNCTION);
      editor.edit = {
        corpus: editCorpus.name,
        lines: result.lines,
        samples: result.samplesMs,
        firstDiagnosticsMs: result.firstDiagnosticsMs,
        peakMb: result.peakMb,
        wholeFileSamples: wholeFile.samplesMs,
      };
      log(`edit to diagnostics on a ${result.lines}-line file: p50 ${millis(percentile(result.samplesMs, 50))} ms, p95 ${millis(percentile(result.samplesMs, 95))} ms`);
      log(`edit to diagnostics, whole file re-analyzed: p50 ${millis(percentile(wholeFile.samplesMs, 50))} ms, p95 ${millis(percentile(wholeFile.samplesMs, 95))} ms`);
      const dependent = await dependentLatency(SERVER, editCorpus.root, editCorpus.generated.dependentPair, options.quick ? 4 : 10);
      editor.dependent = { corpus: editCorpus.name, samples: dependent.samplesMs };
      log(`dependent re-check: median ${millis(summarize(dependent.samplesMs).median)} ms`);
    }
  }

  const memory: MemoryResult[] = [];
  if (options.only.has('memory')) {
    const real = corpora.get(REAL_PACKAGE.name);
    if (real) {
      log(`server with workspace diagnostics on ${real.name}`);
      const server = await workspaceDiagnosticsMemory(SERVER, real.root);
      log(`server: ${server.files} files in ${seconds(server.wallMs)}, peak ${mb(server.peakMb ?? NaN)} MB, ${mb(server.liveHeapMb)} MB heap live after GC`);
      fs.mkdirSync(path.join(CORPORA, '.out'), { recursive: true });
      const tsc = await measure(process.execPath, toolCommand('tsc --noEmit'), real.root, path.join(CORPORA, '.out', `${real.name}-memory-tsc.out`));
      log(`tsc --noEmit: ${seconds(tsc.wallMs)}, peak ${mb(tsc.peakMb)} MB`);
      memory.push({ corpus: real.name, server, tscPeakMb: tsc.peakMb, tscWallMs: tsc.wallMs });
    }
  }

  const profiles: ProfileResult[] = [];
  if (options.only.has('profile')) {
    // The CLI on gen-5000 under the profiler takes minutes: only with --full.
    for (const name of options.full ? ['gen-1000', 'gen-5000'] : ['gen-1000']) {
      const corpus = corpora.get(name);
      if (!corpus) continue;
      log(`profiling the CLI on ${name}`);
      profiles.push(await profileCli(corpus));
    }
    const coldCorpus = corpora.get(options.quick ? 'gen-1000' : 'gen-5000');
    if (coldCorpus?.generated) {
      log(`profiling the server's cold start on ${coldCorpus.name}`);
      profiles.push(await profileServerColdStart(coldCorpus, fileWithMistakes(coldCorpus)));
    }
    const editCorpus = corpora.get('gen-1000');
    if (editCorpus?.generated?.bigFile) {
      log(`profiling the server while editing on ${editCorpus.name}`);
      profiles.push(await profileServerEdits(editCorpus, path.join(editCorpus.root, editCorpus.generated.bigFile), options.quick ? 10 : 20));
    }
  }

  const report = renderReport({
    options,
    machineLines: [...machineLines, `load average at end ${os.loadavg().map((n) => n.toFixed(2)).join(', ')}`],
    versions: versions(),
    compared,
    registered,
    corpora: [...corpora.values()],
    batch,
    warm,
    editor,
    memory,
    profiles,
    minutes: (performance.now() - benchStarted) / 60000,
  });
  process.stdout.write(`${report}\n`);
  const previous = fs.existsSync(options.out) ? fs.readFileSync(options.out, 'utf8') : fs.existsSync(RESULTS_FILE) ? fs.readFileSync(RESULTS_FILE, 'utf8') : '';
  fs.writeFileSync(options.out, `${report.replace(NOTES_PLACEHOLDER, keptNotes(previous))}\n`);
  fs.writeFileSync(path.join(CORPORA, 'results.json'), JSON.stringify({ batch: batch.map((b) => ({ corpus: b.corpus.name, tools: b.tools })), warm, editor, memory, profiles }, null, 2));
  log(`wrote ${path.relative(process.cwd(), options.out)} in ${((performance.now() - benchStarted) / 60000).toFixed(1)} min`);
}

const NOTES_START = '<!-- notes: kept when the bench rewrites this file -->';
const NOTES_END = '<!-- /notes -->';
const NOTES_PLACEHOLDER = '\u0000NOTES\u0000';

/** The hand-written analysis between the markers survives a re-run. */
function keptNotes(previous: string): string {
  const start = previous.indexOf(NOTES_START);
  const end = previous.indexOf(NOTES_END);
  const body = start >= 0 && end > start ? previous.slice(start + NOTES_START.length, end).trim() : '_No analysis yet._';
  return `${NOTES_START}\n${body}\n${NOTES_END}`;
}

interface ReportInput {
  options: Options;
  machineLines: string[];
  versions: Record<string, string>;
  compared: string[];
  registered: string[];
  corpora: Corpus[];
  batch: BatchResult[];
  warm: WarmResult[];
  editor: EditorResults;
  memory: MemoryResult[];
  profiles: ProfileResult[];
  minutes: number;
}

function renderReport(input: ReportInput): string {
  const out: string[] = [];
  out.push('# Benchmarks');
  out.push('');
  out.push(
    `Written by \`npm run bench${input.options.quick ? ' -- --quick' : input.options.full ? ' -- --full' : ''}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC in ${input.minutes.toFixed(1)} minutes. ` +
      'Times are medians of the runs with min–max; CPU is user + system time of the process; memory is its peak resident set. ' +
      'The tools run in turns within each round, so background load hits all of them alike, but on a shared machine wall times still vary between rounds: CPU times vary less. Re-run with `npm run bench` (about a quarter of an hour of CPU time), `npm run bench -- --quick` (a few minutes) or `npm run bench -- --full` (adds ESLint and a CLI profile on gen-5000).',
  );
  out.push('');
  out.push('## Machine and versions');
  out.push('');
  for (const line of input.machineLines) out.push(`- ${line}`);
  for (const [name, version] of Object.entries(input.versions)) out.push(`- ${name} ${version}`);
  out.push(
    `- our rules in the comparison: ${input.compared.map((id) => `\`${id}\` (≈ ${EQUIVALENTS[id]})`).join(', ') || 'none'}; ` +
      `registered but without an ESLint equivalent, so off here: ${input.registered.filter((id) => !(id in EQUIVALENTS)).map((id) => `\`${id}\``).join(', ') || 'none'}. ` +
      `ESLint runs ${Object.values(EQUIVALENTS).map((rule) => `\`${rule}\``).join(', ')} with \`parserOptions.projectService\`.`,
  );
  out.push('');
  out.push('## Corpora');
  out.push('');
  out.push('| corpus | files | lines | what |');
  out.push('|---|--:|--:|---|');
  for (const corpus of input.corpora) out.push(`| ${corpus.name} | ${corpus.files} | ${corpus.lines} | ${corpus.how} |`);
  out.push('');
  out.push('Generated corpora: services in ten domain folders importing each other, classes with async methods, and about one method in eight with a typical mistake (unawaited call, `forEach(async …)`, `if (promise)`, `await` of a plain value, `await` in a loop, async Promise executor, `readFileSync` in async code, `fetch` without a timeout). `bench/corpus.ts` writes them into `bench/.corpora/` (git-ignored); the same seed always gives the same bytes.');
  out.push('');

  const targets: string[][] = [];
  if (input.batch.length > 0) {
    out.push('## Batch: whole project from the command line');
    out.push('');
    out.push('`node dist/cli.js src --format json` vs `tsc -p tsconfig.json --noEmit` vs `eslint src --format json`, in the corpus folder.');
    out.push('');
    out.push('| corpus | tool | wall s | CPU s | peak MB | reported | wall vs ours |');
    out.push('|---|---|--:|--:|--:|--:|--:|');
    for (const { corpus, tools } of input.batch) {
      const ours = summarize(tools[0].runs.map((run) => run.wallMs));
      for (const entry of tools) {
        const wall = summarize(entry.runs.map((run) => run.wallMs));
        const cpu = summarize(entry.runs.map((run) => run.cpuMs));
        const peak = summarize(entry.runs.map((run) => run.peakMb));
        const what = entry.tool === 'tsc --noEmit' ? 'errors' : 'findings';
        out.push(
          `| ${corpus.name} | ${entry.tool} | ${fmtRange(wall, secs)} | ${fmtRange(cpu, secs)} | ${fmtRange(peak, mb)} | ${entry.output} ${what}${entry.cutShort ? ` (${entry.cutShort} files cut short)` : ''} | ${entry === tools[0] ? '1' : `${(wall.median / ours.median).toFixed(2)}×`} |`,
        );
      }
    }
    out.push('');
    if (input.batch.some((result) => result.tools.length < 3)) out.push('ESLint is left out on gen-5000 unless the bench runs with `--full` (it takes several minutes there).');
    out.push('"wall vs ours": how many times longer than our CLI the tool took (medians). tsc reports type errors, not findings; its count is there to show it checked the whole program.');
    out.push('');
    for (const { corpus, tools } of input.batch) {
      const [ours, tsc, eslint = undefined] = tools.map((entry) => ({
        wall: summarize(entry.runs.map((run) => run.wallMs)).median,
        cpu: summarize(entry.runs.map((run) => run.cpuMs)).median,
        peak: summarize(entry.runs.map((run) => run.peakMb)).median,
      }));
      const timeRatio = ours.wall / tsc.wall;
      targets.push([`CLI time ≤ 0.5× tsc (${corpus.name})`, `${timeRatio.toFixed(2)}× wall, ${(ours.cpu / tsc.cpu).toFixed(2)}× CPU`, verdict(timeRatio <= 0.5)]);
      if (eslint) targets.push([`CLI ≥ 4× faster than ESLint (${corpus.name})`, `${(eslint.wall / ours.wall).toFixed(1)}× wall, ${(eslint.cpu / ours.cpu).toFixed(1)}× CPU`, verdict(eslint.wall / ours.wall >= 4)]);
      targets.push([`CLI peak memory ≤ tsc's (${corpus.name})`, `${mb(ours.peak)} MB vs ${mb(tsc.peak)} MB`, verdict(ours.peak <= tsc.peak)]);
    }
  }

  const { cold, edit, dependent } = input.editor;
  if (input.warm.length > 0) {
    out.push('## Warm runs: the CLI with `--cache`');
    out.push('');
    out.push(
      'The CLI with `--cache` on each corpus: the first run fills the cache, then runs after no change, after a statement added to one ' +
        "function's body, and after one export added to the same file (each measured on the first run after the edit, which analyzes again the file, " +
        'the files whose analysis read its body and, when its declarations changed, the files that import it; the edit is then undone). Wall time, with CPU time in brackets. The target (issue 22): ' +
        'no change under 0.5 s and one body changed under 1 s on a project of typeorm\'s size.',
    );
    out.push('');
    out.push('| corpus | file edited | filling the cache | no change | one body changed | one exported signature changed |');
    out.push('|---|---|--:|--:|--:|--:|');
    const cell = (runs: readonly Measurement[]) => {
      if (runs.length === 0) return '–';
      const wall = summarize(runs.map((run) => run.wallMs));
      const cpu = summarize(runs.map((run) => run.cpuMs));
      return `${fmtRange(wall, seconds)} (${seconds(cpu.median)})`;
    };
    for (const row of input.warm) {
      out.push(`| ${row.corpus} | ${row.edited} | ${cell(row.filling)} | ${cell(row.noChange)} | ${cell(row.bodyChanged)} | ${cell(row.signatureChanged)} |`);
    }
    out.push('');
  }
  if (cold || edit || dependent) {
    out.push('## Editor: through the language server (`node dist/server.js --stdio`)');
    out.push('');
    out.push('| measurement | corpus | median (min–max) or percentiles | server peak MB |');
    out.push('|---|---|--:|--:|');
    if (cold) {
      const open = summarize(cold.runs.map((run) => run.openToDiagnosticsMs));
      const spawned = summarize(cold.runs.map((run) => run.spawnToDiagnosticsMs));
      const settledRuns = summarize(cold.runs.map((run) => run.openToSettledMs));
      const cutShortRuns = cold.runs.filter((run) => run.cutShort).length;
      const peaks = cold.runs.map((run) => run.peakMb).filter((n): n is number => n !== undefined);
      out.push(`| cold server: didOpen → first diagnostics of that file | ${cold.corpus} | ${fmtRange(open, millis)} ms | ${peaks.length ? mb(summarize(peaks).median) : '?'} |`);
      out.push(`| cold server: didOpen → complete diagnostics (the last before 3 s of quiet; later than the first when those were partial) | ${cold.corpus} | ${fmtRange(settledRuns, millis)} ms | |`);
      out.push(`| cold server: process start → first diagnostics | ${cold.corpus} | ${fmtRange(spawned, millis)} ms | |`);
      const firstLook = cold.runs[0].firstFindings < cold.runs[0].findings || open.median < settledRuns.median - 100;
      targets.push([
        `first diagnostics < 2 s (${cold.corpus})`,
        `${millis(open.median)} ms from didOpen to the first (${cold.runs[0].firstFindings} findings${firstLook ? ', a first look: the file in a program without the modules its imports import, four rules' : ''}), ${millis(settledRuns.median)} ms to the complete ones (${cold.runs[0].findings} findings${cutShortRuns ? `; in ${cutShortRuns} of ${cold.runs.length} runs the server cut the analysis short at its time budget, so they were partial` : ''})`,
        verdict(open.median < 2000),
      ]);
    }
    if (edit) {
      const p50 = percentile(edit.samples, 50);
      const p95 = percentile(edit.samples, 95);
      out.push(`| edit → fresh diagnostics, ${edit.lines}-line file, ${edit.samples.length} edits inside an async method with a declared return type (only that method is re-analyzed; includes the ${TYPING_DEBOUNCE_MS} ms debounce) | ${edit.corpus} | p50 ${millis(p50)} ms, p95 ${millis(p95)} ms, max ${millis(Math.max(...edit.samples))} ms | ${edit.peakMb === undefined ? '?' : mb(edit.peakMb)} |`);
      out.push(
        `| edit → fresh diagnostics in a plain function at the top of the same file (the whole file is re-analyzed), ${edit.wholeFileSamples.length} edits | ${edit.corpus} | p50 ${millis(percentile(edit.wholeFileSamples, 50))} ms, p95 ${millis(percentile(edit.wholeFileSamples, 95))} ms, max ${millis(Math.max(...edit.wholeFileSamples))} ms | |`,
      );
      out.push(`| (same server) didOpen → first diagnostics of that file | ${edit.corpus} | ${millis(edit.firstDiagnosticsMs)} ms | |`);
      targets.push([`edit → diagnostics p95 < 100 ms + ${TYPING_DEBOUNCE_MS} ms debounce`, `p95 ${millis(p95)} ms (${millis(p95 - TYPING_DEBOUNCE_MS)} ms after the debounce)`, verdict(p95 < 100 + TYPING_DEBOUNCE_MS)]);
    }
    if (dependent) {
      const s = summarize(dependent.samples);
      out.push(`| change to an imported file → fresh diagnostics of the open file importing it, ${dependent.samples.length} changes | ${dependent.corpus} | ${fmtRange(s, millis)} ms | |`);
    }
    out.push('');
  }

  if (input.memory.length > 0) {
    out.push('## Memory: the language server with workspace diagnostics');
    out.push('');
    out.push('The server (`asyncPitfalls.workspaceDiagnostics` on) from start until its background run over the whole folder is done, beside `tsc --noEmit` on the same tsconfig. Peak is the resident set high-water mark; live is the heap in use after a full garbage collection at the end.');
    out.push('');
    out.push('| corpus | files | server wall s | server peak MB | server live heap MB (RSS) after | tsc wall s | tsc peak MB |');
    out.push('|---|--:|--:|--:|--:|--:|--:|');
    for (const row of input.memory) {
      const peak = row.server.peakMb;
      out.push(`| ${row.corpus} | ${row.server.files} | ${secs(row.server.wallMs)} | ${peak === undefined ? '?' : mb(peak)} | ${mb(row.server.liveHeapMb)} (${mb(row.server.rssAfterMb)}) | ${secs(row.tscWallMs)} | ${mb(row.tscPeakMb)} |`);
      targets.push([`server peak memory with workspace diagnostics ≤ tsc's (${row.corpus})`, `${peak === undefined ? '?' : mb(peak)} MB vs ${mb(row.tscPeakMb)} MB`, verdict(peak !== undefined && peak <= row.tscPeakMb)]);
    }
    out.push('');
  }

  if (targets.length > 0) {
    out.push('## Targets');
    out.push('');
    out.push('| target | measured | met |');
    out.push('|---|---|---|');
    for (const row of targets) out.push(`| ${row.join(' | ')} |`);
    out.push('');
  }

  if (input.profiles.length > 0) {
    out.push('## Where the time goes (node --cpu-prof)');
    out.push('');
    out.push('Run from the sources through tsx so that frames keep their names (startup includes tsx compiling our sources). Each sample is charged to the innermost phase on its stack; TypeScript frames are placed by the top-level function of typescript.js that contains them.');
    for (const profile of input.profiles) {
      out.push('');
      out.push(`### ${profile.label} (${seconds(profile.summary.totalMs)} sampled, ${seconds(profile.wallMs)} wall)`);
      out.push('');
      out.push('| phase | s | share |');
      out.push('|---|--:|--:|');
      for (const phase of profile.summary.phases.filter((p) => p.share >= 0.005)) out.push(`| ${phase.phase} | ${secs(phase.ms)} | ${(phase.share * 100).toFixed(1)}% |`);
      if (profile.summary.byRule.length > 0) {
        out.push('');
        out.push(`Under each rule's check (its code, the checker work it asks for, and below): ${profile.summary.byRule.map((r) => `\`${r.rule}\` ${secs(r.ms)} s (checker ${secs(r.checkerMs)} s)`).join(', ')}.`);
      }
      if (profile.summary.checkerEntries.length > 0) {
        out.push('');
        out.push(`Checker time by the checker function our code (or the program) entered it through: ${profile.summary.checkerEntries.map((e) => `\`${e.entry}\` ${secs(e.ms)} s`).join(', ')}.`);
      }
      out.push('');
      out.push('<details><summary>Hottest functions (self time)</summary>');
      out.push('');
      out.push('| function | where | phase | ms |');
      out.push('|---|---|---|--:|');
      for (const fn of profile.summary.hottest) out.push(`| \`${fn.name}\` | ${fn.where} | ${fn.phase} | ${millis(fn.ms)} |`);
      out.push('');
      out.push('</details>');
    }
    out.push('');
  }

  out.push('## Analysis');
  out.push('');
  out.push(NOTES_PLACEHOLDER);
  return out.join('\n');
}

const verdict = (met: boolean) => (met ? 'yes' : '**no**');

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
