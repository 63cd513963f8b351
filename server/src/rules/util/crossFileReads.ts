import type { ts } from '../../typescript';

/**
 * The files whose code (not only their declarations) an analysis read: the rules that follow a call
 * into the callee's body (blocking-call's helper chains, whether a callee can reject, the I/O a callback
 * does, whether it runs under a limit) say so here when they enter a body, wherever it is. The findings
 * cache keys a file's findings on the exact text of these files, and on only the declarations of the
 * other files it imports (engine/cache.ts). A rule that reads another file's body without saying so
 * here would leave cached findings stale when that body changes.
 *
 * Reads are collected in scopes: the analysis of a file is one, and a result kept across analyses (a
 * summary of a helper) is computed in one of its own, so that whoever uses it later reads those files too.
 */
const scopes: Set<string>[] = [];

/** Notes that the code of the node's file is read (its body, or anything beyond its declarations). */
export function readCodeOf(node: ts.Node): void {
  if (scopes.length === 0) return;
  const fileName = node.getSourceFile().fileName;
  for (const scope of scopes) scope.add(fileName);
}

/** Notes that these files' code is read (the files a kept result was computed from). */
export function readCodeOfFiles(fileNames: Iterable<string>): void {
  if (scopes.length === 0) return;
  for (const fileName of fileNames) for (const scope of scopes) scope.add(fileName);
}

/** Runs `compute`, and gives the files whose code it read (also noted in the scopes around it). */
export function collectingReads<T>(compute: () => T): { value: T; files: Set<string> } {
  const files = new Set<string>();
  scopes.push(files);
  try {
    return { value: compute(), files };
  } finally {
    scopes.pop();
  }
}
