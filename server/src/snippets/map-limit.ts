/**
 * @prefix map-limit
 * @name Map with a concurrency limit (gather under a Semaphore)
 * @description The mapWithConcurrency(items, limit, fn) helper: runs fn over every item with at most `limit`
 * calls in flight and keeps the results in the order of the items. Use it instead of Promise.all(items.map(...))
 * when the list can be long (the unbounded-fan-out quick fix writes the same helper). Insert at module level.
 */
// #region snippet
import { mapWithConcurrency } from '../patterns/mapWithConcurrency';
// #endregion

export { mapWithConcurrency };
