/**
 * A time budget for analyzing one file. Analysis is synchronous, so it cannot be interrupted from
 * outside; instead the node walk every rule uses checks the clock now and then and throws once the
 * budget is spent. One pathological file then costs a bounded pause, not a frozen server.
 */
export class BudgetExceeded extends Error {
  constructor(readonly limitMs: number) {
    super(`analysis budget of ${limitMs} ms exceeded`);
  }
}

let deadline = Number.POSITIVE_INFINITY;
let limit = 0;

/** Runs `work` with a budget; nested calls keep the outer deadline if it is sooner. */
export function withBudget<T>(limitMs: number, work: () => T): T {
  const previousDeadline = deadline;
  const previousLimit = limit;
  const candidate = performance.now() + limitMs;
  if (candidate < deadline) {
    deadline = candidate;
    limit = limitMs;
  }
  try {
    return work();
  } finally {
    deadline = previousDeadline;
    limit = previousLimit;
  }
}

/** Throws BudgetExceeded when the current budget is spent. Cheap enough to call every few hundred nodes. */
export function checkBudget(): void {
  if (deadline !== Number.POSITIVE_INFINITY && performance.now() > deadline) throw new BudgetExceeded(limit);
}
