import * as path from 'node:path';
import type { ts } from '../typescript';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import { ruleDocUrl } from '../rules';
import type { ConfigProblem } from '../config/config';
import type { Finding, RuleId, Severity } from '../rules/types';
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
export function toRange(sourceFile: Pick<ts.SourceFile, 'text'>, start: number, end: number): Range {
  const lines = lineMapOf(sourceFile);
  return { start: lines.position(start), end: lines.position(end) };
}

/** The offsets of an LSP range in the analyzed text. */
export function toOffsets(sourceFile: ts.SourceFile, range: Range): { start: number; end: number } {
  const lines = lineMapOf(sourceFile);
  return { start: lines.offset(range.start), end: lines.offset(range.end) };
}

/**
 * The rule link of a diagnostic: the web page, unless the client named a command that opens the page it
 * ships (VS Code opens `command:` links from the hover and the Problems panel, online or not).
 */
let documentationCommand: string | undefined;

/** From the client's `initializationOptions.documentationCommand`; anything but a command id is ignored. */
export function setDocumentationCommand(command: unknown): void {
  documentationCommand = typeof command === 'string' && /^[A-Za-z][\w.-]*$/.test(command) ? command : undefined;
}

export function ruleLink(ruleId: RuleId): string {
  if (documentationCommand === undefined) return ruleDocUrl(ruleId);
  return `command:${documentationCommand}?${encodeURIComponent(JSON.stringify([ruleId]))}`;
}

/**
 * `documentUri` names the analyzed file's document (an unsaved one has no file of its own): related
 * places in that file point to it, the others to their files.
 */
export function toDiagnostic(sourceFile: Pick<ts.SourceFile, 'fileName' | 'text'>, finding: Finding, documentUri?: string): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toRange(sourceFile, finding.start, finding.end),
    severity: LSP_SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    codeDescription: { href: ruleLink(finding.ruleId) },
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

/** A problem in a config file, as a diagnostic on the file: invalid JSON is an error; a bad entry, skipped while the rest applies, a warning. */
export function toConfigDiagnostic(problem: ConfigProblem): Diagnostic {
  const range = problem.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    range,
    severity: problem.key === '(file)' && problem.message.startsWith('is not valid JSON') ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    message: configProblemText(problem),
  };
}

/** `"rules.x" is not a known rule id`, or for the file as a whole: `This file is not valid JSON: ...`. */
export function configProblemText(problem: ConfigProblem): string {
  return `${problem.key === '(file)' ? 'This file' : `"${problem.key}"`} ${problem.message}`;
}
