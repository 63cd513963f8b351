/**
 * Debounces analysis per document: a burst of keystrokes yields one analysis of the last version.
 * Work runs one document at a time, each as its own macrotask, so LSP messages (new edits, code
 * action requests) are handled between analyses and can supersede pending ones.
 */
export class AnalysisScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly analyze: (uri: string) => void,
    private readonly onError: (uri: string, error: unknown) => void,
  ) {}

  schedule(uri: string, delayMs: number): void {
    this.cancel(uri);
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      try {
        this.analyze(uri);
      } catch (error) {
        this.onError(uri, error);
      }
    }, delayMs);
    this.timers.set(uri, timer);
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  /** Pending analyses, for tests and diagnostics of the server itself. */
  get pending(): number {
    return this.timers.size;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
