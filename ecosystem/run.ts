/**
 * `npm run ecosystem`: the rules on real code. Installs the pinned corpus (ecosystem/packages.ts), runs the
 * built CLI on each package, compares every rule's findings with its labels (ecosystem/labels/<rule>.json),
 * measures recall by injecting known mistakes into copies of real files, and writes bench/ECOSYSTEM.md.
 * Exit 1 (with the diff printed) when a finding has no label or a labeled true positive vanished.
 *
 * The fix phase applies every fix of every finding alone and re-parses the result, runs `--fix` on a copy of
 * each package and checks that it keeps literals, settles in one run and adds no type error; exit 1 when a
 * fix adds a syntax error, changes a literal or a second `--fix` still changes something.
 *
 *   npm run ecosystem -- [--corpus <dir>] [--work <dir>] [--cli <dist/cli.js>] [--no-mutations] [--no-fixes] [--packages a,b]
 * The corpus folder can also be set with ECOSYSTEM_CORPUS; it defaults to ecosystem/.corpus/.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as ts from 'typescript';
import { applyEdits } from '../server/src/engine/fixes';
import { Linter } from '../server/src/engine/linter';
import { silentLogger } from '../server/src/base/logger';
import { inferredCompilerOptions } from '../server/src/project/projectHost';
import { ALL_RULE_IDS } from '../server/src/rules';
import type { FixKind, RuleId } from '../server/src/rules/types';
import { seededRandom } from '../test/helpers/random';
import { type Range, addedSyntaxErrors, changedLiterals, excess as excessOf } from './fixes';
import { installCorpus, packageRoot, sourceFiles, writePackageConfigs } from './install';
import { type Finding, type RuleDiff, diffRule, failures, findingKey, readLabels } from './labels';
import {
  EXPECTED_RULE,
  type Injection,
  MUTATION_KINDS,
  type MutationKind,
  findSites,
  inject,
  isGenerated,
  isTypeScript,
  packageSeed,
  pickSites,
  shuffled,
  syntaxErrors,
} from './mutations';
import { CORPUS, type CorpusPackage, RESOLVE_BEFORE } from './packages';

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '..');
const LABELS_DIR = path.join(REPO, 'ecosystem', 'labels');
const REPORT = path.join(REPO, 'bench', 'ECOSYSTEM.md');
/** The seed of the mutation picks; change it only together with a re-measure. */
const SEED = 15;
/** Files per package and kind of mistake. */
const PER_KIND = 3;

