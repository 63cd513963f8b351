import { ruleDocUrl, rules } from '../../rules';
import type { Severity } from '../../rules/types';
import type { Report } from '../report';

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0 with one run; every rule is described in tool.driver.rules, with help and a link. */
export function formatSarif(report: Report, version: string): string {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.meta.id as string, index]));
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
            rules: rules.map((rule) => ({
              id: rule.meta.id,
              name: rule.meta.id,
              shortDescription: { text: rule.meta.description },
              fullDescription: { text: rule.meta.description },
              helpUri: ruleDocUrl(rule.meta.id),
              help: {
                text: `${rule.meta.description}\n\nIncorrect:\n${rule.meta.examples.incorrect}\nCorrect:\n${rule.meta.examples.correct}`,
                markdown: `${rule.meta.description}\n\nIncorrect:\n\`\`\`ts\n${rule.meta.examples.incorrect}\`\`\`\n\nCorrect:\n\`\`\`ts\n${rule.meta.examples.correct}\`\`\`\n\n[Documentation](${ruleDocUrl(rule.meta.id)})`,
              },
              defaultConfiguration: { level: SARIF_LEVEL[rule.meta.defaultSeverity] },
            })),
          },
        },
        // Analyses that did not complete: the run is then not a complete scan.
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            toolExecutionNotifications: report.errors.map((error) => ({
              level: 'error',
              message: { text: error.rule === undefined ? error.reason : `${error.rule}: ${error.reason}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(error.file), uriBaseId: 'SRCROOT' } } }],
              ...(error.rule === undefined ? {} : { associatedRule: { id: error.rule, index: ruleIndex.get(error.rule) ?? -1 } }),
            })),
          },
        ],
        originalUriBaseIds: { SRCROOT: { uri: pathToFileUri(process.cwd()) } },
        results: report.findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: ruleIndex.get(finding.rule) ?? -1,
          level: SARIF_LEVEL[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(finding.file), uriBaseId: 'SRCROOT' },
                region: {
                  startLine: finding.line,
                  startColumn: finding.column,
                  endLine: finding.endLine,
                  endColumn: finding.endColumn,
                },
              },
            },
          ],
        })),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function pathToFileUri(directory: string): string {
  const withSlash = directory.endsWith('/') ? directory : `${directory}/`;
  return `file://${encodeURI(withSlash.split('\\').join('/'))}`;
}
