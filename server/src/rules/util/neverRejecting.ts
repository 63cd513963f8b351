import { ts } from '../../typescript';
import { skipParentheses } from './ast';
import { SpecifierMatcher, type Specifier } from './specifiers';

/**
 * Platform calls whose promise settles only by fulfilling, named by their declaration (module, declaring
 * class or interface, member) in the form of floating-promise's `allowForKnownSafeCalls`. Unlike that
 * option this is no policy a user replaces but a fact about the platform: each entry is checked against
 * the platform's own implementation, and a method of the project's own (a `terminate()` of its own
 * class) never matches.
 */
export const NEVER_REJECTING_CALLS: readonly Specifier[] = [
  // Resolves with the exit code: `Promise.resolve()` once the thread is gone, else `new Promise((resolve) =>
  // this.once('exit', resolve))`, whose executor takes no reject (nodejs/node lib/internal/worker.js, terminate()).
  { from: 'package', package: 'worker_threads', name: 'Worker.terminate' },
];

/** Whether a call calls one of `NEVER_REJECTING_CALLS`. */
export function callNeverRejects(program: ts.Program, checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const call = skipParentheses(expression);
  return ts.isCallExpression(call) && new SpecifierMatcher(program, checker).callMatches(call, NEVER_REJECTING_CALLS);
}
