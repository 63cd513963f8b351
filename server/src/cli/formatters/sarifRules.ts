import { ruleDocUrl, rules } from '../../rules';
import { SARIF_LEVEL, type SarifRule } from './sarif';

/**
 * The registry's rules as SARIF describes them. Kept apart from formatSarif, which the CLI's entry runs
 * without the rules (and TypeScript) loaded, with the descriptions a run recorded.
 */
export function sarifRules(): SarifRule[] {
  return rules.map((rule) => ({
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
  }));
}
