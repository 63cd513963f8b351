/**
 * @prefix timeout
 * @name fetch with a timeout (AbortSignal.timeout)
 * @description fetch with AbortSignal.timeout(ms): the request and the reading of its body are aborted when
 * they take longer, rejecting with a TimeoutError. Use it for every network call: without a timeout, one
 * stuck server hangs the caller for ever. Combine with your own signal through AbortSignal.any([signal, ...]).
 */
export async function example(url: string): Promise<unknown> {
  // #region snippet
  const /*${1:*/response/*}*/ = await fetch(/*${2:*/url/*}*/, { signal: AbortSignal.timeout(/*${3:*/5000/*}*/) });
  if (!/*${1:*/response/*}*/.ok) throw new Error(`HTTP ${/*${1:*/response/*}*/.status} from ${/*${2:*/url/*}*/}`);
  // #endregion
  return response.json();
}
