import type { ts } from '../typescript';
import { ConfigResolver, withSeverityOverrides, type ConfigProblem, type RootFinder, type SeverityOverrides } from '../config/config';
import { Workspace } from '../project/workspace';
import { rules } from '../rules';
import type { Finding, RuleId } from '../rules/types';
import { Analyzer } from './analyzer';
import { applyEdits, nonOverlappingSafeFixes } from './fixes';
import { editScope, mergeFindings, outermostFunctions, type AnalyzedText } from './incremental';
import type { Logger } from './logger';

/** Fix passes per file: a fix may uncover another; the bound guarantees termination. */
const MAX_FIX_PASSES = 10;

export interface LintResult {
  filePath: string;
  /** The analyzed text, for turning offsets into lines and columns. */
  sourceFile: ts.SourceFile;
  findings: Finding[];
  configProblems: ConfigProblem[];
  /** Whether only the edited function was analyzed, the findings elsewhere carried over from `previous`. */
  partial: boolean;
  /** What a later analysis of an edited version needs to know of this one (see `lint`'s `previous`). */
  analyzed: AnalyzedText;
}

/** An earlier analysis of the same file, whose findings an edit confined to one function can reuse. */
export interface PreviousAnalysis {
  analyzed: AnalyzedText;
  findings: readonly Finding[];
}

/** The engine as the CLI and the language server use it: workspace model, config and rules together. */
export class Linter {
  readonly workspace: Workspace;
  readonly configs: ConfigResolver;
  private readonly analyzer: Analyzer;
  private readonly reportedUnreadable = new Set<string>();

  constructor(
    private readonly logger: Logger,
    /** `configRoot`: where the config lookup stops (default: the project root, see projectRootFinder). */
    options: { project?: string; loading?: 'eager' | 'lazy'; configRoot?: RootFinder } = {},
  ) {
    this.configs = new ConfigResolver({ rootOf: options.configRoot, logger });
    this.workspace = new Workspace(logger, options.project, options.loading);
    this.analyzer = new Analyzer(logger);
  }

  isIgnored(filePath: string): boolean {
    return this.configs.isIgnored(filePath);
  }

  /**
   * Lints one file (its open-document text if it is open). Undefined when the file cannot be read.
   * With `previous` (made with the same settings), an edit inside one function re-analyzes just that function.
   */
  lint(filePath: string, overrides: SeverityOverrides = {}, previous?: PreviousAnalysis): LintResult | undefined {
    const config = withSeverityOverrides(this.configs.forFile(filePath), overrides);
    const target = this.workspace.target(filePath);
    if (!target) {
      const reason = this.workspace.unreadableReason(filePath);
      if (reason && !this.reportedUnreadable.has(filePath)) {
        this.reportedUnreadable.add(filePath);
        this.logger.warn(`Skipped ${filePath}: ${reason}.`);
      }
      return undefined;
    }
    this.reportedUnreadable.delete(filePath);
    const { sourceFile } = target;
    const scope = previous && editScope(previous.analyzed, sourceFile);
    if (previous && scope) {
      const findings = mergeFindings(previous.findings, this.analyzer.analyze(target, config, scope.node), scope, sourceFile);
      if (findings) return { filePath, sourceFile, findings, configProblems: config.problems, partial: true, analyzed: analyzedText(sourceFile) };
    }
    const findings = this.analyzer.analyze(target, config);
    return { filePath, sourceFile, findings, configProblems: config.problems, partial: false, analyzed: analyzedText(sourceFile) };
  }

  /**
   * A quick, partial analysis of a file just opened in a big project, for its first diagnostics: the
   * file is analyzed in a program without the modules its imports import (ProjectHost.firstLookTarget),
   * by the rules whose findings stay right without those (RuleMeta.firstLook). Undefined when the file
   * needs no first look; a full `lint` follows it either way.
   */
  firstLook(filePath: string, overrides: SeverityOverrides = {}): LintResult | undefined {
    const target = this.workspace.firstLookTarget(filePath);
    if (!target) return undefined;
    const heldBack = Object.fromEntries(rules.filter((rule) => !rule.meta.firstLook).map((rule) => [rule.meta.id, 'off' as const]));
    const config = withSeverityOverrides(this.configs.forFile(filePath), { ...overrides, ...heldBack });
    const { sourceFile } = target;
    const findings = this.analyzer.analyze(target, config);
    return { filePath, sourceFile, findings, configProblems: config.problems, partial: false, analyzed: analyzedText(sourceFile) };
  }

  /**
   * The file's text with every safe fix applied (of the given rules only, when `rules` is set),
   * repeating until no such fix is left (so applying the result's fixes again changes nothing). The
   * workspace is left as it was. `remaining` is the analysis of the fixed text, unless the pass limit
   * was reached before it settled.
   */
  fixAll(
    filePath: string,
    overrides: SeverityOverrides = {},
    rules?: ReadonlySet<RuleId>,
  ): { original: string; fixed: string; remaining?: LintResult } | undefined {
    const target = this.workspace.target(filePath);
    if (!target) return undefined;
    const original = target.sourceFile.text;
    const wasOpen = this.workspace.isOpen(filePath);
    let fixed = original;
    let remaining: LintResult | undefined;
    try {
      for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
        const result = this.lint(filePath, overrides);
        const fixes = result ? nonOverlappingSafeFixes(result.findings, rules) : [];
        if (fixes.length === 0) {
          remaining = result;
          break;
        }
        fixed = applyEdits(fixed, fixes.flatMap((fix) => fix.edits));
        // The analysis the caller holds (and each pass's) keeps its tree: fix passes parse afresh.
        this.workspace.openDocument(filePath, fixed, 'keep-previous-tree');
      }
    } finally {
      if (wasOpen) this.workspace.openDocument(filePath, original, 'keep-previous-tree');
      else this.workspace.closeDocument(filePath);
    }
    return { original, fixed, remaining };
  }
}

/** What a later analysis of an edited version needs to know of this one (see `lint`'s `previous`). */
function analyzedText(sourceFile: ts.SourceFile): AnalyzedText {
  return { text: sourceFile.text, functions: outermostFunctions(sourceFile) };
}
