/**
 * @prefix cancel
 * @name Cancellable task (AbortController)
 * @description An async function that works until its AbortSignal is aborted (controller.abort()), cleans up in
 * `finally` and rethrows the abort, like catching CancelledError, cleaning up and re-raising. Use it for
 * long-running loops (polling, consuming a stream) that must stop on shutdown without leaking what they hold.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export const log: string[] = [];

interface Resource {
  close(): Promise<void>;
}

async function open(): Promise<Resource> {
  await sleep(1);
  log.push('open');
  return {
    close: async () => {
      await sleep(1);
      log.push('close');
    },
  };
}

async function step(resource: Resource, signal: AbortSignal): Promise<void> {
  await sleep(5, undefined, { signal });
  log.push('step');
}

// #region snippet
/** Works until `signal` is aborted, then cleans up and rejects with the abort. */
async function /*${1:*/runUntilAborted/*}*/(signal: AbortSignal): Promise<void> {
  /*${2:*/const resource = await open();/*}*/
  try {
    for (;;) {
      signal.throwIfAborted();
      /*${3:*/await step(resource, signal);/*}*/
    }
  } catch (error) {
    if (signal.aborted) {
      /*${4:*/console.log('cancelling: cleaning up...');/*}*/
    }
    throw error; // rethrow, like `raise` after CancelledError: the caller must see the abort
  } finally {
    /*${5:*/await resource.close();/*}*/
  }
}
// #endregion

export { runUntilAborted };
