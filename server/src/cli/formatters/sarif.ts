import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../../rules/types';
import type { Report } from '../report';

/** A rule as SARIF's `tool.driver.rules` describes it. */
export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
}

export const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/**
 * SARIF 2.1.0 with one run; every rule is described in tool.driver.rules, with help and a link.
 * Artifact URIs are relative to the working directory (`SRCROOT`), each path segment percent-encoded
 * (RFC 3986), so `#`, `?`, `%`, spaces and non-ASCII characters name the file and nothing else.
 */
export function formatSarif(report: Report, version: string, cwd: string, driverRules: readonly SarifRule[]): string {
  const ruleIndex = new Map(driverRules.map((rule, index) => [rule.id, index]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'async-pitfalls',
            version,
            semanticVersion: version,
            informationUri: 'https://github.com/async-pitfalls/async-pitfalls',
            rules: driverRules,
          },
        },
        // Analyses that did not complete: the run is then not a complete scan.
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            toolExecutionNotifications: report.errors.map((error) => ({
              level: 'error',
              message: { text: error.rule === undefined ? error.reason : `${error.rule}: ${error.reason}` },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(error.file, cwd) } }],
              ...(error.rule === undefined ? {} : { associatedRule: { id: error.rule, index: ruleIndex.get(error.rule) ?? -1 } }),
            })),
          },
        ],
        originalUriBaseIds: { SRCROOT: { uri: directoryUri(cwd) } },
        results: report.findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: ruleIndex.get(finding.rule) ?? -1,
          level: SARIF_LEVEL[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(finding.file, cwd),
                region: {
                  startLine: finding.line,
                  startColumn: finding.column,
                  endLine: finding.endLine,
                  endColumn: finding.endColumn,
                },
              },
            },
          ],
          ...(finding.related
            ? {
                relatedLocations: finding.related.map((related, index) => ({
                  id: index + 1,
                  physicalLocation: {
                    artifactLocation: artifactLocation(related.file, cwd),
                    region: { startLine: related.line, startColumn: related.column, endLine: related.endLine, endColumn: related.endColumn },
                  },
                  message: { text: related.message },
                })),
              }
            : {}),
        })),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function directoryUri(directory: string): string {
  const uri = pathToFileURL(directory).href;
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/** A file below SRCROOT by its relative URI; one elsewhere (`../`, another drive) by its absolute file URI. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const segments = file.split('/');
  if (segments[0] === '..' || path.isAbsolute(file)) return { uri: pathToFileURL(path.resolve(cwd, file)).href };
  // encodeURIComponent leaves only unreserved characters and !'()* (allowed in a segment); a colon
  // is encoded too, so a first segment like `c:x.ts` cannot be read as a scheme.
  return { uri: segments.map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}
