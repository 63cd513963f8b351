import { ALL_RULE_IDS, ruleDocUrl, rules } from '../rules';
import { SEVERITIES } from '../rules/types';

/** The JSON schema of `.async-pitfalls.json`, derived from the rules so that it cannot drift from them. */
export function configSchema(): Record<string, unknown> {
  const severity = { type: 'string', enum: SEVERITIES, description: 'off, hint, info, warning or error' };
  const ruleProperties: Record<string, unknown> = {};
  for (const id of ALL_RULE_IDS) {
    // Ids of rules this version does not implement yet are still accepted, so configs stay valid.
    ruleProperties[id] = { markdownDescription: `[Documentation](${ruleDocUrl(id)})`, oneOf: [severity, { type: 'array', minItems: 1, maxItems: 2 }] };
  }
  for (const rule of rules) {
    const optionProperties: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(rule.meta.options) as [string, { schema: unknown }][]) {
      optionProperties[name] = spec.schema;
    }
    ruleProperties[rule.meta.id] = {
      markdownDescription: `${rule.meta.description} [Documentation](${ruleDocUrl(rule.meta.id)})`,
      default: rule.meta.defaultSeverity,
      oneOf: [
        severity,
        {
          type: 'array',
          items: [severity, { type: 'object', properties: optionProperties, additionalProperties: false }],
          minItems: 1,
          maxItems: 2,
        },
      ],
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/async-pitfalls/async-pitfalls/blob/main/schemas/async-pitfalls.schema.json',
    title: 'Async Pitfalls configuration',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      rules: {
        type: 'object',
        description: 'Severity (and options) per rule id.',
        properties: ruleProperties,
        additionalProperties: false,
      },
      ignore: {
        type: 'array',
        markdownDescription:
          'Glob patterns, relative to this file, of paths not to analyze: `*` (within a folder name), `?`, `**` (any folders), `[abc]`, `[!a]`, `{a,b}`; a trailing `/` means the folder and everything in it.',
        items: { type: 'string', minLength: 1 },
      },
      root: {
        type: 'boolean',
        markdownDescription:
          'Marks this folder as a project root, as ESLint\'s `root` did. The nearest config file wins, so none above this one applies to the files below it; and none above the project root ever applies (the workspace folder in the editor; for the CLI the top of the git repository, else the nearest folder with a package.json, else the working directory).',
      },
      honorEslintDisable: {
        type: 'boolean',
        default: true,
        markdownDescription:
          'Whether `eslint-disable` and `oxlint-disable` comments that name a rule this tool mirrors (`@typescript-eslint/no-floating-promises` for `floating-promise`, ...) suppress its findings too. A bare `eslint-disable` with no rule list suppresses every rule, as in ESLint.',
      },
    },
    additionalProperties: false,
  };
}