interface Options {
  corpus: string;
  work: string;
  cli: string;
  mutations: boolean;
  fixes: boolean;
  packages: readonly CorpusPackage[];
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    corpus: path.resolve(process.env.ECOSYSTEM_CORPUS ?? path.join(REPO, 'ecosystem', '.corpus')),
    work: path.join(REPO, 'ecosystem', '.work'),
    cli: path.join(REPO, 'dist', 'cli.js'),
    mutations: true,
    fixes: true,
    packages: CORPUS,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--corpus') options.corpus = path.resolve(value());
    else if (arg === '--work') options.work = path.resolve(value());
    else if (arg === '--cli') options.cli = path.resolve(value());
    else if (arg === '--no-mutations') options.mutations = false;
    else if (arg === '--no-fixes') options.fixes = false;
    else if (arg === '--packages') {
      const names = value().split(',');
      const unknown = names.filter((n) => !CORPUS.some((p) => p.name === n));
      if (unknown.length) throw new Error(`not in the corpus: ${unknown.join(', ')}`);
      options.packages = CORPUS.filter((p) => names.includes(p.name));
    } else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

interface CliRun {
  findings: Finding[];
  errors: { file: string; rule?: string; reason: string }[];
  warnings: string[];
  files: number;
  seconds: number;
}

/** Runs the built CLI the way a user's CI would, from `cwd`, and reads its JSON report. */
async function runCli(cli: string, cwd: string, paths: readonly string[]): Promise<CliRun> {
  const started = Date.now();
  let stdout: string;
  let stderr: string;
  try {
    ({ stdout, stderr } = await run(process.execPath, [cli, ...paths, '--format', 'json'], { cwd, maxBuffer: 256 * 1024 * 1024 }));
  } catch (error) {
    // Exit 1 (findings) and 2 (analyses that did not complete) still print the report.
    const failed = error as { stdout?: string; stderr?: string; code?: number };
    if (!failed.stdout) throw new Error(`the CLI failed in ${cwd} on ${paths.join(' ')} (exit ${failed.code}): ${failed.stderr ?? error}`);
    stdout = failed.stdout;
    stderr = failed.stderr ?? '';
  }
  const report = JSON.parse(stdout) as { findings: Finding[]; errors?: CliRun['errors']; stats: { files: number } };
  return {
    findings: report.findings,
    errors: report.errors ?? [],
    warnings: stderr.split('\n').filter((line) => line.trim() !== ''),
    files: report.stats.files,
    seconds: (Date.now() - started) / 1000,
  };
}

const STOPPED = /Analysis of (.+?) was stopped after \d+ ms/;

/**
 * Runs the CLI, then once more on each file whose analysis ran out of the engine's time budget (a loaded
 * machine can stop a file that normally takes a fraction of it): alone, it gets the machine to itself.
 * A file stopped again stays in `stopped`, and the run cannot be compared with the labels.
 */
async function runComplete(cli: string, cwd: string, paths: readonly string[]): Promise<CliRun & { stopped: string[] }> {
  const first = await runCli(cli, cwd, paths);
  const stoppedFiles = first.warnings.map((w) => STOPPED.exec(w)?.[1]).filter((f): f is string => f !== undefined);
  if (stoppedFiles.length === 0) return { ...first, stopped: [] };
  const asKey = (file: string) => path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/');
  const retried = new Set(stoppedFiles.map(asKey));
  const findings = first.findings.filter((f) => !retried.has(asKey(f.file)));
  const warnings = first.warnings.filter((w) => !STOPPED.test(w));
  const stopped: string[] = [];
  for (const file of retried) {
    // One at a time, so the retry is not the contention that stopped the file.
    const again = await runCli(cli, cwd, [file]);
    findings.push(...again.findings);
    if (again.warnings.some((w) => STOPPED.test(w))) stopped.push(file);
  }
  return { ...first, findings, warnings, stopped };
}

/** Runs `task` over `items`, `parallel` at a time, keeping the items' order in the results. */
async function inTurns<T, R>(items: readonly T[], parallel: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await task(items[i]);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return results;
}

// ---- mutations ---------------------------------------------------------------------------------------

interface Mutant extends Injection {
  /** `<package>/<path>`, as the CLI prints it from the mutants' root. */
  readonly file: string;
}

interface MutationOutcome {
  readonly mutant: Mutant;
  readonly found: boolean;
  /** What the CLI reported on the injected line instead, when it missed. */
  readonly otherwise: string[];
}

function programFor(root: string, pkg: CorpusPackage, files: readonly string[]): ts.Program {
  const absolute = files.map((f) => path.join(root, f));
  if (pkg.project === 'shipped') {
    const configFile = path.join(root, 'tsconfig.json');
    const config = ts.readConfigFile(configFile, ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root, { noEmit: true }, configFile);
    return ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  }
  const typeRoots = fs.existsSync(path.join(root, 'node_modules', '@types')) ? [path.join(root, 'node_modules', '@types')] : [];
  // The options the CLI gives a file no tsconfig includes (the engine's TypeScript and this one share the enums).
  return ts.createProgram({ rootNames: absolute, options: inferredCompilerOptions(root, typeRoots) as ts.CompilerOptions });
}

/**
 * Picks and applies the injections for one package: seeded, at most one per file, each one re-parsed and
 * (for TypeScript) type-checked against the original file, so a mistake that would not compile is dropped
 * rather than counted.
 */
function mutantsOf(corpus: string, pkg: CorpusPackage, files: readonly string[]): { mutants: Mutant[]; dropped: { file: string; kind: MutationKind; why: string }[] } {
  const root = packageRoot(corpus, pkg);
  const random = seededRandom(packageSeed(SEED, pkg.name));
  const program = programFor(root, pkg, files);
  const checker = program.getTypeChecker();
  const candidates = shuffled(files, random).filter((file) => {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    return !isGenerated(text) && !text.split('\n').some((line) => line.length > 400);
  });
  const picks = pickSites(
    candidates,
    (file) => {
      const sourceFile = program.getSourceFile(path.join(root, file));
      return sourceFile ? findSites(sourceFile, checker, { browser: pkg.browser === true }) : [];
    },
    PER_KIND,
    random,
  );
  const mutants: Mutant[] = [];
  const dropped: { file: string; kind: MutationKind; why: string }[] = [];
  for (const { file, site } of picks) {
    const sourceFile = program.getSourceFile(path.join(root, file))!;
    const injection = inject(sourceFile, site, Math.floor(random() * 1000));
    if (!injection) continue;
    const errors = syntaxErrors(file, injection.text);
    if (errors.length > 0) dropped.push({ file, kind: site.kind, why: `does not parse: ${errors[0]}` });
    else mutants.push({ ...injection, file: `${pkg.name}/${file}` });
  }
  const typed = mutants.filter((m) => isTypeScript(m.file));
  if (typed.length === 0) return { mutants, dropped };
  // Type errors the injections add: the same program with the mutated texts in place of the files.
  const overlay = new Map(typed.map((m) => [path.join(corpus, m.file), m.text]));
  const host = ts.createCompilerHost(program.getCompilerOptions());
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => overlay.get(path.resolve(name)) ?? readFile(name);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    const text = overlay.get(path.resolve(name));
    if (text !== undefined) return ts.createSourceFile(name, text, languageVersion, true);
    return program.getSourceFile(name) ?? getSourceFile(name, languageVersion, onError, shouldCreate);
  };
  const mutated = ts.createProgram({ rootNames: program.getRootFileNames(), options: program.getCompilerOptions(), host, oldProgram: program });
  const errorCount = (p: ts.Program, name: string): number => {
    const sourceFile = p.getSourceFile(name);
    return sourceFile ? p.getSemanticDiagnostics(sourceFile).length + p.getSyntacticDiagnostics(sourceFile).length : 0;
  };
  const kept = mutants.filter((m) => {
    if (!isTypeScript(m.file)) return true;
    const name = path.join(corpus, m.file);
    const added = errorCount(mutated, name) - errorCount(program, name);
    if (added > 0) dropped.push({ file: m.file, kind: m.kind, why: `adds ${added} type error(s)` });
    return added <= 0;
  });
  return { mutants: kept, dropped };
}

