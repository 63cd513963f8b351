import * as path from 'node:path';
import { ts } from '../typescript';
import { ConfigResolver, defaultRuleSetting, withSeverityOverrides, type ConfigProblem, type ResolvedConfig, type RootFinder, type SeverityOverrides } from '../config/config';
import { Workspace } from '../project/workspace';
import { rules } from '../rules';
import { CLI_ENVIRONMENT, type Finding, type Fix, type RuleEnvironment, type RuleId, type SeverityOrOff } from '../rules/types';
import type { AnalysisTarget } from '../base/analysisTarget';
import { Analyzer, shownFindings, type Analysis, type AnalysisError } from './analyzer';
import type { CachedLint } from './cache';
import { applyFixesThatParse, nonOverlappingSafeFixes, type DroppedFix } from './fixes';
import { editScope, mergeFindings, outermostFunctions, type AnalyzedText } from './incremental';
import type { Logger } from '../base/logger';
import { errorDetail, errorSummary } from '../base/errors';

/** Fix passes per file: a fix may uncover another; the bound guarantees termination. */
const MAX_FIX_PASSES = 10;

export interface LintResult {
  filePath: string;
  /** The analyzed text, for turning offsets into lines and columns. */
  sourceFile: ts.SourceFile;
  findings: Finding[];
  /** The findings this linter's environment does not show (see Analysis.hidden); the cache keeps them too. */
  hidden: Finding[];
  configProblems: ConfigProblem[];
  /** What did not complete: rules that threw, or were skipped or stopped on this file (see Analyzer). */
  errors: AnalysisError[];
  /** Whether only the edited function was analyzed, the findings elsewhere carried over from `previous`. */
  partial: boolean;
  /** What a later analysis of an edited version needs to know of this one (see `lint`'s `previous`). */
  analyzed: AnalyzedText;
  /** The other files whose code the analysis read beyond their declarations (see Analysis.reads); the cache keys on their texts. */
  reads: string[];
}

/** An earlier analysis of the same file, whose findings an edit confined to one function can reuse. */
export interface PreviousAnalysis {
  analyzed: AnalyzedText;
  findings: readonly Finding[];
}

/** The engine as the CLI and the language server use it: workspace model, config and rules together. */
export class Linter {
  readonly workspace: Workspace;
  readonly configs: ConfigResolver;
  private readonly analyzer: Analyzer;
  private readonly reportedUnreadable = new Set<string>();
  private readonly environment: RuleEnvironment;

  constructor(
    private readonly logger: Logger,
    /**
     * `configRoot`: where the config lookup stops (default: the project root, see projectRootFinder).
     * `maxFileTime`: the longest one file's analysis may take, in milliseconds (none by default; see Analyzer).
     * `environment`: where the findings are shown (see RuleEnvironment; the CLI's by default).
     */
    options: { project?: string; loading?: 'eager' | 'lazy'; configRoot?: RootFinder; maxFileTime?: number; environment?: RuleEnvironment } = {},
  ) {
    this.configs = new ConfigResolver({ rootOf: options.configRoot, logger });
    this.workspace = new Workspace(logger, options.project, options.loading);
    this.environment = options.environment ?? CLI_ENVIRONMENT;
    this.analyzer = new Analyzer(logger, undefined, options.maxFileTime, this.environment);
  }

  /**
   * Whether `lint` with these severity overrides gives the findings of the file's config alone, the ones
   * the findings cache keeps (engine/cache.ts): no override changes a rule's severity.
   */
  overridesChangeNothing(filePath: string, overrides: SeverityOverrides): boolean {
    const config = this.configs.forFile(filePath);
    const effective = withSeverityOverrides(config, overrides);
    return rules.every((rule) => severityOf(config, rule.meta.id) === severityOf(effective, rule.meta.id));
  }

