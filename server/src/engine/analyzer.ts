import { ts } from '../typescript';
import { defaultRuleSetting, type ResolvedConfig } from '../config/config';
import { rules as allRules } from '../rules';
import { CLI_ENVIRONMENT, type AnyRule, type Finding, type Fix, type RelatedLocation, type RuleContext, type RuleEnvironment, type RuleId, type Severity } from '../rules/types';
import { forEachNode, forEachNodeOfKinds } from '../base/walk';
import { BudgetExceeded, withBudget } from '../base/budget';
import type { AnalysisTarget } from '../base/analysisTarget';
import type { Logger } from '../base/logger';
import { parseSuppressions, type Suppressions } from './suppressions';
import { lineMapOf } from '../rules/util/lines';
import { collectingReads } from '../rules/util/crossFileReads';
import { errorDetail, errorSummary } from '../base/errors';

/** An analysis that did not complete: a rule that threw, or rules skipped or stopped on a file. */
export interface AnalysisError {
  /** The file's path (absolute in the engine; the CLI prints it relative to the working directory). */
  file: string;
  /** The rule concerned, when the problem is one rule's. */
  rule?: RuleId;
  reason: string;
}

/** What analyzing one file gives: the findings, and what did not complete (never dropped silently). */
export interface Analysis {
  findings: Finding[];
  /**
   * The findings this environment does not show (see RuleEnvironment): kept apart, so that a cache of
   * findings serves every environment.
   */
  hidden: Finding[];
  errors: AnalysisError[];
  /**
   * Whether a rule failed inside the checker (a stack overflow, a TypeScript assertion): the checker may
   * have been left half-way through its work, and the next analysis should have a fresh one.
   */
  checkerFailed?: boolean;
  /**
   * The other files whose code the analysis read, beyond their declarations: bodies the rules followed
   * calls into (see rules/util/crossFileReads), and the files the findings point into. Sorted.
   */
  reads: string[];
}

/**
 * Runs the enabled rules over one file and returns their findings, sorted by position.
 * A rule that throws is isolated: its findings for the file are left out, the others still report, and
 * the analysis says so in its errors (and logs the details once per file and rule).
 */
export class Analyzer {
  private readonly reportedFailures = new Set<string>();

  constructor(
    private readonly logger: Logger,
    private readonly rules: readonly AnyRule[] = allRules,
    /**
     * Longest time one file may take, in milliseconds; the rules not finished by then are stopped for
     * that file (and the analysis says so in its errors). Undefined: no limit, so results never depend
     * on the machine's load.
     */
    public budgetMs: number | undefined = undefined,
    /** Where the findings are shown (see RuleEnvironment): the language server says an editor. */
    private readonly environment: RuleEnvironment = CLI_ENVIRONMENT,
  ) {}

  /** The findings alone (see `run`). */
  analyze(target: AnalysisTarget, config: ResolvedConfig, scope?: ts.Node): Finding[] {
    return this.run(target, config, scope).findings;
  }

  /**
   * `scope`, a node of the target's file, limits the rules to the nodes under it (see
   * RuleContext.forEachNodeInScope); the findings are then those of that part of the file only.
   */
  run(target: AnalysisTarget, config: ResolvedConfig, scope?: ts.Node): Analysis {
    const { sourceFile } = target;
    const started = performance.now();
    const suppressions = parseSuppressions(sourceFile, { honorEslintDisable: config.honorEslintDisable });
    // Findings of finished rules only: a rule stopped midway contributes nothing.
    const findings: Finding[] = [];
    const errors: AnalysisError[] = [];
    let checkerFailed = false;
    let read: ReadonlySet<string> = new Set();
    const result = (): Analysis => {
      const all = findings
        .filter((finding) => !suppressions.isSuppressed(finding.ruleId, lineMapOf(sourceFile).position(finding.start).line))
        .sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
      return {
        checkerFailed,
        findings: shownFindings(all, this.environment),
        hidden: all.filter((finding) => !isShown(finding, this.environment)),
        errors,
        reads: readsBeyond(sourceFile, read, all),
      };
    };
    // Building the program and its checker is the project's cost, not this file's: it happens before
    // the budget starts, when any enabled rule needs types (and not at all otherwise).
    const enabled = this.rules.filter((rule) => (config.rules.get(rule.meta.id) ?? defaultRuleSetting(rule)).severity !== 'off');
    const prepared = enabled.some((rule) => rule.meta.needsTypes) ? preparedProgram(target) : target;
    const running: { rule?: RuleId; checkerFailed?: boolean } = {};
    try {
      const run = () => {
        read = collectingReads(() => this.runRules(prepared, config, suppressions, findings, errors, scope, running)).files;
      };
      if (this.budgetMs === undefined) run();
      else withBudget(this.budgetMs, run);
      checkerFailed = running.checkerFailed === true;
      return result();
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
      const notRun = enabled.map((rule) => rule.meta.id).slice(enabled.findIndex((rule) => rule.meta.id === running.rule) + 1);
      const reason = `analysis stopped after ${Math.round(performance.now() - started)} ms (time limit ${this.budgetMs} ms): this rule's findings are left out${notRun.length > 0 ? `, and ${notRun.join(', ')} did not run` : ''}. If the file is generated, add it to "ignore" in .async-pitfalls.json.`;
      errors.push({ file: sourceFile.fileName, rule: running.rule, reason });
      this.reportOnce(`budget\0${sourceFile.fileName}`, () => this.logger.warn(`${sourceFile.fileName}: ${running.rule ?? 'analysis'}: ${reason}`));
      checkerFailed = running.checkerFailed === true;
      return result();
    }
  }