/** A copy of the package with the mutated files in place, sharing the installed dependencies. */
function writeMutants(corpus: string, mutantsRoot: string, pkg: CorpusPackage, mutants: readonly Mutant[]): void {
  const from = packageRoot(corpus, pkg);
  const to = path.join(mutantsRoot, pkg.name);
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true, filter: (source) => path.relative(from, source) !== 'node_modules' });
  fs.symlinkSync(path.join(from, 'node_modules'), path.join(to, 'node_modules'), 'junction');
  for (const mutant of mutants) fs.writeFileSync(path.join(mutantsRoot, mutant.file), mutant.text);
}

// ---- fixes -------------------------------------------------------------------------------------------

const FIX_KINDS: readonly FixKind[] = ['safe', 'unsafe', 'suppression'];

interface FixFigures {
  /** Fixes applied alone to their file's text, per kind. */
  tried: Record<FixKind, number>;
  /** A fix applied alone whose result has a syntax error the file did not have. */
  broken: { file: string; rule: RuleId; kind: FixKind; title: string; error: string }[];
  /** Files with a safe fix, given to `--fix`, and those it changed. */
  withSafeFix: number;
  changed: number;
  /** Literals changed outside the fixed ranges, by a fix applied alone or by `--fix`. */
  literals: { file: string; how: string; lost: string[]; added: string[] }[];
  /** Files a second `--fix` still changed. */
  secondPass: string[];
  /** Files type-checked before and after `--fix`, and the errors the fixes added there. */
  typeChecked: number;
  typeErrors: { file: string; added: number; first: string }[];
}

