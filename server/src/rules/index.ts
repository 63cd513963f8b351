import awaitNonPromise from './await-non-promise';
import blockingCall from './blocking-call';
import floatingPromise from './floating-promise';
import misusedPromise from './misused-promise';
import missingTimeout from './missing-timeout';
import nestedRun from './nested-run';
import sequentialAwait from './sequential-await';
import type { AnyRule, RuleId } from './types';
import unboundedFanOut from './unbounded-fan-out';

/** Every rule the engine runs, sorted by id. A rule joins the product by being listed here. */
export const rules: readonly AnyRule[] = [awaitNonPromise, blockingCall, floatingPromise, misusedPromise, missingTimeout, nestedRun, sequentialAwait, unboundedFanOut].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

const byId = new Map<RuleId, AnyRule>(rules.map((rule) => [rule.meta.id, rule]));

export function ruleById(id: RuleId): AnyRule | undefined {
  return byId.get(id);
}

export const DOCS_BASE_URL = 'https://github.com/async-pitfalls/async-pitfalls/blob/main/docs/rules/';

export function ruleDocUrl(id: RuleId): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
