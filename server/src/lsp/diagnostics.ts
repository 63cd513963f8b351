import * as path from 'node:path';
import type { ts } from '../typescript';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import { ruleDocUrl } from '../rules';
import type { Finding, Severity } from '../rules/types';
import { lineMapOf } from '../rules/util/lines';
import { fileUri } from './uris';

export const DIAGNOSTIC_SOURCE = 'async-pitfalls';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Lines end at CR, LF and CRLF only, characters count UTF-16 code units: LSP's positions (see LineMap). */
export function toRange(sourceFile: ts.SourceFile, start: number, end: number): Range {
  const lines = lineMapOf(sourceFile);
  return { start: lines.position(start), end: lines.position(end) };
}

/** The offsets of an LSP range in the analyzed text. */
export function toOffsets(sourceFile: ts.SourceFile, range: Range): { start: number; end: number } {
  const lines = lineMapOf(sourceFile);
  return { start: lines.offset(range.start), end: lines.offset(range.end) };
}

/**
 * `documentUri` names the analyzed file's document (an unsaved one has no file of its own): related
 * places in that file point to it, the others to their files.
 */
export function toDiagnostic(sourceFile: ts.SourceFile, finding: Finding, documentUri?: string): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toRange(sourceFile, finding.start, finding.end),
    severity: LSP_SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    codeDescription: { href: ruleDocUrl(finding.ruleId) },
    message: finding.message,
  };
  if (finding.related) {
    diagnostic.relatedInformation = finding.related.map((related) => ({
      location: {
        uri: related.fileName === sourceFile.fileName && documentUri !== undefined ? documentUri : fileUri(path.normalize(related.fileName)),
        range: related.range,
      },
      message: related.message,
    }));
  }
  return diagnostic;
}
