import type { ts } from '../typescript';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import { ruleDocUrl } from '../rules';
import type { Finding, Severity } from '../rules/types';

export const DIAGNOSTIC_SOURCE = 'async-pitfalls';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** TypeScript's line/character pairs count UTF-16 code units, as LSP positions do by default. */
export function toRange(sourceFile: ts.SourceFile, start: number, end: number): Range {
  const from = sourceFile.getLineAndCharacterOfPosition(start);
  const to = sourceFile.getLineAndCharacterOfPosition(end);
  return { start: { line: from.line, character: from.character }, end: { line: to.line, character: to.character } };
}

export function toDiagnostic(sourceFile: ts.SourceFile, finding: Finding): Diagnostic {
  return {
    range: toRange(sourceFile, finding.start, finding.end),
    severity: LSP_SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    codeDescription: { href: ruleDocUrl(finding.ruleId) },
    message: finding.message,
  };
}
