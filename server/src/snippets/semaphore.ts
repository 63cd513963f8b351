/**
 * @prefix semaphore
 * @name Semaphore: at most N at once (asyncio.Semaphore)
 * @description A small Semaphore class (acquire/release, first come first served) and a function that runs a task
 * under it, releasing in `finally`. Use it to cap how many calls hit one resource at once from anywhere in the
 * program (a database, an API with a rate limit); for one list of items, map-limit is simpler. Insert at module level.
 */
// #region snippet
import { Semaphore } from '../patterns/semaphore';

const /*${1:*/limiter/*}*/ = new Semaphore(/*${2:*/4/*}*/);

/** Runs `task` once a slot is free, and frees the slot however the task ends. */
async function /*${3:*/withLimit/*}*/<T>(task: () => Promise<T>): Promise<T> {
  await /*${1:*/limiter/*}*/.acquire();
  try {
    return await task();
  } finally {
    /*${1:*/limiter/*}*/.release();
  }
}
// #endregion

export { Semaphore, limiter, withLimit };
