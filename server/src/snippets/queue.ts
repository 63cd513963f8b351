/**
 * @prefix queue
 * @name Producer/consumer queue with N workers (asyncio.Queue)
 * @description A bounded AsyncQueue (put waits while it is full, consumers wait while it is empty, close() lets
 * them drain and stop) and a function that feeds items through it to N concurrent workers and returns once
 * every item is handled and every worker has stopped. Use it for pipelines and for work that arrives over
 * time; for one array already in hand, map-limit is simpler. Insert at module level.
 */
// #region snippet
/** A first-in, first-out queue between async producers and consumers; iterate it with `for await`. */
class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private readonly takers: ((result: IteratorResult<T, undefined>) => void)[] = [];
  private readonly putters: (() => void)[] = [];
  private readonly capacity: number;
  private closed = false;

  constructor(capacity = Infinity) {
    this.capacity = capacity;
  }

  /** Adds an item, waiting while the queue is full; false once the queue is closed (stop producing). */
  async put(item: T): Promise<boolean> {
    while (!this.closed && this.takers.length === 0 && this.items.length >= this.capacity) {
      await new Promise<void>((resolve) => this.putters.push(resolve));
    }
    if (this.closed) return false;
    const taker = this.takers.shift();
    if (taker) taker({ value: item, done: false });
    else this.items.push(item);
    return true;
  }

  /** The next item, or `done` once the queue is closed and empty. */
  next(): Promise<IteratorResult<T, undefined>> {
    this.putters.shift()?.(); // room for one more: wake a waiting producer
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift() as T, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.takers.push(resolve));
  }

  /** No more items: producers stop, consumers finish what is queued and stop. */
  close(): void {
    this.closed = true;
    for (const taker of this.takers.splice(0)) taker({ value: undefined, done: true });
    for (const putter of this.putters.splice(0)) putter();
  }

  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    return this;
  }
}

/** Handles every item with `workers` concurrent consumers; rejects with the first failure once all have stopped. */
async function /*${1:*/processAll/*}*/<T>(items: Iterable<T>, handle: (item: T) => Promise<void>, workers = /*${2:*/4/*}*/): Promise<void> {
  const queue = new AsyncQueue<T>(workers * 2);
  const produce = async (): Promise<void> => {
    try {
      for (const item of items) if (!(await queue.put(item))) break;
    } finally {
      queue.close();
    }
  };
  const consume = async (): Promise<void> => {
    try {
      for await (const item of queue) await handle(item);
    } catch (error) {
      queue.close(); // stop the producer; the other workers finish what is queued
      throw error;
    }
  };
  const results = await Promise.allSettled([produce(), ...Array.from({ length: workers }, consume)]);
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason;
}
// #endregion

export { AsyncQueue, processAll };