function emptyFixFigures(): FixFigures {
  return { tried: { safe: 0, unsafe: 0, suppression: 0 }, broken: [], withSafeFix: 0, changed: 0, literals: [], secondPass: [], typeChecked: 0, typeErrors: [] };
}

/** The source text as the engine sees it: without a byte order mark. */
function readText(file: string): string {
  return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
}

function diagnosticsOf(program: ts.Program, name: string): string[] {
  const sourceFile = program.getSourceFile(name);
  if (!sourceFile) return [];
  return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].map(
    (d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
  );
}

/**
 * The fix phase on one package, in a copy of it under `root`: every fix of every finding applied alone and
 * re-parsed; then `--fix` on the files with a safe fix, its literals, a second `--fix`, and (TypeScript) the
 * type errors of the fixed files before and after.
 */
async function checkFixes(options: Options, root: string, pkg: CorpusPackage, files: readonly string[], figures: FixFigures): Promise<void> {
  writeMutants(options.corpus, root, pkg, []);
  const copy = path.join(root, pkg.name);
  const linter = new Linter(silentLogger, {});
  const safeRanges = new Map<string, Range[]>();
  for (const file of files) {
    const absolute = path.join(copy, file);
    const result = linter.lint(absolute);
    if (!result) continue;
    const text = result.sourceFile.text;
    for (const finding of result.findings) {
      for (const fix of finding.fixes) {
        figures.tried[fix.kind]++;
        const after = applyEdits(text, fix.edits);
        const added = addedSyntaxErrors(file, text, after);
        if (added.length) figures.broken.push({ file: `${pkg.name}/${file}`, rule: finding.ruleId, kind: fix.kind, title: fix.title, error: added[0] });
        // Literals too, for every kind: --fix applies safe fixes only, a person applies the others one by one.
        const literals = changedLiterals(file, text, after, fix.edits);
        if (literals.lost.length || literals.added.length) figures.literals.push({ file: `${pkg.name}/${file}`, how: `${finding.ruleId} ${fix.kind} "${fix.title}" alone`, ...literals });
        if (fix.kind === 'safe') safeRanges.set(file, [...(safeRanges.get(file) ?? []), ...fix.edits.map((e) => ({ start: e.start, end: e.end, newText: e.newText }))]);
      }
    }
  }
  const fixable = [...safeRanges.keys()];
  figures.withSafeFix += fixable.length;
  if (!fixable.length) return;
  const before = new Map(fixable.map((file) => [file, readText(path.join(copy, file))]));
  const typed = pkg.project === 'shipped' || fixable.some(isTypeScript) ? fixable.filter(isTypeScript) : [];
  const program = typed.length ? programFor(copy, pkg, typed) : undefined;
  const errorsBefore = new Map(typed.map((file) => [file, diagnosticsOf(program!, path.join(copy, file))]));

  await runCli(options.cli, root, [...fixable.map((file) => `${pkg.name}/${file}`), '--fix']);
  const once = new Map(fixable.map((file) => [file, fs.readFileSync(path.join(copy, file))]));
  for (const file of fixable) {
    const after = readText(path.join(copy, file));
    if (after === before.get(file)) continue;
    figures.changed++;
    const { lost, added } = changedLiterals(file, before.get(file)!, after, safeRanges.get(file)!);
    if (lost.length || added.length) figures.literals.push({ file: `${pkg.name}/${file}`, how: '--fix', lost, added });
  }
  await runCli(options.cli, root, [...fixable.map((file) => `${pkg.name}/${file}`), '--fix']);
  for (const file of fixable) {
    if (!fs.readFileSync(path.join(copy, file)).equals(once.get(file)!)) figures.secondPass.push(`${pkg.name}/${file}`);
  }
  if (!program) return;
  const fixedProgram = ts.createProgram({ rootNames: program.getRootFileNames(), options: program.getCompilerOptions(), oldProgram: program });
  for (const file of typed) {
    figures.typeChecked++;
    const added = excessOf(errorsBefore.get(file)!, diagnosticsOf(fixedProgram, path.join(copy, file)));
    if (added.length) figures.typeErrors.push({ file: `${pkg.name}/${file}`, added: added.length, first: added[0] });
  }
}

