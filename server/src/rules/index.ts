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
 * The rule ids, sorted: a public contract (users' config and suppression comments name them). The one
 * hand-written list of them: `RuleId` is its type; the config schema and the settings of package.json
 * are generated from it (`npm run generate`), and test/registry.test.ts checks everything else.
 */
export const ALL_RULE_IDS = [
  'await-non-promise',
  'blocking-call',
  'floating-promise',
  'missing-timeout',
  'misused-promise',
  'nested-run',
  'sequential-await',
  'unbounded-fan-out',
] as const;

export type RuleId = (typeof ALL_RULE_IDS)[number];

/** The rule of each id: the compiler refuses an id without its rule and a rule without its id. */
const registry: { readonly [Id in RuleId]: AnyRule } = {
  'await-non-promise': awaitNonPromise,
  'blocking-call': blockingCall,
  'floating-promise': floatingPromise,
  'missing-timeout': missingTimeout,
  'misused-promise': misusedPromise,
  'nested-run': nestedRun,
  'sequential-await': sequentialAwait,
  'unbounded-fan-out': unboundedFanOut,
};

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
