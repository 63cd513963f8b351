import { ts } from '../typescript';
import { defaultRuleSetting, type ResolvedConfig } from '../config/config';
import { rules as allRules } from '../rules';
import type { AnyRule, Finding, Fix, RuleContext, Severity } from '../rules/types';
import { forEachNode, forEachNodeOfKinds } from '../rules/util/ast';
import { BudgetExceeded, withBudget } from './budget';
import type { Logger } from './logger';
import { parseSuppressions, type Suppressions } from './suppressions';
import { lineMapOf } from '../rules/util/lines';

export interface AnalysisTarget {
  sourceFile: ts.SourceFile;
  /** Builds (or reuses) the program only when a rule first asks for types. */
  getProgram(): ts.Program;
}

/**
 * Runs the enabled rules over one file and returns their findings, sorted by position.
 * A rule that throws is isolated: it is logged once per file and rule, and the others still report.
 */
export class Analyzer {
  private readonly reportedFailures = new Set<string>();

  constructor(
    private readonly logger: Logger,
    private readonly rules: readonly AnyRule[] = allRules,
    /** Longest time one file may take; the rules not finished by then are skipped for that file. */
    private readonly budgetMs = DEFAULT_BUDGET_MS,
  ) {}

  /**
   * `scope`, a node of the target's file, limits the rules to the nodes under it (see
   * RuleContext.forEachNodeInScope); the findings are then those of that part of the file only.
   */
  analyze(target: AnalysisTarget, config: ResolvedConfig, scope?: ts.Node): Finding[] {
    const { sourceFile } = target;
    const started = performance.now();
    const suppressions = parseSuppressions(sourceFile);
    // Findings of finished rules only: a rule stopped midway contributes nothing.
    const findings: Finding[] = [];
    const result = () =>
      findings
        .filter((finding) => !suppressions.isSuppressed(finding.ruleId, lineMapOf(sourceFile).position(finding.start).line))
        .sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
    // Building the program and its checker is the project's cost, not this file's: it happens before
    // the budget starts, when any enabled rule needs types (and not at all otherwise).
    const enabled = this.rules.filter((rule) => (config.rules.get(rule.meta.id) ?? defaultRuleSetting(rule)).severity !== 'off');
    const prepared = enabled.some((rule) => rule.meta.needsTypes) ? preparedProgram(target) : target;
    try {
      withBudget(this.budgetMs, () => this.runRules(prepared, config, suppressions, findings, scope));
      return result();
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
      this.reportOnce(`budget\0${sourceFile.fileName}`, () =>
        this.logger.warn(
          `Analysis of ${sourceFile.fileName} was stopped after ${Math.round(performance.now() - started)} ms (limit ${this.budgetMs} ms); its findings are incomplete. If the file is generated, add it to "ignore" in .async-pitfalls.json.`,
        ),
      );
      return result();
    }
  }

  private runRules(target: AnalysisTarget, config: ResolvedConfig, suppressions: Suppressions, findings: Finding[], scope: ts.Node | undefined): void {
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
        this.reportOnce(`outside\0${sourceFile.fileName}`, () =>
          this.logger.warn(`${sourceFile.fileName} is not part of its project's program (check the tsconfig's include and allowJs); rules that need types skipped it.`),
        );
        continue;
      }
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
          });
        },
      };
      const before = findings.length;
      try {
        rule.check(context);
      } catch (error) {
        findings.length = before;
        if (error instanceof BudgetExceeded) throw error;
        this.reportOnce(`${rule.meta.id}\0${sourceFile.fileName}`, () => {
          const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
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

export const DEFAULT_BUDGET_MS = 5000;

/** The target with its program and checker built now; later getProgram() calls return the same program. */
function preparedProgram(target: AnalysisTarget): AnalysisTarget {
  const program = target.getProgram();
  program.getTypeChecker();
  return { sourceFile: target.sourceFile, getProgram: () => program };
}

export function formatMessage(template: string, data: Record<string, string> | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => data[name] ?? whole);
}
