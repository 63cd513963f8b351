import { ts } from '../typescript';
import type { RuleId } from '../rules/types';
import { forEachNode } from '../base/walk';
import { lineMapOf } from '../rules/util/lines';

/**
 * The suppression comments of one file:
 *   // async-pitfalls-disable-next-line rule-a, rule-b -- optional reason
 *   // async-pitfalls-disable-line rule-a
 *   /* async-pitfalls-disable rule-a *\/   (whole file)
 * No rule list means every rule.
 *
 * With `honorEslintDisable`, the same comments of ESLint and oxlint count for the rules this tool
 * mirrors (MIRRORED_RULES): a line already triaged for `@typescript-eslint/no-floating-promises` is
 * not reported again as floating-promise. Their forms:
 *   // eslint-disable-next-line @typescript-eslint/no-floating-promises
 *   // eslint-disable-line no-await-in-loop        (also /* ... *\/ on the line)
 *   /* eslint-disable n/no-sync *\/                (from there to an `eslint-enable`, or the end of the file)
 * and the same with `oxlint-`. A bare `eslint-disable` (no rule list) turns off every ESLint rule, so
 * every rule here too, as ESLint itself reads it. Rules named that this tool does not mirror change nothing.
 */
export interface Suppressions {
  /** Whether a finding of `ruleId` that starts on `line` (0-based, as LineMap counts lines) is suppressed. */
  isSuppressed(ruleId: string, line: number): boolean;
  /** Whether the whole file is suppressed for `ruleId` (the rule need not run at all). */
  isFileSuppressed(ruleId: string): boolean;
}

/** The ESLint and oxlint rules whose findings ours repeat, by their names in those tools. */
export const MIRRORED_RULES: Readonly<Record<string, RuleId>> = {
  '@typescript-eslint/no-floating-promises': 'floating-promise',
  '@typescript-eslint/no-misused-promises': 'misused-promise',
  '@typescript-eslint/await-thenable': 'await-non-promise',
  'no-await-in-loop': 'sequential-await',
  'no-async-promise-executor': 'nested-run',
  'n/no-sync': 'blocking-call',
};

/** Names the same rules go by in oxlint (its plugin prefixes) and in older ESLint plugins. */
const ALIASES: Readonly<Record<string, string>> = {
  'typescript/no-floating-promises': '@typescript-eslint/no-floating-promises',
  'typescript/no-misused-promises': '@typescript-eslint/no-misused-promises',
  'typescript/await-thenable': '@typescript-eslint/await-thenable',
  'eslint/no-await-in-loop': 'no-await-in-loop',
  'eslint/no-async-promise-executor': 'no-async-promise-executor',
  'node/no-sync': 'n/no-sync',
};

const OWN_DIRECTIVE = /^\s*async-pitfalls-(disable-next-line|disable-line|disable)(?:\s+([^]*?))?\s*$/;
const FOREIGN_DIRECTIVE = /^\s*(?:eslint|oxlint)-(disable-next-line|disable-line|disable|enable)(?:\s+([^]*?))?\s*$/;
const ALL = '*';

export interface SuppressionOptions {
  /** Whether ESLint's and oxlint's comments count for the rules this tool mirrors. */
  honorEslintDisable: boolean;
}

export function parseSuppressions(sourceFile: ts.SourceFile, options: SuppressionOptions = { honorEslintDisable: true }): Suppressions {
  const text = sourceFile.text;
  const foreign = options.honorEslintDisable && (text.includes('eslint-') || text.includes('oxlint-'));
  // Cheap exit for the common case: no directive anywhere in the file.
  if (!foreign && !text.includes('async-pitfalls-disable')) return { isSuppressed: () => false, isFileSuppressed: () => false };

  const lines = lineMapOf(sourceFile);
  const byLine = new Map<number, Set<string>>();
  const wholeFile = new Set<string>();
  /**
   * `eslint-disable` blocks, one per rule named: from a line on, until an `eslint-enable` naming the
   * rule (or naming none) or the end of the file. A bare block's rules re-enabled by name are its `except`.
   */
  const regions: { rule: string; from: number; to: number; except: Set<string> }[] = [];
  const addToLine = (line: number, ruleList: readonly string[]) => {
    if (!byLine.has(line)) byLine.set(line, new Set());
    for (const rule of ruleList) byLine.get(line)!.add(rule);
  };

  for (const comment of collectComments(sourceFile)) {
    const body =
      comment.kind === ts.SyntaxKind.SingleLineCommentTrivia
        ? text.slice(comment.pos + 2, comment.end)
        : text.slice(comment.pos + 2, comment.end - 2);
    const { line } = lines.position(comment.pos);
    const own = OWN_DIRECTIVE.exec(body);
    if (own) {
      const ruleList = parseRuleList(own[2]);
      if (own[1] === 'disable') ruleList.forEach((rule) => wholeFile.add(rule));
      else addToLine(own[1] === 'disable-next-line' ? lines.position(comment.end).line + 1 : line, ruleList);
      continue;
    }
    const other = foreign ? FOREIGN_DIRECTIVE.exec(body) : null;
    if (!other) continue;
    const ruleList = mirroredRules(other[2]);
    if (ruleList.length === 0) continue;
    switch (other[1]) {
      case 'disable-next-line':
        addToLine(lines.position(comment.end).line + 1, ruleList);
        break;
      case 'disable-line':
        addToLine(line, ruleList);
        break;
      case 'disable':
        for (const rule of ruleList) regions.push({ rule, from: line, to: Number.POSITIVE_INFINITY, except: new Set() });
        break;
      case 'enable':
        for (const region of regions) {
          if (region.to !== Number.POSITIVE_INFINITY) continue;
          if (ruleList.includes(ALL) || ruleList.includes(region.rule)) region.to = line;
          else if (region.rule === ALL) ruleList.forEach((rule) => region.except.add(rule));
        }
        break;
    }
  }
  const covers = (set: Set<string> | undefined, ruleId: string) => set !== undefined && (set.has(ALL) || set.has(ruleId));
  // An `except` added by a later `eslint-enable` applies from that comment on; treating it as applying to
  // the whole block errs toward reporting, never toward hiding a finding.
  const inRegion = (ruleId: string, line: number, whole: boolean) =>
    regions.some(
      (region) =>
        (region.rule === ALL ? !region.except.has(ruleId) : region.rule === ruleId) &&
        (whole ? region.from === 0 && region.to === Number.POSITIVE_INFINITY : region.from <= line && line < region.to),
    );
  return {
    isSuppressed: (ruleId, line) => covers(wholeFile, ruleId) || covers(byLine.get(line), ruleId) || inRegion(ruleId, line, false),
    isFileSuppressed: (ruleId) => covers(wholeFile, ruleId) || inRegion(ruleId, 0, true),
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

/** Our rule ids for an ESLint or oxlint rule list: every rule for a bare directive, else the mirrored ones named. */
function mirroredRules(list: string | undefined): string[] {
  const named = parseRuleList(list);
  if (named.length === 1 && named[0] === ALL) return named;
  return named.map((name) => MIRRORED_RULES[ALIASES[name] ?? name]).filter((id): id is RuleId => id !== undefined);
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
