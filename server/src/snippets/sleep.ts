/**
 * @prefix sleep
 * @name sleep(ms) (asyncio.sleep)
 * @description Waits without blocking: setTimeout from node:timers/promises, imported as sleep (the sleep-import
 * snippet). Use it for delays, polling and backoff; never a busy loop or Atomics.wait, which block every
 * other task. It takes a signal too: sleep(ms, undefined, { signal }).
 */
import { setTimeout as sleep } from 'node:timers/promises';

export async function example(): Promise<void> {
  // #region snippet
  await sleep(/*${1:*/1000/*}*/);
  // #endregion
}
