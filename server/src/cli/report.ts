import * as path from 'node:path';
import type { AnalysisError } from '../engine/analyzer';
import { fixTitle } from '../engine/fixes';
import { escapeControlCharacters } from '../base/logger';
import { LineMap } from '../rules/util/lines';
import type { Finding, FixKind, Severity } from '../rules/types';

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
  /**
   * Other places that explain the finding, in order (an addition to version 1, present only when there
   * are some): for blocking-call, each call on the way from the reported call to the blocking one.
   */
  related?: ReportedLocation[];
}

/** A related place, positioned like a finding; `label` names the step briefly (`loadConfig()`). */
export interface ReportedLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  label: string;
}

/** An analysis that did not complete, as the CLI prints it: `rule` only when one rule is concerned. */
export interface ReportedError {
  file: string;
  rule?: string;
  reason: string;
}

export interface Report {
  findings: ReportedFinding[];
  /** Analyses that did not complete; any makes the exit code 2. */
  errors: ReportedError[];
  files: number;
  ms: number;
}

/** A file as the report names it: relative to the working directory, with forward slashes. */
export function reportedPath(filePath: string, cwd: string): string {
  return path.relative(cwd, filePath).split(path.sep).join('/') || path.basename(filePath);
}

export function toReportedError(error: AnalysisError, cwd: string): ReportedError {
  return error.rule === undefined ? { file: reportedPath(error.file, cwd), reason: error.reason } : { file: reportedPath(error.file, cwd), rule: error.rule, reason: error.reason };
}

/** The findings of one file, analyzed now (a LintResult) or taken from the cache. */
export interface FileFindings {
  filePath: string;
  /** The text the findings' offsets are in. */
  text: string;
  findings: readonly Finding[];
}

export function toReportedFindings(result: FileFindings, cwd: string): ReportedFinding[] {
  if (result.findings.length === 0) return [];
  const file = reportedPath(result.filePath, cwd);
  const lines = new LineMap(result.text);
  return result.findings.map((finding) => {
    const start = lines.position(finding.start);
    const end = lines.position(finding.end);
    return {
      file,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      rule: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      fixes: finding.fixes.map((fix) => ({ title: fixTitle(fix, finding.ruleId), safe: fix.kind === 'safe', kind: fix.kind })),
      ...(finding.related
        ? {
            related: finding.related.map((related) => ({
              file: reportedPath(path.normalize(related.fileName), cwd),
              line: related.range.start.line + 1,
              column: related.range.start.character + 1,
              endLine: related.range.end.line + 1,
              endColumn: related.range.end.character + 1,
              message: related.message,
              label: related.label,
            })),
          }
        : {}),
    };
  });
}

/** Makes text from files (names, messages quoting code) safe to print: no control characters, no line breaks. */
export function sanitizeForTerminal(text: string): string {
  return escapeControlCharacters(text);
}
