/** A thrown value in one line for users and reports: `TypeError: x is not a function`, or the value as text. */
export function errorSummary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** A thrown value for the log: its stack when it has one (the stack starts with the summary). */
export function errorDetail(error: unknown): string {
  return error instanceof Error ? (error.stack ?? errorSummary(error)) : String(error);
}

/** A thrown value's message alone, for a sentence that says what failed: `x is not a function`. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