  /**
   * A file's findings from the cache (engine/cache.ts: those of its config, for every environment) as
   * `lint` with these overrides gives them: the ones this environment shows, without the rules turned
   * off, at the severities set. Undefined when an override turns on a rule that the config has off: the
   * cache holds no findings of it.
   */
  fromCache(cached: CachedLint, overrides: SeverityOverrides = {}): LintResult | undefined {
    const config = this.configs.forFile(cached.filePath);
    const effective = withSeverityOverrides(config, overrides);
    if (rules.some((rule) => severityOf(config, rule.meta.id) === 'off' && severityOf(effective, rule.meta.id) !== 'off')) return undefined;
    const adjusted = (findings: readonly Finding[]) =>
      findings.flatMap((finding) => {
        const severity = severityOf(effective, finding.ruleId);
        return severity === 'off' ? [] : [{ ...finding, severity }];
      });
    const shown = new Set(shownFindings(cached.findings, this.environment));
    let sourceFile: ts.SourceFile | undefined;
    // Parsed on first use: workspace diagnostics publish many cached files, and need only their texts.
    const parsed = () => (sourceFile ??= ts.createSourceFile(cached.filePath.split(path.sep).join('/'), cached.text, ts.ScriptTarget.Latest, true));
    return {
      filePath: cached.filePath,
      get sourceFile() {
        return parsed();
      },
      findings: adjusted(cached.findings.filter((finding) => shown.has(finding))),
      hidden: adjusted(cached.findings.filter((finding) => !shown.has(finding))),
      configProblems: effective.problems,
      errors: [],
      partial: false,
      // Not analyzed here, so nothing read: such a result is shown, never recorded in the cache again.
      reads: [],
      get analyzed() {
        return analyzedText(parsed());
      },
    };
  }

  /** Changes the time limit per file (see the constructor's `maxFileTime`). */
  setMaxFileTime(ms: number | undefined): void {
    this.analyzer.budgetMs = ms;
  }

  /** Why `lint` gave no result for a file it could not analyze (unreadable, too deeply nested, minified). */
  skipped(filePath: string): AnalysisError | undefined {
    const reason = this.workspace.unreadableReason(filePath);
    return reason === undefined ? undefined : { file: filePath, reason: `skipped: ${reason}` };
  }

  /** See ConfigResolver.isIgnored: `named` is true for a path the user gave. */
  isIgnored(filePath: string, named = false): boolean {
    return this.configs.isIgnored(filePath, named);
  }

  ignoringConfig(filePath: string, named = false): string | undefined {
    return this.configs.ignoringConfig(filePath, named);
  }

  /**
   * Lints one file (its open-document text if it is open). Undefined when the file cannot be read.
   * With `previous` (made with the same settings), an edit inside one function re-analyzes just that function.
   */
  lint(filePath: string, overrides: SeverityOverrides = {}, previous?: PreviousAnalysis): LintResult | undefined {
    const config = withSeverityOverrides(this.configs.forFile(filePath), overrides);
    const target = this.workspace.target(filePath);
    if (!target) {
      const reason = this.workspace.unreadableReason(filePath);
      if (reason && !this.reportedUnreadable.has(filePath)) {
        this.reportedUnreadable.add(filePath);
        this.logger.warn(`Skipped ${filePath}: ${reason}.`);
      }
      return undefined;
    }
    this.reportedUnreadable.delete(filePath);
    const { sourceFile } = target;
    const scope = previous && editScope(previous.analyzed, sourceFile);
    if (previous && scope) {
      const { findings: inScope, hidden, errors, reads } = this.run(filePath, target, config, scope.node);
      const findings = mergeFindings(previous.findings, inScope, scope, sourceFile);
      // A partial result is never cached: its hidden findings are those of the edited function only.
      if (findings) return { filePath, sourceFile, findings, hidden, configProblems: config.problems, errors, partial: true, analyzed: analyzedText(sourceFile), reads };
    }
    const { findings, hidden, errors, reads } = this.run(filePath, target, config);
    return { filePath, sourceFile, findings, hidden, configProblems: config.problems, errors, partial: false, analyzed: analyzedText(sourceFile), reads };
  }

  /**
   * The analysis of one file. Should the compiler itself fail on it (a crash in TypeScript that no
   * bound of ours prevents), the file is reported as not analyzed and the caller's run goes on.
   */
  private run(filePath: string, target: AnalysisTarget, config: ResolvedConfig, scope?: ts.Node): Analysis {
    try {
      const analysis = this.analyzer.run(target, config, scope);
      if (analysis.checkerFailed) this.workspace.discardChecker(filePath);
      return analysis;
    } catch (error) {
      this.workspace.discardChecker(filePath);
      const message = errorSummary(error);
      this.logger.error(`Analysis of ${target.sourceFile.fileName} failed: ${errorDetail(error)}`);
      return { findings: [], hidden: [], errors: [{ file: target.sourceFile.fileName, reason: `not analyzed, the analysis failed: ${message}` }], reads: [] };
    }
  }

