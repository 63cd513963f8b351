import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnalysisError } from '../engine/analyzer';
import { projectRootFinder } from '../config/config';
import { Linter, type LintResult } from '../engine/linter';
import { LintCache, lintWithCache } from '../engine/cache';
import type { ConfigProblem } from '../config/config';
import { stderrLogger, type Logger } from '../base/logger';
import { decodeFile, encodeText } from '../project/fileEncoding';
import type { RuleId } from '../rules/types';
import { answerHelpOrVersion, parseArgs, USAGE, UsageError, type CliOptions } from './args';
import { collectFiles } from '../project/files';
import { sarifRules } from './formatters/sarifRules';
import { cacheFolder, formatOutput, RunRecorder, usesFastPath } from './fastPath';
import { sanitizeForTerminal, toReportedError, toReportedFindings, type FileFindings, type Report } from './report';

export interface CliIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY: boolean;
}

/**
 * Runs the CLI and returns its exit code: 0 clean, 1 findings over the limits, 2 usage or config error
 * or an analysis that did not complete.
 */
export function runCli(argv: readonly string[], io: CliIo): number {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`async-pitfalls: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  const answered = answerHelpOrVersion(options, io.stdout);
  if (answered !== undefined) return answered;
  const project = options.project === undefined ? undefined : path.resolve(io.cwd, options.project);
  if (project !== undefined && !fs.statSync(project, { throwIfNoEntry: false })?.isFile()) {
    io.stderr(`async-pitfalls: --project: no such file: ${sanitizeForTerminal(options.project!)}\n`);
    return 2;
  }

  const started = performance.now();
  // A run is recorded for its replay (cli/fastPath.ts) only if everything it printed can be replayed.
  let logged = 0;
  const logger: Logger = {
    info: (message) => (logged++, stderrLogger.info(message)),
    warn: (message) => (logged++, stderrLogger.warn(message)),
    error: (message) => (logged++, stderrLogger.error(message)),
  };
  const recorder = usesFastPath(options) ? new RunRecorder() : undefined;
  // With the cache, a project's program holds only what the files to analyze need (see lintWithCache).
  const useCache = options.cache && !options.fix;
  const linter = new Linter(logger, { project, configRoot: projectRootFinder(io.cwd), maxFileTime: options.maxFileTime, loading: useCache ? 'lazy' : 'eager' });
  let files: string[];
  try {
    const given = options.paths.map((p) => path.resolve(io.cwd, p));
    files = collectFiles(given, (file, named) => linter.isIgnored(file, named), recorder && ((folder, entries) => recorder.collected(folder, entries)));
    // A path the user named and an `ignore` excludes is said, not silently skipped.
    for (const [index, absolute] of given.entries()) {
      const config = linter.ignoringConfig(absolute, true);
      if (config === undefined) continue;
      logger.warn(`${sanitizeForTerminal(options.paths[index]!)} is ignored by the "ignore" list of ${sanitizeForTerminal(path.relative(io.cwd, config) || config)}`);
    }
    if (options.shard) files = shardOf(files, options.shard.index, options.shard.count);
  } catch (error) {
    io.stderr(`async-pitfalls: ${sanitizeForTerminal((error as Error).message)}\n`);
    return 2;
  }

  // --fix changes files as it goes: it analyzes every file afresh.
  const cache = useCache ? LintCache.open(cacheFolder(options.cacheLocation, io.cwd), linter, logger) : undefined;
  const results: (FileFindings & { configProblems: ConfigProblem[] })[] = [];
  const incomplete: AnalysisError[] = [];
  // A fix not applied is named on stderr and listed with the errors, so JSON and SARIF show it too.
  const fixProblems: AnalysisError[] = [];
  const reportFixProblem = (file: string, message: string, rule?: RuleId) => {
    fixProblems.push(rule === undefined ? { file, reason: message } : { file, rule, reason: message });
    io.stderr(`async-pitfalls: ${sanitizeForTerminal(path.relative(io.cwd, file) || file)}: ${sanitizeForTerminal(message)}\n`);
  };
  // Without the cache every file joins its project before the first analysis, as in the editor's workspace
  // run: what a file's analysis sees of the others does not depend on the order of the files.
  if (!cache) linter.workspace.preload(files);
  const outcomes = lintWithCache(linter, cache, files, (file) => (options.fix ? lintAndFix(linter, file, reportFixProblem) : linter.lint(file)));
  for (const { file, cached, result } of outcomes) {
    if (cached) {
      results.push(cached);
    } else if (result) {
      results.push({ filePath: result.filePath, text: result.sourceFile.text, findings: result.findings, configProblems: result.configProblems });
      incomplete.push(...result.errors);
    } else {
      incomplete.push(linter.skipped(file) ?? { file, reason: 'skipped: the file could not be read' });
    }
  }
  cache?.save();
  const report: Report = {
    findings: results.flatMap((result) => toReportedFindings(result, io.cwd)),
    errors: [...incomplete, ...fixProblems].map((error) => toReportedError(error, io.cwd)),
    files: files.length,
    ms: performance.now() - started,
  };
  const driverRules = sarifRules();
  io.stdout(formatOutput(report, options, io, driverRules));

  const problems = uniqueConfigProblems(results);
  const stderr: string[] = [];
  for (const problem of problems) {
    stderr.push(`async-pitfalls: ${sanitizeForTerminal(problem.file)}: "${sanitizeForTerminal(problem.key)}" ${sanitizeForTerminal(problem.message)}\n`);
  }
  if (incomplete.length > 0) {
    stderr.push(`async-pitfalls: ${incomplete.length} ${incomplete.length === 1 ? 'analysis' : 'analyses'} did not complete (listed in the report); the findings are incomplete\n`);
  }
  for (const line of stderr) io.stderr(line);
  const exitCode = exitCodeOf(report, problems.length > 0, options.maxWarnings);
  // An analysis that did not complete is made again by the next run, as anything the engine logged would be.
  const inputs = recorder && report.errors.length === 0 && logged === 0 ? cache?.inputs(files) : undefined;
  if (recorder && inputs) {
    const { findings, errors, files: fileCount } = report;
    recorder.save(options, io.cwd, inputs, { report: { findings, errors, files: fileCount }, sarifRules: driverRules, stderr: stderr.join(''), exitCode });
  }
  return exitCode;
}

function exitCodeOf(report: Report, configProblems: boolean, maxWarnings: number | undefined): number {
  if (configProblems || report.errors.length > 0) return 2;
  const errors = report.findings.filter((finding) => finding.severity === 'error').length;
  const warnings = report.findings.filter((finding) => finding.severity === 'warning').length;
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) return 1;
  return 0;
}

/**
 * The `index`-th (1-based) of `count` consecutive, near-equal parts of the sorted file list. The
 * parts depend only on the list, so shards run on different machines cover every file exactly once;
 * consecutive files share folders and imports, which keeps each shard's type-checking work small.
 */
export function shardOf(files: readonly string[], index: number, count: number): string[] {
  const start = Math.floor(((index - 1) * files.length) / count);
  const end = Math.floor((index * files.length) / count);
  return files.slice(start, end);
}

/**
 * Writes the file with every safe fix applied, then lints what is left. The file keeps its bytes apart
 * from the fixes: its encoding (UTF-8 with or without a byte order mark, UTF-16) and line endings. A fix
 * whose result would not parse is not applied; a file whose bytes cannot be written back as they were
 * is left alone. Both are reported.
 */
function lintAndFix(linter: Linter, file: string, report: (file: string, message: string, rule?: RuleId) => void): LintResult | undefined {
  const fixed = linter.fixAll(file);
  for (const dropped of fixed?.dropped ?? []) {
    report(file, `${dropped.ruleId}: fix "${dropped.title}" not applied: its result would not parse (${dropped.reason})`, dropped.ruleId);
  }
  if (fixed && fixed.fixed !== fixed.original) {
    const decoded = decodeFile(fs.readFileSync(file));
    if (!decoded) {
      report(file, 'not fixed: the file is not valid UTF-8 or UTF-16 text, so it could not be written back unchanged apart from the fixes');
      return linter.lint(file);
    }
    if (decoded.text !== fixed.original) {
      report(file, 'not fixed: the file changed on disk while it was analyzed');
      linter.workspace.fileChangedOnDisk(file);
      return linter.lint(file);
    }
    fs.writeFileSync(file, encodeText(fixed.fixed, decoded.encoding));
    linter.workspace.fileChangedOnDisk(file);
  }
  // The last fix pass already analyzed the fixed text; analyze again only if the passes ran out.
  return fixed?.remaining ?? linter.lint(file);
}

function uniqueConfigProblems(results: readonly { configProblems: readonly ConfigProblem[] }[]) {
  const seen = new Set<string>();
  return results
    .flatMap((result) => result.configProblems)
    .filter((problem) => {
      const key = `${problem.file}\0${problem.key}\0${problem.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
