/**
 * @prefix gather-settled
 * @name Gather settled: keep going past failures (Promise.allSettled)
 * @description Await independent calls together and handle each failure instead of losing every result to the
 * first one (asyncio.gather with return_exceptions=True). Use it when partial success is useful: best-effort
 * notifications, several sources for one page, a batch whose failures you report and move past.
 */
import { setTimeout as sleep } from 'node:timers/promises';

async function loadProfile(): Promise<string> {
  await sleep(1);
  return 'profile';
}

async function loadFeed(): Promise<string> {
  await sleep(1);
  throw new Error('feed is down');
}

export async function example(): Promise<string[]> {
  // #region snippet
  const /*${1:*/results/*}*/ = await Promise.allSettled([/*${2:*/loadProfile()/*}*/, /*${3:*/loadFeed()/*}*/]);
  for (const result of /*${1:*/results/*}*/) {
    if (result.status === 'rejected') {
      /*${4:*/console.error('failed:', result.reason);/*}*/
    }
  }
  const /*${5:*/values/*}*/ = /*${1:*/results/*}*/.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  // #endregion
  return values;
}
