import { ts } from 'ts-morph';
import { defaultRuleSetting, type ResolvedConfig } from '../config/config';
import { rules as allRules } from '../rules';
import type { AnyRule, Finding, Fix, RuleContext, Severity } from '../rules/types';
import type { Logger } from './logger';
import { parseSuppressions } from './suppressions';

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
  ) {}

  analyze(target: AnalysisTarget, config: ResolvedConfig): Finding[] {
    const { sourceFile } = target;
    const suppressions = parseSuppressions(sourceFile);
    let program: ts.Program | undefined;
    let checker: ts.TypeChecker | undefined;
    const lazyProgram = () => (program ??= target.getProgram());
    // The program's own copy of the file: nodes from it are the ones the checker knows.
    const programSourceFile = () => lazyProgram().getSourceFile(sourceFile.fileName) ?? sourceFile;

    const findings: Finding[] = [];
    for (const rule of this.rules) {
      const setting = config.rules.get(rule.meta.id) ?? defaultRuleSetting(rule);
      if (setting.severity === 'off' || suppressions.isFileSuppressed(rule.meta.id)) continue;
      const severity: Severity = setting.severity;
      const file = rule.meta.needsTypes ? programSourceFile() : sourceFile;
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
        this.reportFailure(rule, sourceFile.fileName, error);
      }
    }
    return findings
      .filter((finding) => !suppressions.isSuppressed(finding.ruleId, sourceFile.getLineAndCharacterOfPosition(finding.start).line))
      .sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
  }

  private reportFailure(rule: AnyRule, fileName: string, error: unknown): void {
    const key = `${rule.meta.id}\0${fileName}`;
    if (this.reportedFailures.has(key)) return;
    this.reportedFailures.add(key);
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.logger.error(`Rule ${rule.meta.id} failed on ${fileName}; its findings for this file are skipped. ${detail}`);
  }
}

export function formatMessage(template: string, data: Record<string, string> | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => data[name] ?? whole);
}
