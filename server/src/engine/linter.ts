import type { ts } from 'ts-morph';
import { ConfigResolver, withSeverityOverrides, type ConfigProblem, type SeverityOverrides } from '../config/config';
import { Workspace } from '../project/workspace';
import type { Finding } from '../rules/types';
import { Analyzer } from './analyzer';
import type { Logger } from './logger';

export interface LintResult {
  filePath: string;
  /** The analyzed text, for turning offsets into lines and columns. */
  sourceFile: ts.SourceFile;
  findings: Finding[];
  configProblems: ConfigProblem[];
}

/** The engine as the CLI and the language server use it: workspace model, config and rules together. */
export class Linter {
  readonly workspace: Workspace;
  readonly configs = new ConfigResolver();
  private readonly analyzer: Analyzer;

  constructor(logger: Logger, options: { project?: string } = {}) {
    this.workspace = new Workspace(logger, options.project);
    this.analyzer = new Analyzer(logger);
  }

  isIgnored(filePath: string): boolean {
    return this.configs.forFile(filePath).isIgnored(filePath);
  }

  /** Lints one file (its open-document text if it is open). Undefined when the file cannot be read. */
  lint(filePath: string, overrides: SeverityOverrides = {}): LintResult | undefined {
    const config = withSeverityOverrides(this.configs.forFile(filePath), overrides);
    const target = this.workspace.target(filePath);
    if (!target) return undefined;
    const findings = this.analyzer.analyze(target, config);
    return { filePath, sourceFile: target.sourceFile, findings, configProblems: config.problems };
  }
}
