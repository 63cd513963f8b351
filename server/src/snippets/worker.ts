/**
 * @prefix worker
 * @name Run CPU-bound work in a worker thread (run_in_executor)
 * @description A runInWorker(fn, input) helper that runs fn on a worker_threads Worker and resolves with its
 * result. Use it for CPU-bound work (parsing, hashing, compressing) that would otherwise block the event loop.
 * fn is sent as source text, so it must be self-contained (its argument, globals and require() only); input and
 * result are copied. A Worker per call costs milliseconds: for many small calls, keep a pool. Insert at module level.
 */
// #region snippet
import { Worker } from 'node:worker_threads';

/** Runs `fn(input)` on a new worker thread and resolves with its result. */
function /*${1:*/runInWorker/*}*/<I, O>(fn: (input: I) => O | Promise<O>, input: I): Promise<O> {
  const source = `const { parentPort, workerData } = require('node:worker_threads'); Promise.resolve((${fn.toString()})(workerData)).then((result) => parentPort.postMessage(result));`;
  return new Promise<O>((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: input });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`The worker stopped with exit code ${code}`));
    });
  });
}
// #endregion

export { runInWorker };