// ---- report ------------------------------------------------------------------------------------------

interface PackageRun {
  pkg: CorpusPackage;
  run: CliRun & { stopped: string[] };
  sourceFiles: number;
}

function percent(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${(value * 100).toFixed(1)}%`;
}

function ruleIds(): RuleId[] {
  return [...ALL_RULE_IDS].sort();
}

function renderReport(
  options: Options,
  runs: readonly PackageRun[],
  diffs: readonly RuleDiff[],
  outcomes: readonly MutationOutcome[] | undefined,
  dropped: readonly { file: string; kind: MutationKind; why: string }[],
  fixes: FixFigures | undefined,
  timing: { install: number; analysis: number; mutations: number; fixes: number; total: number },
): string {
  const rules = ruleIds();
  const out: string[] = [];
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  out.push('# Ecosystem check', '');
  out.push(
    `Written by \`npm run ecosystem\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC at ${commit}, ${os.availableParallelism()} CPUs, node ${process.version}: ` +
      `${timing.total.toFixed(0)} s in all (install ${timing.install.toFixed(0)} s, analysis ${timing.analysis.toFixed(0)} s, mutations ${timing.mutations.toFixed(0)} s, fixes ${timing.fixes.toFixed(0)} s).`,
    '',
    'The rules run on published packages nobody here wrote, at pinned versions with their runtime dependencies installed ' +
      `(resolved as of ${RESOLVE_BEFORE}). Every finding is judged by reading the code and labeled in \`ecosystem/labels/<rule>.json\`: ` +
      'precision = tp / (tp + fp + unsure). Recall is measured by injecting known mistakes into copies of real files of the corpus ' +
      '(ecosystem/mutations.ts, seeded) and counting how many the CLI reports at the injected line.',
    '',
  );
  out.push('## Corpus', '', '| package | version | analyzed | files | project | what |', '|---|---|---|--:|---|---|');
  for (const { pkg, run: r } of runs) {
    out.push(`| ${pkg.name} | ${pkg.version} | ${pkg.paths.join(', ')} | ${r.files} | ${pkg.project} | ${pkg.what} |`);
  }
  out.push(`| **all** | | | ${runs.reduce((n, r) => n + r.run.files, 0)} | | |`, '');
  const skipped = runs.flatMap((r) => r.run.warnings.map((w) => `${r.pkg.name}: ${w}`));
  if (skipped.length) out.push('CLI warnings:', '', ...skipped.map((w) => `- ${w.replace(options.corpus + path.sep, '')}`), '');
  const stopped = runs.flatMap((r) => r.run.stopped);
  if (stopped.length) out.push('Stopped by the time budget even when analyzed alone (findings incomplete):', '', ...stopped.map((f) => `- ${f}`), '');
  const errors = runs.flatMap((r) => r.run.errors.map((e) => `${e.file}${e.rule ? ` (${e.rule})` : ''}: ${e.reason}`));
  if (errors.length) out.push('Analyses that did not complete:', '', ...errors.map((e) => `- ${e}`), '');

  out.push('## Findings per rule', '', '| rule | findings | tp | fp | unsure | unlabeled | precision | vanished since review |', '|---|--:|--:|--:|--:|--:|--:|--:|');
  for (const d of diffs) {
    out.push(`| ${d.rule} | ${d.findings} | ${d.tp} | ${d.fp} | ${d.unsure} | ${d.unlabeled.length} | ${percent(d.precision)} | ${d.vanished.length} |`);
  }
  out.push('', 'Findings per package:', '', `| package | ${rules.join(' | ')} |`, `|---|${rules.map(() => '--:').join('|')}|`);
  for (const { pkg, run: r } of runs) {
    out.push(`| ${pkg.name} | ${rules.map((rule) => r.findings.filter((f) => f.rule === rule).length).join(' | ')} |`);
  }
  out.push('');

  if (outcomes) {
    out.push('## Recall on injected mistakes', '', '| mistake injected | expected rule | injected | reported at the line | recall |', '|---|---|--:|--:|--:|');
    for (const kind of MUTATION_KINDS) {
      const ofKind = outcomes.filter((o) => o.mutant.kind === kind);
      const found = ofKind.filter((o) => o.found).length;
      out.push(`| ${kind} | ${EXPECTED_RULE[kind]} | ${ofKind.length} | ${found} | ${percent(ofKind.length ? found / ofKind.length : undefined)} |`);
    }
    out.push('');
    const missed = outcomes.filter((o) => !o.found);
    if (missed.length) {
      out.push('Missed (mutated copy under the work folder; what was reported on that line instead):', '');
      for (const o of missed) out.push(`- ${o.mutant.kind} ${o.mutant.file}:${o.mutant.line}${o.otherwise.length ? ` (${o.otherwise.join(', ')})` : ''}`);
      out.push('');
    }
    if (dropped.length) {
      out.push('Injections dropped before the run (they would not compile):', '');
      for (const d of dropped) out.push(`- ${d.kind} ${d.file}: ${d.why}`);
      out.push('');
    }
  }

  if (fixes) {
    out.push(
      '## Fixes',
      '',
      'Every fix of every finding (safe, unsafe and suppression) applied alone to its file, re-parsed, and its literals compared with ' +
        'the original outside the fixed ranges; then `--fix` on a copy of each package (the files with a safe fix), the same literal ' +
        'comparison, a second `--fix` run, and the fixed TypeScript files type-checked before and after.',
      '',
      '| fixes tried alone | safe | unsafe | suppression | syntax errors added | literals changed |',
      '|--:|--:|--:|--:|--:|--:|',
      `| ${FIX_KINDS.reduce((n, k) => n + fixes.tried[k], 0)} | ${fixes.tried.safe} | ${fixes.tried.unsafe} | ${fixes.tried.suppression} | ${fixes.broken.length} | ${fixes.literals.filter((l) => l.how !== '--fix').length} |`,
      '',
      '| files with a safe fix | changed by --fix | literals changed | changed by a second --fix | type-checked | type errors added |',
      '|--:|--:|--:|--:|--:|--:|',
      `| ${fixes.withSafeFix} | ${fixes.changed} | ${fixes.literals.filter((l) => l.how === '--fix').length} | ${fixes.secondPass.length} | ${fixes.typeChecked} | ${fixes.typeErrors.reduce((n, t) => n + t.added, 0)} |`,
      '',
    );
    for (const b of fixes.broken) out.push(`- syntax error: ${b.file} ${b.rule} ${b.kind} "${b.title}": ${b.error}`);
    for (const l of fixes.literals) out.push(`- literals changed: ${l.file} (${l.how}): lost ${JSON.stringify(l.lost)}, added ${JSON.stringify(l.added)}`);
    for (const file of fixes.secondPass) out.push(`- changed by a second --fix: ${file}`);
    for (const t of fixes.typeErrors) out.push(`- type errors added: ${t.file}: ${t.added} (${t.first})`);
    if (fixes.broken.length || fixes.literals.length || fixes.secondPass.length || fixes.typeErrors.length) out.push('');
  }

  out.push('## Changes since the last review', '');
  const changed = diffs.filter((d) => d.unlabeled.length || d.vanished.length);
  if (!changed.length) out.push('None: every finding is labeled and every labeled finding is still reported.', '');
  for (const d of changed) {
    out.push(`### ${d.rule}`, '');
    for (const f of d.unlabeled) out.push(`- new: \`${findingKey(f)}\` ${f.message}`);
    for (const v of d.vanished) out.push(`- vanished (${v.label.label}): \`${v.key}\` ${v.label.reason}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

// ---- main --------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const log = (line: string): void => console.log(line);
  if (!fs.existsSync(options.cli)) throw new Error(`${options.cli} does not exist: run \`npm run build\` first`);
  const started = Date.now();
  const parallel = Math.max(1, Math.min(2, os.availableParallelism()));

  await installCorpus(options.corpus, options.packages, log);
  writePackageConfigs(options.corpus, options.packages);
  const installed = Date.now();

  const runs = await inTurns(options.packages, parallel, async (pkg): Promise<PackageRun> => {
    const r = await runComplete(options.cli, options.corpus, pkg.paths.map((p) => `${pkg.name}/${p}`));
    log(`${pkg.name}: ${r.files} files, ${r.findings.length} findings in ${r.seconds.toFixed(1)} s`);
    return { pkg, run: r, sourceFiles: sourceFiles(options.corpus, pkg).length };
  });
  const analyzed = Date.now();

  const all = runs.flatMap((r) => r.run.findings);
  const partial = options.packages.length !== CORPUS.length;
  const diffs = ruleIds().map((rule) => {
    const labels = readLabels(path.join(LABELS_DIR, `${rule}.json`));
    // A run over some packages can only speak for those packages' labels.
    const scoped = partial ? Object.fromEntries(Object.entries(labels).filter(([key]) => options.packages.some((p) => key.startsWith(`${p.name}/`)))) : labels;
    return diffRule(
      rule,
      all.filter((f) => f.rule === rule),
      scoped,
    );
  });
  fs.mkdirSync(options.work, { recursive: true });
  fs.writeFileSync(path.join(options.work, 'findings.json'), `${JSON.stringify(all.map((f) => ({ key: findingKey(f), rule: f.rule, message: f.message })), null, 2)}\n`);

  let outcomes: MutationOutcome[] | undefined;
  const dropped: { file: string; kind: MutationKind; why: string }[] = [];
  const stoppedMutants: string[] = [];
  if (options.mutations) {
    const mutantsRoot = path.join(options.work, 'mutants');
    fs.rmSync(mutantsRoot, { recursive: true, force: true });
    fs.mkdirSync(mutantsRoot, { recursive: true });
    fs.writeFileSync(path.join(mutantsRoot, '.async-pitfalls.json'), '{}\n');
    outcomes = [];
    const perPackage = await inTurns(options.packages, parallel, async (pkg) => {
      const files = sourceFiles(options.corpus, pkg);
      const { mutants, dropped: notKept } = mutantsOf(options.corpus, pkg, files);
      dropped.push(...notKept);
      writeMutants(options.corpus, mutantsRoot, pkg, mutants);
      const r = await runComplete(options.cli, mutantsRoot, mutants.map((m) => m.file));
      stoppedMutants.push(...r.stopped);
      log(`${pkg.name}: ${mutants.length} mutated files checked in ${r.seconds.toFixed(1)} s`);
      return mutants.map((mutant): MutationOutcome => {
        const onLine = r.findings.filter((f) => f.file.split(path.sep).join('/') === mutant.file && f.line === mutant.line);
        return { mutant, found: onLine.some((f) => f.rule === EXPECTED_RULE[mutant.kind]), otherwise: onLine.map((f) => f.rule) };
      });
    });
    outcomes = perPackage.flat();
  }
  const mutated = Date.now();

  let fixFigures: FixFigures | undefined;
  if (options.fixes) {
    const fixesRoot = path.join(options.work, 'fixes');
    fs.rmSync(fixesRoot, { recursive: true, force: true });
    fs.mkdirSync(fixesRoot, { recursive: true });
    fs.writeFileSync(path.join(fixesRoot, '.async-pitfalls.json'), '{}\n');
    fixFigures = emptyFixFigures();
    // One package at a time: the engine runs in this process, and each package's program is large.
    for (const { pkg } of runs) {
      const prefix = `${pkg.name}/`;
      const files = [...new Set(all.filter((f) => f.file.split(path.sep).join('/').startsWith(prefix)).map((f) => f.file.split(path.sep).join('/').slice(prefix.length)))].sort();
      const packageStarted = Date.now();
      await checkFixes(options, fixesRoot, pkg, files, fixFigures);
      log(`${pkg.name}: fixes of ${files.length} files checked in ${((Date.now() - packageStarted) / 1000).toFixed(1)} s`);
    }
  }
  const fixed = Date.now();

  const timing = {
    install: (installed - started) / 1000,
    analysis: (analyzed - installed) / 1000,
    mutations: (mutated - analyzed) / 1000,
    fixes: (fixed - mutated) / 1000,
    total: (fixed - started) / 1000,
  };
  if (!partial) fs.writeFileSync(REPORT, renderReport(options, runs, diffs, outcomes, dropped, fixFigures, timing));

  console.log('');
  console.log('rule                 findings   tp   fp unsure unlabeled precision vanished');
  for (const d of diffs) {
    console.log(
      `${d.rule.padEnd(20)} ${String(d.findings).padStart(8)} ${String(d.tp).padStart(4)} ${String(d.fp).padStart(4)} ${String(d.unsure).padStart(6)} ${String(d.unlabeled.length).padStart(9)} ${percent(d.precision).padStart(9)} ${String(d.vanished.length).padStart(8)}`,
    );
  }
  if (outcomes) {
    for (const kind of MUTATION_KINDS) {
      const ofKind = outcomes.filter((o) => o.mutant.kind === kind);
      console.log(`recall ${kind} -> ${EXPECTED_RULE[kind]}: ${ofKind.filter((o) => o.found).length}/${ofKind.length}`);
    }
  }
  if (fixFigures) {
    const f = fixFigures;
    console.log(
      `fixes tried alone: ${FIX_KINDS.map((k) => `${f.tried[k]} ${k}`).join(', ')}; syntax errors added: ${f.broken.length}; ` +
        `--fix: ${f.changed} of ${f.withSafeFix} files changed, literals changed in ${f.literals.length} (fixes alone and --fix), second pass changed ${f.secondPass.length}, ` +
        `type errors added in ${f.typeErrors.length} of ${f.typeChecked} files`,
    );
  }
  console.log(
    `${timing.total.toFixed(0)} s (install ${timing.install.toFixed(0)} s, analysis ${timing.analysis.toFixed(0)} s, mutations ${timing.mutations.toFixed(0)} s, fixes ${timing.fixes.toFixed(0)} s)`,
  );

  let failed = false;
  const incomplete = runs.flatMap((r) => r.run.errors);
  const stopped = runs.flatMap((r) => r.run.stopped);
  if (stopped.length || stoppedMutants.length) {
    failed = true;
    console.log('\nanalyses stopped by the time budget even when run alone (their findings are incomplete; re-run on a less loaded machine):');
    for (const file of [...stopped, ...stoppedMutants]) console.log(`  ${file}`);
  }
  for (const d of diffs) {
    const { unlabeled, vanishedTp } = failures(d);
    if (!unlabeled.length && !vanishedTp.length) continue;
    failed = true;
    console.log(`\n${d.rule}:`);
    for (const f of unlabeled) console.log(`  + ${findingKey(f)}  (no label) ${f.message}`);
    for (const key of vanishedTp) console.log(`  - ${key}  (labeled tp, no longer reported)`);
  }
  if (incomplete.length) {
    failed = true;
    console.log('\nanalyses that did not complete:');
    for (const e of incomplete) console.log(`  ${e.file}${e.rule ? ` (${e.rule})` : ''}: ${e.reason}`);
  }
  if (fixFigures) {
    const f = fixFigures;
    if (f.broken.length) {
      failed = true;
      console.log('\nfixes that add a syntax error when applied alone:');
      for (const b of f.broken) console.log(`  ${b.file} ${b.rule} ${b.kind} "${b.title}": ${b.error}`);
    }
    if (f.literals.length) {
      failed = true;
      console.log('\nliterals changed by a fix:');
      for (const l of f.literals) console.log(`  ${l.file} (${l.how}): lost ${JSON.stringify(l.lost)}, added ${JSON.stringify(l.added)}`);
    }
    if (f.secondPass.length) {
      failed = true;
      console.log('\nfiles a second --fix still changed:');
      for (const file of f.secondPass) console.log(`  ${file}`);
    }
    // Type errors are reported, not failed on: the corpus' inferred projects already have some, and a
    // changed inference can move one; the report lists each.
    for (const t of f.typeErrors) console.log(`type errors added by --fix: ${t.file}: ${t.added} (${t.first})`);
  }
  if (failed) {
    console.log('\nThe ecosystem check failed: label each new finding in ecosystem/labels/<rule>.json (see README, "Ecosystem check").');
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(2);
  },
);
