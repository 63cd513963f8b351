import type { Report } from '../report';

/** The CLI's JSON contract, version 1. */
export function formatJson(report: Report): string {
  return (
    JSON.stringify({
      version: 1,
      findings: report.findings,
      stats: { files: report.files, ms: Math.round(report.ms) },
    }) + '\n'
  );
}
