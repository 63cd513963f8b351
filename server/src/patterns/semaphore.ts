/**
 * A counting semaphore like asyncio's BoundedSemaphore: at most `limit` holders at once, and waiters
 * get a slot in the order they asked for one. Release in a `finally`, so a failed task frees its slot.
 */
export class Semaphore {
  private readonly limit: number;
  private available: number;
  private readonly waiters: (() => void)[] = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Semaphore limit must be a positive integer, got ${limit}`);
    this.limit = limit;
    this.available = limit;
  }

  /** Resolves once a slot is free; slots go to waiters first come, first served. */
  acquire(): Promise<void> {
    if (this.available > 0) {
      this.available--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Frees a slot, handing it straight to the longest waiter if there is one. */
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else if (this.available < this.limit) this.available++;
    else throw new Error('Semaphore released more times than it was acquired');
  }
}
