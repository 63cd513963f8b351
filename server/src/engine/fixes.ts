import type { Finding, Fix, TextEdit } from '../rules/types';

/** Applies non-overlapping edits to a text. Edits are applied from the end so offsets stay valid. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

/**
 * Picks the safe fix of each finding and the subset of them whose edits do not overlap
 * (the first one in the file wins; the rest are found again on the next pass).
 */
export function nonOverlappingSafeFixes(findings: readonly Finding[]): Fix[] {
  const chosen: Fix[] = [];
  const taken: TextEdit[] = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((candidate) => candidate.safe);
    if (!fix) continue;
    if (fix.edits.some((edit) => taken.some((other) => overlaps(edit, other)))) continue;
    chosen.push(fix);
    taken.push(...fix.edits);
  }
  return chosen;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at the same point would interleave unpredictably: treat them as overlapping too.
  if (a.start === b.start) return true;
  return a.start < b.end && b.start < a.end;
}
