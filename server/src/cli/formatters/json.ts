import type { Report } from '../report';

/** The CLI's JSON contract, version 1; `errors` (analyses that did not complete) is an addition to it. */
export function formatJson(report: Report): string {
  return (
    JSON.stringify({
      version: 1,
      findings: report.findings,
      errors: report.errors,
      stats: { files: report.files, ms: Math.round(report.ms) },
    }) + '\n'
  );
}
