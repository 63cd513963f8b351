import { ts } from '../typescript';
import { forEachNode } from '../rules/util/ast';
import { lineMapOf } from '../rules/util/lines';

/**
 * The suppression comments of one file:
 *   // async-pitfalls-disable-next-line rule-a, rule-b -- optional reason
 *   // async-pitfalls-disable-line rule-a
 *   /* async-pitfalls-disable rule-a *\/   (whole file)
 * No rule list means every rule.
 */
export interface Suppressions {
  /** Whether a finding of `ruleId` that starts on `line` (0-based, as LineMap counts lines) is suppressed. */
  isSuppressed(ruleId: string, line: number): boolean;
  /** Whether the whole file is suppressed for `ruleId` (the rule need not run at all). */
  isFileSuppressed(ruleId: string): boolean;
}

const DIRECTIVE = /^\s*async-pitfalls-(disable-next-line|disable-line|disable)(?:\s+([^]*?))?\s*$/;
const ALL = '*';

export function parseSuppressions(sourceFile: ts.SourceFile): Suppressions {
  const text = sourceFile.text;
  // Cheap exit for the common case: no directive anywhere in the file.
  if (!text.includes('async-pitfalls-disable')) return { isSuppressed: () => false, isFileSuppressed: () => false };

  const lines = lineMapOf(sourceFile);
  const byLine = new Map<number, Set<string>>();
  const wholeFile = new Set<string>();
  const add = (set: Set<string>, ruleList: string[]) => ruleList.forEach((rule) => set.add(rule));

  for (const comment of collectComments(sourceFile)) {
    const body =
      comment.kind === ts.SyntaxKind.SingleLineCommentTrivia
        ? text.slice(comment.pos + 2, comment.end)
        : text.slice(comment.pos + 2, comment.end - 2);
    const match = DIRECTIVE.exec(body);
    if (!match) continue;
    const ruleList = parseRuleList(match[2]);
    const { line } = lines.position(comment.pos);
    if (match[1] === 'disable') {
      add(wholeFile, ruleList);
      continue;
    }
    const target = match[1] === 'disable-next-line' ? lines.position(comment.end).line + 1 : line;
    if (!byLine.has(target)) byLine.set(target, new Set());
    add(byLine.get(target)!, ruleList);
  }
  const covers = (set: Set<string> | undefined, ruleId: string) => set !== undefined && (set.has(ALL) || set.has(ruleId));
  return {
    isSuppressed: (ruleId, line) => covers(wholeFile, ruleId) || covers(byLine.get(line), ruleId),
    isFileSuppressed: (ruleId) => covers(wholeFile, ruleId),
  };
}

function parseRuleList(list: string | undefined): string[] {
  // A reason may follow ` -- `, as in ESLint's directives.
  const withoutReason = (list ?? '').split(/\s--\s|^--\s/)[0];
  const ids = withoutReason
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
  return ids.length > 0 ? ids : [ALL];
}

/** Every comment of the file, found through the syntax tree so that text inside strings never counts. */
function collectComments(sourceFile: ts.SourceFile): ts.CommentRange[] {
  const text = sourceFile.text;
  const seen = new Set<number>();
  const comments: ts.CommentRange[] = [];
  const collect = (ranges: ts.CommentRange[] | undefined) => {
    for (const range of ranges ?? []) {
      if (seen.has(range.pos)) continue;
      seen.add(range.pos);
      comments.push(range);
    }
  };
  forEachNode(sourceFile, (node) => {
    collect(ts.getLeadingCommentRanges(text, node.pos));
    collect(ts.getTrailingCommentRanges(text, node.end));
  });
  collect(ts.getLeadingCommentRanges(text, sourceFile.endOfFileToken.pos));
  return comments;
}
