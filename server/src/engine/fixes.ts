import { ts } from '../typescript';
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

/**
 * The title of a rule's fix ends with the rule's id, as ESLint's do, so that among fixes from several
 * tools (TypeScript's own, typescript-eslint's) the user sees which one this is. A title that names its
 * rule already (the disable comments) is given without one.
 */
export function fixTitle(fix: FixMeta, ruleId?: RuleId): string {
  return `${fix.title}${KIND_LABELS[fix.kind]}${ruleId ? ` (${ruleId})` : ''}`;
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

/** A fix left out because its result does not parse. */
export interface DroppedFix {
  ruleId: RuleId;
  /** The fix's title, as quick fixes and the report show it. */
  title: string;
  /** The first syntax error the fix would add. */
  reason: string;
}

/**
 * The syntax errors of a text as TypeScript's parser (and its grammar checks for JavaScript files)
 * finds them; the file name's extension picks the language. No type checking, no other file read.
 */
export function syntaxErrors(fileName: string, text: string): readonly ts.Diagnostic[] {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const options: ts.CompilerOptions = { noLib: true, noResolve: true, types: [], allowJs: true, jsx: ts.JsxEmit.Preserve };
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === fileName ? sourceFile : undefined),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => {},
    getCurrentDirectory: () => '',
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (name) => name === fileName,
    readFile: (name) => (name === fileName ? text : undefined),
  };
  return ts.createProgram({ rootNames: [fileName], options, host }).getSyntacticDiagnostics(sourceFile);
}

/** The first syntax error that `after` has and `before` has not (compared by code and message), if any. */
export function addedSyntaxError(fileName: string, before: string | readonly ts.Diagnostic[], after: string): string | undefined {
  const previous = typeof before === 'string' ? syntaxErrors(fileName, before) : before;
  const remaining = previous.map(describe);
  for (const diagnostic of syntaxErrors(fileName, after)) {
    const description = describe(diagnostic);
    const index = remaining.indexOf(description);
    if (index === -1) return description;
    remaining.splice(index, 1);
  }
  return undefined;
}

function describe(diagnostic: ts.Diagnostic): string {
  return `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
}

/**
 * The last gate before fixed text is written: applies the fixes, keeping only those after which the text
 * parses as well as before (each fix tried on top of the ones kept so far, in the given order).
 */
export function applyFixesThatParse(
  fileName: string,
  text: string,
  fixes: readonly { ruleId: RuleId; fix: Fix }[],
): { text: string; applied: Fix[]; dropped: DroppedFix[] } {
  const all = applyEdits(text, fixes.flatMap(({ fix }) => fix.edits));
  const baseline = syntaxErrors(fileName, text);
  if (fixes.length === 0 || addedSyntaxError(fileName, baseline, all) === undefined) return { text: all, applied: fixes.map(({ fix }) => fix), dropped: [] };
  const applied: Fix[] = [];
  const dropped: DroppedFix[] = [];
  let current = text;
  for (const { ruleId, fix } of fixes) {
    const candidate = applyEdits(text, [...applied, fix].flatMap((kept) => kept.edits));
    const reason = addedSyntaxError(fileName, baseline, candidate);
    if (reason === undefined) {
      applied.push(fix);
      current = candidate;
    } else {
      dropped.push({ ruleId, title: fix.title, reason });
    }
  }
  return { text: current, applied, dropped };
}
