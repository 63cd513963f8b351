/**
 * Node options of the language server's process (the bench starts it with the same). V8's young
 * generation is cut from 16 MB semi-spaces to 2 MB: what the server keeps (syntax trees, the checker's
 * types) is long-lived, so the bigger nursery mostly adds resident memory. With workspace diagnostics
 * on a real project that took the server's peak below `tsc --noEmit`'s (see bench/RESULTS.md);
 * V8's --optimize-for-size went lower still but doubled the time.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=2'];
