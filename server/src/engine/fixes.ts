import type { Finding, Fix, FixKind, FixMeta, RuleId, TextEdit } from '../rules/types';

/**
 * What a fix's title says of its kind, wherever a person chooses a fix (code actions, the CLI's JSON):
 * a safe fix is the plain action; the others say why they are not applied in bulk.
 */
const KIND_LABELS: Record<FixKind, string> = {
  safe: '',
  unsafe: ' (unsafe: changes behaviour)',
  suppression: ' (suppression: hides the report)',
};

export function fixTitle(fix: FixMeta): string {
  return `${fix.title}${KIND_LABELS[fix.kind]}`;
}

/** Applies non-overlapping edits to a text. Edits are applied from the end so offsets stay valid. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

/**
 * Picks the safe fix of each finding (of the given rules only, when `rules` is set) and the subset of
 * them whose edits do not overlap (the first one in the file wins; the rest are found again on the next
 * pass). Unsafe and suppression fixes are never applied in bulk.
 */
export function nonOverlappingSafeFixes(findings: readonly Finding[], rules?: ReadonlySet<RuleId>): Fix[] {
  const chosen: Fix[] = [];
  const taken: TextEdit[] = [];
  for (const finding of findings) {
    if (rules && !rules.has(finding.ruleId)) continue;
    const fix = finding.fixes.find((candidate) => candidate.kind === 'safe');
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
