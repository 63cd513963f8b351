/**
 * Settles like `promise`, or rejects with a TimeoutError (a DOMException, like the one
 * AbortSignal.timeout gives fetch) once `ms` milliseconds pass first. The timer is cleared either way,
 * so it never keeps the process alive. The work behind `promise` goes on: give it a signal to stop it.
 */
export function withTimeout<T>(promise: PromiseLike<T>, ms: number, message = `Timed out after ${ms} ms`): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DOMException(message, 'TimeoutError')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
