import awaitNonPromise from './await-non-promise';
import blockingCall from './blocking-call';
import floatingPromise from './floating-promise';
import misusedPromise from './misused-promise';
import missingTimeout from './missing-timeout';
import nestedRun from './nested-run';
import sequentialAwait from './sequential-await';
import type { AnyRule } from './types';
import unboundedFanOut from './unbounded-fan-out';

/**
 * Each rule under its id, sorted by id: one line per rule (and its import above). The ids are a public
 * contract (users' config and suppression comments name them). `RuleId` and `ALL_RULE_IDS` are derived
 * from the keys; the config schema and the settings of package.json are generated from them
 * (`npm run generate`), and test/registry.test.ts checks the order and everything else.
 */
const registry = {
  'await-non-promise': awaitNonPromise,
  'blocking-call': blockingCall,
  'floating-promise': floatingPromise,
  'missing-timeout': missingTimeout,
  'misused-promise': misusedPromise,
  'nested-run': nestedRun,
  'sequential-await': sequentialAwait,
  'unbounded-fan-out': unboundedFanOut,
};

export type RuleId = keyof typeof registry;

/** The rule ids, sorted (the registry's order, which test/registry.test.ts checks). */
export const ALL_RULE_IDS: readonly RuleId[] = Object.keys(registry) as RuleId[];

/** Every rule the engine runs, sorted by id. */
export const rules: readonly AnyRule[] = ALL_RULE_IDS.map((id) => registry[id]);

const byId = new Map<RuleId, AnyRule>(rules.map((rule) => [rule.meta.id, rule]));

export function ruleById(id: RuleId): AnyRule | undefined {
  return byId.get(id);
}

export const DOCS_BASE_URL = 'https://github.com/async-pitfalls/async-pitfalls/blob/main/docs/rules/';

export function ruleDocUrl(id: RuleId): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
