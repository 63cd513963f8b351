import type { ts } from '../typescript';
import type { RuleId } from './index';

/** The rule ids, derived from the rule registry (rules/index.ts): the one list of them. */
export type { RuleId };

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeverityOrOff = Severity | 'off';
export const SEVERITIES: readonly SeverityOrOff[] = ['off', 'hint', 'info', 'warning', 'error'];

/** A replacement of the text in [start, end) of the analyzed file. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * - `safe`: keeps the program's behaviour for every value the types admit (an async function passed for
 *   a void callback, `any`, `unknown` included), shown by running programs before and after the fix.
 *   The only kind applied in bulk (--fix, fix-all) and the only kind offered as the preferred fix.
 * - `unsafe`: changes behaviour (execution order, error handling, timing): a quick fix to review.
 * - `suppression`: hides the report without changing what is wrong (`void`, a disable comment): a quick
 *   fix only, never applied in bulk, never preferred.
 */
export type FixKind = 'safe' | 'unsafe' | 'suppression';

export interface FixMeta {
  /** The action, without its kind: `fixTitle` (engine/fixes) adds the label users see. */
  title: string;
  kind: FixKind;
}

export interface Fix extends FixMeta {
  id: string;
  edits: TextEdit[];
}

/** Describes one option: its default and how to validate a value a user wrote in a config file. */
export interface OptionSpec<T> {
  description: string;
  default: T;
  /** JSON schema of the option, shipped in the config file's schema. */
  schema: Record<string, unknown>;
  /** Returns an error message when the value is not acceptable. */
  validate(value: unknown): string | undefined;
}

export type OptionSpecs<O> = { [K in keyof O]: OptionSpec<O[K]> };

export interface RuleMeta<O, M extends string, F extends string> {
  /** The rule's id: its key in the registry (rules/index.ts), which test/registry.test.ts checks. */
  id: RuleId;
  /** One line, shown in docs, SARIF and the CLI's rule list. */
  description: string;
  /**
   * The rule's row in the README's rule table, in Markdown: what it finds, and its fixes with their kinds.
   * `npm run generate` writes the table from it.
   */
  summary: { finds: string; fixes: string };
  defaultSeverity: Severity;
  /** Whether the rule asks the type checker (syntax-only rules skip building a program). */
  needsTypes: boolean;
  /**
   * Whether the rule runs in the first look at a file of a big project (Linter.firstLook), where the
   * types from modules that the file's imports import are unknown (`any`). Only a rule that reports what
   * a type has (a promise, a blocking function), never what it lacks, stays right there.
   */
  firstLook: boolean;
  /**
   * For a rule that reads other files of the project than the analyzed one and what it imports (a
   * setting made once at start-up, how the project already imports a package): the facts it reads of a
   * file (by its `/`-separated name and text). Such a read must only ask whether some project file has
   * a fact (a fact naming its file stands for that file alone). The cache keys every file's findings on
   * the facts the project's files have, and a program of part of a project holds, for each fact, the
   * first file by name that has it; test/cacheKey.test.ts lists the rules that read so.
   */
  projectWide?: (fileName: string, text: string) => readonly string[];
  messages: Record<M, string>;
  options: OptionSpecs<O>;
  fixes: Record<F, FixMeta>;
  /** Short examples used in SARIF help; the doc page carries the full set (both are tested). */
  examples: { incorrect: string; correct: string };
}

export interface ReportDescriptor<M extends string, F extends string> {
  /** The node whose text is reported, or an explicit range. */
  node?: ts.Node;
  range?: { start: number; end: number };
  messageId: M;
  /** Values for `{{name}}` placeholders of the message. */
  data?: Record<string, string>;
  fixes?: { id: F; edits: TextEdit[] }[];
  /** Other places that explain the finding, in order (the calls through which a helper reaches a blocking call). */
  related?: { node: ts.Node; message: string; label: string }[];
  /**
   * TypeScript's own suggestion diagnostics report the same mistake at this place: where those are
   * shown (RuleEnvironment.typeScriptSuggestionsShown), the finding is left out.
   */
  typeScriptReportsIt?: boolean;
}

/**
 * Where the findings are shown. Rules do not read it: they mark the findings that depend on it (see
 * ReportDescriptor.typeScriptReportsIt), and the engine leaves those out where they are not shown, so
 * that a file's findings, as the cache keeps them, are the same for the CLI and the editor.
 */
export interface RuleEnvironment {
  /**
   * TypeScript's own suggestion diagnostics are shown beside ours (an editor running TypeScript's
   * language service): a finding that TypeScript reports too is left out. The CLI sets it false, as
   * nothing else reports there.
   */
  typeScriptSuggestionsShown: boolean;
}

export const CLI_ENVIRONMENT: RuleEnvironment = { typeScriptSuggestionsShown: false };

export interface RuleContext<O, M extends string, F extends string> {
  readonly ts: typeof ts;
  readonly sourceFile: ts.SourceFile;
  /** Created on first use: a rule that never asks for types never builds the program. */
  readonly checker: ts.TypeChecker;
  readonly program: ts.Program;
  readonly options: Readonly<O>;
  /**
   * Visits the nodes the rule checks, in document order: every node of the file, or, when an edit
   * changed only the body of one function, that function's nodes (the findings elsewhere are kept).
   * Questions about the rest of the file (names in use, other references) walk `sourceFile` itself.
   */
  forEachNodeInScope(visit: (node: ts.Node) => void): void;
  /** forEachNodeInScope for the nodes of the given kinds only: cheaper than testing each node's kind. */
  forEachNodeInScope(kinds: ReadonlySet<ts.SyntaxKind>, visit: (node: ts.Node) => void): void;
  report(descriptor: ReportDescriptor<M, F>): void;
}

export interface Rule<O = Record<string, never>, M extends string = string, F extends string = string> {
  meta: RuleMeta<O, M, F>;
  check(context: RuleContext<O, M, F>): void;
}

/** The erased shape the engine works with. */
export type AnyRule = Rule<any, string, string>;

/**
 * A rule as its file writes it: the id a plain string, as `RuleId` is derived from the registry that
 * holds the defined rules (asking for it here would make the types circular).
 */
export interface RuleDefinition<O, M extends string, F extends string> {
  meta: Omit<RuleMeta<O, M, F>, 'id'> & { id: string };
  check(context: RuleContext<O, M, F>): void;
}

/**
 * Keeps a rule's option, message and fix ids checked against each other at compile time. Its id becomes
 * a `RuleId`: test/registry.test.ts checks that each rule file's rule is registered under its own id.
 */
export function defineRule<O, M extends string, F extends string>(rule: RuleDefinition<O, M, F>): Rule<O, M, F> {
  return rule as Rule<O, M, F>;
}

/** A finding as the engine reports it, before suppressions and severities are applied. */
export interface Finding {
  ruleId: RuleId;
  messageId: string;
  severity: Severity;
  start: number;
  end: number;
  message: string;
  fixes: Fix[];
  /** Other places that explain the finding, in order; absent when there are none. */
  related?: RelatedLocation[];
  /** TypeScript's suggestions report the same (see ReportDescriptor.typeScriptReportsIt); absent otherwise. */
  typeScriptReportsIt?: true;
}

/**
 * A place in any file of the program that explains a finding. Its positions are taken when the finding
 * is made, since the file may be one that no later step of the analysis holds.
 */
export interface RelatedLocation {
  fileName: string;
  start: number;
  end: number;
  /** LSP positions (0-based lines, UTF-16 characters) of start and end. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  /** A short name of the step, for one-line output: `loadConfig()`, `fs.readFileSync`. */
  label: string;
}
