import { ruleDocUrl, rules } from '../rules';
import { ALL_RULE_IDS, SEVERITIES } from '../rules/types';

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
        description: 'Glob patterns, relative to this file, of paths not to analyze.',
        items: { type: 'string' },
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