  private runRules(
    target: AnalysisTarget,
    config: ResolvedConfig,
    suppressions: Suppressions,
    findings: Finding[],
    errors: AnalysisError[],
    scope: ts.Node | undefined,
    running: { rule?: RuleId; checkerFailed?: boolean },
  ): void {
    const { sourceFile } = target;
    let program: ts.Program | undefined;
    let checker: ts.TypeChecker | undefined;
    const lazyProgram = () => (program ??= target.getProgram());
    // The program's own copy of the file: nodes from it are the ones the checker knows.
    const programSourceFile = () => lazyProgram().getSourceFile(sourceFile.fileName);

    for (const rule of this.rules) {
      const setting = config.rules.get(rule.meta.id) ?? defaultRuleSetting(rule);
      if (setting.severity === 'off' || suppressions.isFileSuppressed(rule.meta.id)) continue;
      const severity: Severity = setting.severity;
      const file = rule.meta.needsTypes ? programSourceFile() : sourceFile;
      if (!file) {
        // The checker knows nothing of a file outside the program: type-aware rules cannot run on it.
        const reason = `not part of its project's program (check the tsconfig's include and allowJs): this rule needs types and skipped the file`;
        errors.push({ file: sourceFile.fileName, rule: rule.meta.id, reason });
        this.reportOnce(`outside\0${sourceFile.fileName}`, () =>
          this.logger.warn(`${sourceFile.fileName} is not part of its project's program (check the tsconfig's include and allowJs); rules that need types skipped it.`),
        );
        continue;
      }
      running.rule = rule.meta.id;
      const context: RuleContext<unknown, string, string> = {
        ts,
        sourceFile: file,
        get program() {
          return lazyProgram();
        },
        get checker() {
          return (checker ??= lazyProgram().getTypeChecker());
        },
        options: setting.options,
        // A scope from another parse of the same text (the program parsed it anew) is not this tree's:
        // the whole file is walked then, and the caller keeps the findings within the scope's range.
        forEachNodeInScope: (...args: [visit: (node: ts.Node) => void] | [kinds: ReadonlySet<ts.SyntaxKind>, visit: (node: ts.Node) => void]) => {
          const root = scope?.getSourceFile() === file ? scope : file;
          if (args.length === 1) forEachNode(root, args[0]);
          else forEachNodeOfKinds(root, args[0], args[1]);
        },
        report: (descriptor) => {
          const start = descriptor.node ? descriptor.node.getStart(file) : descriptor.range!.start;
          const end = descriptor.node ? descriptor.node.getEnd() : descriptor.range!.end;
          const fixes: Fix[] = (descriptor.fixes ?? []).map((fix) => ({
            id: fix.id,
            ...rule.meta.fixes[fix.id],
            edits: fix.edits,
          }));
          findings.push({
            ruleId: rule.meta.id,
            messageId: descriptor.messageId,
            severity,
            start,
            end,
            message: formatMessage(rule.meta.messages[descriptor.messageId], descriptor.data),
            fixes,
            ...(descriptor.related && descriptor.related.length > 0 ? { related: descriptor.related.map(relatedLocation) } : {}),
            ...(descriptor.typeScriptReportsIt === true ? { typeScriptReportsIt: true as const } : {}),
          });
        },
      };
      const before = findings.length;
      try {
        rule.check(context);
      } catch (error) {
        findings.length = before;
        if (error instanceof BudgetExceeded) throw error;
        const message = errorSummary(error);
        errors.push({ file: sourceFile.fileName, rule: rule.meta.id, reason: `the rule failed, its findings for this file are left out: ${message}` });
        if (error instanceof RangeError || (error instanceof Error && error.message.startsWith('Debug Failure'))) running.checkerFailed = true;
        this.reportOnce(`${rule.meta.id}\0${sourceFile.fileName}`, () => {
          const detail = errorDetail(error);
          this.logger.error(`Rule ${rule.meta.id} failed on ${sourceFile.fileName}; its findings for this file are skipped. ${detail}`);
        });
      }
    }
  }

  /** Logs a problem the first time it happens for a file, not on every keystroke. */
  private reportOnce(key: string, log: () => void): void {
    if (this.reportedFailures.has(key)) return;
    this.reportedFailures.add(key);
    log();
  }
}

/** The target with its program and checker built now; later getProgram() calls return the same program. */
function preparedProgram(target: AnalysisTarget): AnalysisTarget {
  const program = target.getProgram();
  program.getTypeChecker();
  return { sourceFile: target.sourceFile, getProgram: () => program };
}

function relatedLocation(related: { node: ts.Node; message: string; label: string }): RelatedLocation {
  const file = related.node.getSourceFile();
  const lines = lineMapOf(file);
  const start = related.node.getStart(file);
  const end = related.node.getEnd();
  return { fileName: file.fileName, start, end, range: { start: lines.position(start), end: lines.position(end) }, message: related.message, label: related.label };
}

export function formatMessage(template: string, data: Record<string, string> | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => data[name] ?? whole);
}

/** The findings an environment shows (see RuleEnvironment), in their order. */
export function shownFindings(findings: readonly Finding[], environment: RuleEnvironment): Finding[] {
  return findings.filter((finding) => isShown(finding, environment));
}

function isShown(finding: Finding, environment: RuleEnvironment): boolean {
  return !(environment.typeScriptSuggestionsShown && finding.typeScriptReportsIt === true);
}

/** The files other than the analyzed one that an analysis read, with those its findings (shown or not) point into. */
function readsBeyond(sourceFile: ts.SourceFile, read: ReadonlySet<string>, findings: readonly Finding[]): string[] {
  const files = new Set(read);
  for (const finding of findings) for (const place of finding.related ?? []) files.add(place.fileName);
  files.delete(sourceFile.fileName);
  return [...files].sort();
}
