/**
 * @prefix with-timeout
 * @name withTimeout(promise, ms) (asyncio.wait_for)
 * @description A withTimeout(promise, ms) helper that rejects with a TimeoutError when the promise takes longer,
 * and always clears its timer. Use it to bound a wait on something that takes no AbortSignal; when the call
 * takes one (fetch), pass AbortSignal.timeout(ms) instead (the timeout snippet), which also stops the work.
 */
// #region snippet
import { withTimeout } from '../patterns/withTimeout';
// #endregion

export { withTimeout };
