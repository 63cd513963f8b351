import * as path from 'node:path';
import type { LintResult } from '../engine/linter';
import { fixTitle } from '../engine/fixes';
import { escapeControlCharacters } from '../engine/logger';
import type { FixKind, Severity } from '../rules/types';

/** A finding as the CLI prints it: the JSON contract's shape (1-based lines and columns, relative file). */
export interface ReportedFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: Severity;
  message: string;
  /** `safe` is `kind === 'safe'`, kept for readers of the first version of the JSON contract. */
  fixes: { title: string; safe: boolean; kind: FixKind }[];
}

export interface Report {
  findings: ReportedFinding[];
  files: number;
  ms: number;
}

export function toReportedFindings(result: LintResult, cwd: string): ReportedFinding[] {
  const file = path.relative(cwd, result.filePath).split(path.sep).join('/') || path.basename(result.filePath);
  return result.findings.map((finding) => {
    const start = result.sourceFile.getLineAndCharacterOfPosition(finding.start);
    const end = result.sourceFile.getLineAndCharacterOfPosition(finding.end);
    return {
      file,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      rule: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      fixes: finding.fixes.map((fix) => ({ title: fixTitle(fix), safe: fix.kind === 'safe', kind: fix.kind })),
    };
  });
}

/** Makes text from files (names, messages quoting code) safe to print: no control characters, no line breaks. */
export function sanitizeForTerminal(text: string): string {
  return escapeControlCharacters(text);
}