  /**
   * A quick, partial analysis of a file just opened in a big project, for its first diagnostics: the
   * file is analyzed in a program without the modules its imports import (ProjectHost.firstLookTarget),
   * by the rules whose findings stay right without those (RuleMeta.firstLook). Undefined when the file
   * needs no first look; a full `lint` follows it either way.
   */
  firstLook(filePath: string, overrides: SeverityOverrides = {}): LintResult | undefined {
    const target = this.workspace.firstLookTarget(filePath);
    if (!target) return undefined;
    const heldBack = Object.fromEntries(rules.filter((rule) => !rule.meta.firstLook).map((rule) => [rule.meta.id, 'off' as const]));
    const config = withSeverityOverrides(this.configs.forFile(filePath), { ...overrides, ...heldBack });
    const { sourceFile } = target;
    const { findings, hidden, errors, reads } = this.run(filePath, target, config);
    return { filePath, sourceFile, findings, hidden, configProblems: config.problems, errors, partial: false, analyzed: analyzedText(sourceFile), reads };
  }

  /**
   * The file's text with every safe fix applied (of the given rules only, when `rules` is set),
   * repeating until no such fix is left (so applying the result's fixes again changes nothing). The
   * workspace is left as it was. `remaining` is the analysis of the fixed text, unless the pass limit
   * was reached before it settled. A fix after which the text would not parse is left out and listed
   * in `dropped`.
   */
  fixAll(
    filePath: string,
    overrides: SeverityOverrides = {},
    rules?: ReadonlySet<RuleId>,
  ): { original: string; fixed: string; remaining?: LintResult; dropped: DroppedFix[] } | undefined {
    const target = this.workspace.target(filePath);
    if (!target) return undefined;
    const original = target.sourceFile.text;
    const wasOpen = this.workspace.isOpen(filePath);
    let fixed = original;
    let remaining: LintResult | undefined;
    const dropped: DroppedFix[] = [];
    // A dropped fix is found again on the next pass: recognized by what it would write where.
    const droppedKeys = new Set<string>();
    try {
      for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
        const result = this.lint(filePath, overrides);
        const candidates = result ? candidateFixes(result.findings, fixed, droppedKeys, rules) : [];
        if (candidates.length === 0) {
          remaining = result;
          break;
        }
        const gated = applyFixesThatParse(filePath, fixed, candidates);
        for (const fix of gated.dropped) dropped.push(fix);
        for (const candidate of candidates) {
          if (!gated.applied.includes(candidate.fix)) droppedKeys.add(fixKey(candidate.ruleId, candidate.fix, fixed));
        }
        if (gated.applied.length === 0) continue;
        fixed = gated.text;
        // The analysis the caller holds (and each pass's) keeps its tree: fix passes parse afresh.
        this.workspace.openDocument(filePath, fixed, 'keep-previous-tree');
      }
    } finally {
      if (wasOpen) this.workspace.openDocument(filePath, original, 'keep-previous-tree');
      else this.workspace.closeDocument(filePath);
    }
    return { original, fixed, remaining, dropped };
  }
}

/** The safe fixes of a pass (of `rules` only, when set), with their rules, leaving out the ones dropped in an earlier pass. */
function candidateFixes(
  findings: readonly Finding[],
  text: string,
  droppedKeys: ReadonlySet<string>,
  rules: ReadonlySet<RuleId> | undefined,
): { ruleId: RuleId; fix: Fix }[] {
  const eligible = findings.map((finding) => ({
    ...finding,
    fixes: finding.fixes.filter((fix) => !droppedKeys.has(fixKey(finding.ruleId, fix, text))),
  }));
  const ruleOf = new Map<Fix, RuleId>();
  for (const finding of eligible) for (const fix of finding.fixes) ruleOf.set(fix, finding.ruleId);
  return nonOverlappingSafeFixes(eligible, rules).map((fix) => ({ ruleId: ruleOf.get(fix)!, fix }));
}

/** A fix as its edits would change the text: the same after other fixes moved it. */
function fixKey(ruleId: RuleId, fix: Fix, text: string): string {
  return JSON.stringify([ruleId, fix.id, fix.edits.map((edit) => [text.slice(edit.start, edit.end), edit.newText, text.slice(Math.max(0, edit.start - 40), edit.start)])]);
}

/** What a later analysis of an edited version needs to know of this one (see `lint`'s `previous`). */
function analyzedText(sourceFile: ts.SourceFile): AnalyzedText {
  return { text: sourceFile.text, functions: outermostFunctions(sourceFile) };
}

function severityOf(config: ResolvedConfig, ruleId: RuleId): SeverityOrOff {
  return (config.rules.get(ruleId) ?? defaultRuleSetting(rules.find((rule) => rule.meta.id === ruleId)!)).severity;
}
