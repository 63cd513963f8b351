import type { Report } from '../report';
// Not from ../report, which loads TypeScript: the CLI's entry formats without it.
import { escapeControlCharacters as sanitizeForTerminal } from '../../base/logger';

interface Colors {
  underline(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  bold(text: string): string;
}

const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const withColor: Colors = { underline: ansi(4, 24), dim: ansi(2, 22), red: ansi(31, 39), yellow: ansi(33, 39), bold: ansi(1, 22) };
const plain: Colors = { underline: (t) => t, dim: (t) => t, red: (t) => t, yellow: (t) => t, bold: (t) => t };

/** ESLint-like output: findings grouped by file, then a summary line. */
export function formatStylish(report: Report, useColor: boolean): string {
  const c = useColor ? withColor : plain;
  const lines: string[] = [];
  const byFile = new Map<string, Report['findings']>();
  for (const finding of report.findings) {
    if (!byFile.has(finding.file)) byFile.set(finding.file, []);
    byFile.get(finding.file)!.push(finding);
  }
  for (const [file, findings] of byFile) {
    lines.push(c.underline(sanitizeForTerminal(file)));
    const positionWidth = Math.max(...findings.map((f) => `${f.line}:${f.column}`.length));
    const severityWidth = Math.max(...findings.map((f) => f.severity.length));
    for (const finding of findings) {
      const position = `${finding.line}:${finding.column}`.padEnd(positionWidth);
      const severity = finding.severity.padEnd(severityWidth);
      const colored = finding.severity === 'error' ? c.red(severity) : finding.severity === 'warning' ? c.yellow(severity) : severity;
      const via = finding.related && finding.related.length > 1 ? ` (via ${finding.related.map((related) => related.label).join(' -> ')})` : '';
      lines.push(`  ${c.dim(position)}  ${colored}  ${sanitizeForTerminal(finding.message + via)}  ${c.dim(finding.rule)}`);
    }
    lines.push('');
  }
  const count = (severity: string) => report.findings.filter((f) => f.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  const total = report.findings.length;
  if (total === 0) {
    lines.push(`No problems found in ${plural(report.files, 'file')}.`);
  } else {
    const summary = `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${total - errors - warnings} other) in ${plural(report.files, 'file')}`;
    lines.push(c.bold(errors > 0 ? c.red(summary) : c.yellow(summary)));
    const fixable = report.findings.filter((f) => f.fixes.some((fix) => fix.kind === 'safe')).length;
    if (fixable > 0) lines.push(`  ${plural(fixable, 'problem')} fixable with the --fix option.`);
  }
  if (report.errors.length > 0) {
    // After the summary, so that "No problems found" is never the last word on an incomplete run.
    lines.push('', c.bold(c.red(`✖ ${plural(report.errors.length, 'analysis')} did not complete; the findings above are incomplete:`)));
    for (const error of report.errors) {
      lines.push(`  ${c.underline(sanitizeForTerminal(error.file))}  ${error.rule === undefined ? '' : `${c.dim(error.rule)}  `}${sanitizeForTerminal(error.reason)}`);
    }
  }
  return lines.join('\n') + '\n';
}

function plural(count: number, noun: string): string {
  if (count === 1) return `${count} ${noun}`;
  return `${count} ${noun.endsWith('is') ? `${noun.slice(0, -2)}es` : `${noun}s`}`;
}
