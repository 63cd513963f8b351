/**
 * @prefix retry
 * @name retry with exponential backoff and jitter
 * @description A retry(task, options) helper: calls task until it succeeds, at most `attempts` times, waiting a
 * random time up to an exponentially growing cap between tries (full jitter, so many clients do not retry in
 * step); an AbortSignal stops it at once, even mid-wait. Use it for transient failures of idempotent calls.
 */
// #region snippet
interface RetryOptions {
  attempts?: number;
  baseMs?: number;
  maxMs?: number;
  signal?: AbortSignal;
}

/** Calls `task` until it succeeds or `attempts` calls have failed; rejects with the last error or the abort. */
async function /*${1:*/retry/*}*/<T>(task: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { attempts = /*${2:*/5/*}*/, baseMs = /*${3:*/100/*}*/, maxMs = /*${4:*/10_000/*}*/, signal } = options;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await task(attempt);
    } catch (error) {
      if (attempt >= attempts || signal?.aborted) throw error;
      const delay = Math.random() * Math.min(maxMs, baseMs * 2 ** (attempt - 1));
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, delay);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
  }
}
// #endregion

export { retry };
