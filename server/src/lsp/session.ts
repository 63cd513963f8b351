import * as path from 'node:path';
import type { ts } from '../typescript';
import {
  FileChangeType,
  type CodeAction,
  type Diagnostic, type CodeActionParams, type Connection, type FileEvent, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME, isWithin, projectRootFinder, workspaceRootFinder, type RootFinder } from '../config/config';
import { isLintableFile } from '../project/files';
import type { AnalyzedText } from '../engine/incremental';
import type { AnalysisError } from '../engine/analyzer';
import { Linter, type LintResult } from '../engine/linter';
import { escapeControlCharacters, type Logger } from '../base/logger';
import type { Finding, RuleId } from '../rules/types';
import type { ConfigFileParams, ConfigFileResult, ConfigProblemSource, FixAllParams, FixAllResult, RevalidateResult, RuleInfo, ServerStats } from '../protocol';
import { rules } from '../rules';
import { FIX_ALL_KIND, fixAllAction, quickFixes } from './codeActions';
import { toConfigDiagnostic, configProblemText, toDiagnostic, toOffsets } from './diagnostics';
import { AnalysisScheduler } from './scheduler';
import { DEFAULT_SETTINGS, readSettings, validateSettings, type SettingProblem, type Settings } from './settings';
import { StatusReporter } from './status';
import { documentPath, fileUri, localFilePath } from './uris';
import { WorkspaceDiagnostics, type ProgressReporter } from './workspaceDiagnostics';
import { CachedFindings } from './cachedFindings';
import { errorDetail, errorSummary } from '../base/errors';
import type { ProjectLoad } from '../project/workspace';

/** Delay after the last keystroke before the edited document is analyzed. */
const TYPING_DEBOUNCE_MS = 150;
/** Open documents that import the edited one are re-checked once the edit has settled. */
const DEPENDENT_DELAY_MS = 400;
/**
 * After an analysis of just the edited function, the whole file is analyzed again once typing pauses
 * this long: what the partial analysis carried over is confirmed, at a moment nobody waits for it.
 */
const CONFIRM_DELAY_MS = 1500;
const PROJECT_CONFIG_NAMES = new Set(['tsconfig.json', 'jsconfig.json']);
/** An analysis of an open file that takes longer than this is named in the output, with its time. */
const SLOW_ANALYSIS_MS = 1000;

interface Analysis {
  version: number;
  sourceFile: ts.SourceFile;
  findings: Finding[];
  analyzed: AnalyzedText;
  /**
   * Whether an edit of this document alone may reuse these findings outside the edited function.
   * Anything else that can change them (settings, config, files on disk, other documents) clears it.
   */
  reusable: boolean;
  /**
   * Taken from the findings cache, not confirmed yet: code actions wait for the live analysis, since the
   * cache is a file in the workspace, and its fixes are edits that nothing but the analysis vouches for.
   */
  fromCache: boolean;
}

/** The language server's state and behaviour; server.ts only wires LSP events to it. */
export class LanguageSession {
  private readonly linter: Linter;
  private readonly scheduler: AnalysisScheduler;
  /** Whole-file analyses that confirm partial ones; not counted as pending work, and typing postpones them. */
  private readonly confirmations: AnalysisScheduler;
  private readonly background: WorkspaceDiagnostics;
  private readonly cache: CachedFindings;
  private readonly status: StatusReporter;
  private readonly analyses = new Map<string, Analysis>();
  /** The open documents whose last analysis did not complete, with what did not: the status names them. */
  private readonly incomplete = new Map<string, readonly AnalysisError[]>();
  /** The diagnostics published on each config file with problems (as JSON, to publish only changes). */
  private readonly configDiagnostics = new Map<string, string>();
  /** Config files and their problems already written to the output, so repeated analyses do not repeat them. */
  private readonly loggedConfigProblems = new Set<string>();
  /** Projects whose loading the status announced before it began (see analyzeAndPublish). */
  private readonly announcedLoads = new Set<string>();
  /** Whether an open document is being analyzed now: only then do project loads show in the status. */
  private inForeground = false;
  /** What is wrong with the current asyncPitfalls.* settings. */
  private settingProblems: SettingProblem[] = [];
  /** The settings as last written to the output. */
  private loggedSettings = '';
  /** Set while config problems wait to be published after workspace diagnostics analyzed closed files. */
  private configProblemsTimer: NodeJS.Timeout | undefined;
  private settings: Settings = DEFAULT_SETTINGS;
  private readonly changedSinceDependentsCheck = new Set<string>();
  private dependentsTimer: NodeJS.Timeout | undefined;
  private workspaceFolders: string[] = [];
  private workspaceTrusted = true;
  /** Workspace diagnostics wait for the folders: the settings come first, with the initialize request. */
  private workspaceFoldersKnown = false;
  /** The folder above which no config applies (see workspaceRootFinder). */
  private readonly configRoot: RootFinder;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly logger: Logger,
    progress: ProgressReporter,
  ) {
    // A config above the workspace folders never applies (a planted one would silence every project below it).
    this.configRoot = workspaceRootFinder(() => this.workspaceFolders, projectRootFinder(undefined));
    // The editor shows TypeScript's own suggestions too: rules stand down where those say the same.
    this.linter = new Linter(logger, {
      loading: 'lazy',
      configRoot: this.configRoot,
      maxFileTime: DEFAULT_SETTINGS.maxFileTime,
      environment: { typeScriptSuggestionsShown: true },
    });
    this.status = new StatusReporter(connection);
    this.scheduler = new AnalysisScheduler(
      (uri) => this.analyzeAndPublish(uri),
      (uri, error) => {
        this.logger.error(`Analysis of ${uri} failed: ${errorDetail(error)}`);
        this.status.failed(`Analysis of ${uri} failed; see the output for details.`);
      },
    );
    this.confirmations = new AnalysisScheduler(
      (uri) => this.analyzeAndPublish(uri),
      (uri, error) => this.logger.error(`Analysis of ${uri} failed: ${errorDetail(error)}`),
    );
    this.linter.workspace.observeProjectLoads((load) => this.projectLoading(load));
    this.cache = new CachedFindings(this.linter, logger, {
      settings: () => this.settings,
      trusted: () => this.workspaceTrusted,
      workspaceFolders: () => this.workspaceFolders,
      openDocuments: () =>
        this.documents.all().flatMap((document) => {
          const filePath = pathOf(document);
          return filePath === undefined ? [] : [{ filePath, text: document.getText() }];
        }),
    });
    this.background = new WorkspaceDiagnostics(this.linter, logger, {
      publish: (uri, diagnostics) => {
        this.publish(uri, undefined, diagnostics);
        // Closed files have config files too: their problems show without an open file of theirs.
        this.configProblemsTimer ??= setTimeout(() => {
          this.configProblemsTimer = undefined;
          this.updateConfigProblems();
        }, DEPENDENT_DELAY_MS);
      },
      isOpen: (filePath) => this.documents.all().some((document) => pathOf(document) === filePath),
      severityOverrides: () => this.settings.rules,
      cache: this.cache,
      progress,
    });
  }

  /**
   * The folders of the initialize request: they bound the config lookup from the first analysis on (a
   * document opened before the settings arrive must not be analyzed under another config), while
   * workspace diagnostics wait for setWorkspaceFolders, after the settings.
   */
  initialWorkspaceFolders(folders: readonly string[]): void {
    this.workspaceFolders = [...folders];
  }

  setWorkspaceFolders(folders: readonly string[]): void {
    const changed = JSON.stringify(this.workspaceFolders) !== JSON.stringify(folders);
    this.workspaceFolders = [...folders];
    this.workspaceFoldersKnown = true;
    if (changed) {
      // The folders bound the config lookup: open documents may now have another config.
      this.linter.configs.invalidate();
      this.loggedConfigProblems.clear();
      this.forbidReuse();
      this.reanalyzeOpenDocuments(0);
    }
    if (this.settings.enable && this.settings.workspaceDiagnostics) this.background.start(this.workspaceFolders);
  }

  /** A client without workspace trust (most editors) never says false: their workspaces count as trusted. */
  setWorkspaceTrusted(trusted: boolean): void {
    this.workspaceTrusted = trusted;
  }

  updateSettings(raw: unknown): void {
    this.forbidReuse();
    const previous = this.settings;
    this.settings = readSettings(raw);
    this.reportSettingProblems(validateSettings(raw));
    // Clients re-send unchanged settings (at start, on unrelated changes): that must not trigger work.
    // Which rules fix-all covers is read when it runs: no analysis depends on it.
    const analysisSettings = (settings: Settings) => JSON.stringify({ ...settings, codeActionsOnSave: undefined });
    const described = JSON.stringify(this.settings);
    if (described !== this.loggedSettings) this.logger.info(`Settings applied: ${described}`);
    this.loggedSettings = described;
    if (analysisSettings(previous) === analysisSettings(this.settings)) return;
    this.linter.setMaxFileTime(this.settings.maxFileTime);
    if (!this.settings.enable || !this.settings.workspaceDiagnostics) this.background.stop();
    else if (!this.workspaceFoldersKnown) {
      // setWorkspaceFolders starts the run.
    } else if (!previous.enable || !previous.workspaceDiagnostics || JSON.stringify(previous.rules) !== JSON.stringify(this.settings.rules)) {
      this.background.start(this.workspaceFolders);
    }
    this.reanalyzeOpenDocuments(0);
  }

  /** Each new problem of the settings gets an output line naming the setting; the status lists the settings. */
  private reportSettingProblems(problems: SettingProblem[]): void {
    const before = new Set(this.settingProblems.map((problem) => `${problem.setting}\0${problem.message}`));
    for (const problem of problems) {
      if (!before.has(`${problem.setting}\0${problem.message}`)) this.logger.warn(escapeControlCharacters(`Setting ${problem.setting}: ${problem.message}`));
    }
    const changed = JSON.stringify(problems) !== JSON.stringify(this.settingProblems);
    this.settingProblems = problems;
    if (changed) this.updateConfigProblems();
  }

  changed(document: TextDocument): void {
    // A document with no local file (an encoded separator, a remote host, another scheme) is left alone.
    if (pathOf(document) === undefined) return;
    this.forbidReuse(document.uri);
    this.confirmations.cancel(document.uri);
    // Opening a document also reports a content change: the first analysis needs no debounce.
    if (!this.analyses.has(document.uri)) {
      this.scheduler.schedule(document.uri, 0);
      return;
    }
    this.background.pauseForEdit();
    if (this.settings.run !== 'onType') return;
    this.scheduler.schedule(document.uri, TYPING_DEBOUNCE_MS);
    this.scheduleDependents(document.uri);
  }

  /** After an edit settles, re-checks the other open files that import the edited one (directly or not). */
  private scheduleDependents(changedUri: string): void {
    this.changedSinceDependentsCheck.add(changedUri);
    if (this.dependentsTimer) clearTimeout(this.dependentsTimer);
    this.dependentsTimer = setTimeout(() => {
      this.dependentsTimer = undefined;
      const changed = [...this.changedSinceDependentsCheck]
        .map((uri) => this.documents.get(uri))
        .map((document) => document && pathOf(document))
        .filter((filePath): filePath is string => filePath !== undefined);
      this.changedSinceDependentsCheck.clear();
      this.syncOpenDocuments();
      this.scheduleOpenDependents(changed, 0);
    }, DEPENDENT_DELAY_MS);
  }

  /** Schedules the open documents that import one of `changed` (directly or not, by any kind of import). */
  private scheduleOpenDependents(changed: readonly string[], delayMs: number): void {
    if (changed.length === 0) return;
    try {
      const uriByPath = new Map<string, string>();
      for (const document of this.documents.all()) {
        const filePath = pathOf(document);
        if (filePath !== undefined && !this.linter.isIgnored(filePath)) uriByPath.set(filePath, document.uri);
      }
      for (const dependent of this.linter.workspace.dependentsOf(changed, [...uriByPath.keys()])) {
        this.scheduler.schedule(uriByPath.get(dependent)!, delayMs);
      }
    } catch (error) {
      this.logger.error(`Finding the files that depend on a change failed: ${errorDetail(error)}`);
    }
  }

  saved(document: TextDocument): void {
    if (this.settings.run === 'onSave') this.reanalyzeOpenDocuments(0, document.uri);
  }

  closed(document: TextDocument): void {
    this.forbidReuse();
    this.scheduler.cancel(document.uri);
    this.confirmations.cancel(document.uri);
    this.analyses.delete(document.uri);
    this.incomplete.delete(document.uri);
    const filePath = pathOf(document);
    if (filePath === undefined) return;
    this.linter.workspace.closeDocument(filePath);
    // With workspace diagnostics on, a closed file keeps its findings, now from its text on disk.
    const result =
      this.settings.enable && this.settings.workspaceDiagnostics && document.uri.startsWith('file:') && !this.linter.isIgnored(filePath)
        ? this.linter.lint(filePath, this.settings.rules)
        : undefined;
    const diagnostics = result ? result.findings.map((finding) => toDiagnostic(result.sourceFile, finding, document.uri)) : [];
    this.publish(document.uri, undefined, diagnostics);
  }

  /** Files changed outside the editor: saves from other tools, new and deleted files, config edits, branch switches. */
  watchedFilesChanged(changes: readonly FileEvent[]): void {
    this.forbidReuse();
    const created: string[] = [];
    const changedOnDisk: string[] = [];
    /** Changed on disk and not open: the open documents that import these see a difference. */
    const changedUnderOpenFiles: string[] = [];
    let projectsChanged = false;
    let configChanged = false;
    let changedGlobally = false;
    for (const change of changes) {
      const filePath = localFilePath(change.uri);
      if (filePath === undefined) continue;
      const name = path.basename(filePath);
      if (name === CONFIG_FILE_NAME) {
        this.linter.configs.invalidate();
        this.loggedConfigProblems.clear();
        configChanged = true;
      } else if (PROJECT_CONFIG_NAMES.has(name)) {
        projectsChanged = true;
      } else if (change.type === FileChangeType.Created) {
        if (isLintableFile(filePath)) created.push(filePath);
      } else {
        changedGlobally = this.linter.workspace.fileChangedOnDisk(filePath) || changedGlobally;
        changedOnDisk.push(filePath);
        // An open document's save changes nothing the open files see (they read its text already).
        if (!this.linter.workspace.isOpen(filePath)) changedUnderOpenFiles.push(filePath);
        if (change.type === FileChangeType.Deleted && !this.documents.get(change.uri)) {
          this.background.forget(filePath);
          this.publish(change.uri, undefined, []);
        }
      }
    }
    if (projectsChanged) {
      this.linter.workspace.reloadProjects();
      this.announcedLoads.clear();
    }
    else if (created.length > 0) this.linter.workspace.filesCreated(created);
    const background = this.settings.enable && this.settings.workspaceDiagnostics && this.workspaceFoldersKnown;
    if (projectsChanged || created.length > 0 || configChanged || changedGlobally) {
      // Module resolution, project membership, global declarations or rule settings may differ anywhere.
      this.reanalyzeOpenDocuments(DEPENDENT_DELAY_MS);
      if (background) this.background.start(this.workspaceFolders);
      return;
    }
    // Only the files that read a changed file can see a difference. Closed files analyzed in the
    // background catch up with the edits of an open document when it is saved.
    this.scheduleOpenDependents(changedUnderOpenFiles, DEPENDENT_DELAY_MS);
    if (background) this.background.refresh(changedOnDisk);
  }

  codeActions(params: CodeActionParams): CodeAction[] {
    const document = this.documents.get(params.textDocument.uri);
    if (!document) return [];
    const only = params.context.only;
    const wantsFixAll = only?.some((kind) => FIX_ALL_KIND === kind || FIX_ALL_KIND.startsWith(`${kind}.`)) ?? false;
    if (wantsFixAll) return this.fixAll(document);
    const analysis = this.currentAnalysis(document);
    if (!analysis) return [];
    const range = toOffsets(analysis.sourceFile, params.range);
    return quickFixes(document, analysis.sourceFile, analysis.findings, range.start, range.end, (dropped) =>
      this.logger.warn(`${analysis.sourceFile.fileName}: ${dropped.ruleId}: quick fix "${dropped.title}" not offered: its result would not parse (${dropped.reason})`),
    );
  }

  /** Counters for load tests and troubleshooting: nothing here should grow without bound. */
  stats(): ServerStats {
    // With --expose-gc (load tests), measure live memory rather than garbage not yet collected.
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    return {
      projects: this.linter.workspace.hosts().length,
      openDocuments: this.documents.all().length,
      cachedAnalyses: this.analyses.size,
      pendingAnalyses: this.scheduler.pending,
      heapUsedBytes: memory.heapUsed,
      rssBytes: memory.rss,
    };
  }

  /** The rules for a picker: id and one-line description. */
  rules(): RuleInfo[] {
    return rules.map((rule) => ({ id: rule.meta.id, description: rule.meta.description }));
  }

  dispose(): void {
    if (this.dependentsTimer) clearTimeout(this.dependentsTimer);
    if (this.configProblemsTimer) clearTimeout(this.configProblemsTimer);
    this.scheduler.dispose();
    this.confirmations.dispose();
    this.background.stop();
  }

  private fixAll(document: TextDocument): CodeAction[] {
    const action = this.fixAllAction(document, new Set(this.settings.codeActionsOnSave.rules));
    return action ? [action] : [];
  }

  /** The fix-all command: every safe fix of the document, of all rules (the on-save list limits only source.fixAll). */
  fixAllRequest(params: FixAllParams): FixAllResult {
    const document = this.documents.get(params.textDocument.uri);
    const action = document ? this.fixAllAction(document, undefined) : undefined;
    return { edit: action?.edit ?? null };
  }

  private fixAllAction(document: TextDocument, rules: ReadonlySet<RuleId> | undefined): CodeAction | undefined {
    if (!this.settings.enable) return undefined;
    const filePath = pathOf(document);
    if (filePath === undefined) return undefined;
    this.syncOpenDocuments();
    if (this.linter.isIgnored(filePath)) return undefined;
    const result = this.linter.fixAll(filePath, this.settings.rules, rules);
    for (const dropped of result?.dropped ?? []) {
      this.logger.warn(`${filePath}: ${dropped.ruleId}: fix "${dropped.title}" left out of fix-all: its result would not parse (${dropped.reason})`);
    }
    return result ? fixAllAction(document, result.fixed) : undefined;
  }

  /** Forgets config files and analyses, then analyzes every open document again (and the workspace, if on). */
  revalidate(): RevalidateResult {
    this.logger.info('Revalidating: config files are read again and every open file is analyzed again.');
    this.linter.configs.invalidate();
    this.loggedConfigProblems.clear();
    this.forbidReuse();
    this.reanalyzeOpenDocuments(0);
    if (this.settings.enable && this.settings.workspaceDiagnostics && this.workspaceFoldersKnown) this.background.start(this.workspaceFolders);
    return { files: this.documents.all().filter((document) => pathOf(document) !== undefined).length };
  }

  /** The config file that governs a document, and where a new one for it would go (its root). */
  configFile(params: ConfigFileParams): ConfigFileResult {
    const filePath = localFilePath(params.textDocument.uri);
    if (filePath === undefined) return { uri: null, createUri: null };
    const config = this.linter.configs.forFile(filePath);
    const root = this.configRoot(path.dirname(filePath));
    return {
      uri: config.file === undefined ? null : fileUri(config.file),
      createUri: fileUri(path.join(root, CONFIG_FILE_NAME)),
    };
  }

  /** The next analysis of every document but `except` covers the whole file (see Analysis.reusable). */
  private forbidReuse(except?: string): void {
    for (const [uri, analysis] of this.analyses) if (uri !== except) analysis.reusable = false;
  }

  private reanalyzeOpenDocuments(delayMs: number, firstUri?: string): void {
    if (firstUri) this.scheduler.schedule(firstUri, delayMs);
    for (const document of this.documents.all()) {
      if (document.uri !== firstUri) this.scheduler.schedule(document.uri, delayMs);
    }
  }

  /** The analysis of the document's current version, computed now if the cached one is stale. */
  private currentAnalysis(document: TextDocument): Analysis | undefined {
    const cached = this.analyses.get(document.uri);
    if (cached && cached.version === document.version && !cached.fromCache) return cached;
    return this.analyze(document);
  }

  /** Every open document overlays the disk, so a file sees the unsaved state of those it imports. */
  private syncOpenDocuments(): void {
    for (const open of this.documents.all()) {
      const filePath = pathOf(open);
      if (filePath !== undefined) this.linter.workspace.openDocument(filePath, open.getText());
    }
  }

  private analyze(document: TextDocument): Analysis | undefined {
    if (!this.settings.enable) return undefined;
    const filePath = pathOf(document);
    if (filePath === undefined) return undefined;
    this.syncOpenDocuments();
    if (this.linter.isIgnored(filePath)) return undefined;
    const cached = this.analyses.get(document.uri);
    // A file just opened in a big project gets a quick first look, and its complete analysis right after.
    // Better still, the findings cache may know its findings whole: the live analysis confirms them.
    const fromCache = cached ? undefined : this.fromCache(filePath, document);
    const firstLook = cached ? undefined : (fromCache ?? this.firstLook(filePath));
    const result = firstLook ?? this.linter.lint(filePath, this.settings.rules, cached?.reusable ? cached : undefined);
    const errors = result ? result.errors : [this.linter.skipped(filePath)].filter((error): error is AnalysisError => error !== undefined);
    if (errors.length > 0) this.incomplete.set(document.uri, errors);
    else this.incomplete.delete(document.uri);
    if (!result) return undefined;
    const analysis: Analysis = { version: document.version, sourceFile: result.sourceFile, findings: result.findings, analyzed: result.analyzed, reusable: !firstLook, fromCache: fromCache !== undefined };
    this.analyses.set(document.uri, analysis);
    if (firstLook) this.scheduler.schedule(document.uri, 0);
    if (result.partial) this.confirmations.schedule(document.uri, CONFIRM_DELAY_MS);
    return analysis;
  }

  /**
   * The first diagnostics of a document just opened, from the findings cache, while its project is not
   * loaded (loading it is what takes seconds). Quick fixes come from the live analysis (see Analysis.fromCache).
   */
  private fromCache(filePath: string, document: TextDocument): LintResult | undefined {
    if (!this.linter.workspace.needsLoad(filePath)) return undefined;
    const result = this.cache.firstFindings(filePath, document.getText());
    if (result) this.logger.info(`First diagnostics of ${filePath} from the findings cache (${plural(result.findings.length, 'finding')}); the live analysis follows.`);
    return result;
  }

  /** A first look must never cost the complete analysis: if it fails, that runs now instead. */
  private firstLook(filePath: string): LintResult | undefined {
    try {
      return this.linter.firstLook(filePath, this.settings.rules);
    } catch (error) {
      this.logger.error(`The first look at ${filePath} failed; analyzing it whole. ${errorDetail(error)}`);
      return undefined;
    }
  }

  private analyzeAndPublish(uri: string): void {
    const document = this.documents.get(uri);
    const filePath = document && pathOf(document);
    if (!document || filePath === undefined) return;
    if (this.announceLoad(uri, filePath)) return;
    const started = performance.now();
    this.status.analyzing(this.scheduler.pending + 1 + this.background.remainingFiles);
    this.inForeground = true;
    let analysis: Analysis | undefined;
    try {
      analysis = this.analyze(document);
    } finally {
      this.inForeground = false;
    }
    const elapsed = performance.now() - started;
    if (elapsed > SLOW_ANALYSIS_MS) this.logger.info(`Analyzed ${filePath} in ${Math.round(elapsed)} ms.`);
    const diagnostics = analysis ? analysis.findings.map((finding) => toDiagnostic(analysis.sourceFile, finding, uri)) : [];
    // The config's problems first: whoever sees the file's diagnostics sees what shaped them.
    this.updateConfigProblems();
    this.publish(uri, document.version, diagnostics);
    if (this.scheduler.pending > 0) return;
    const [incompleteUri, errors] = this.settings.enable ? ([...this.incomplete].find(([other]) => this.documents.get(other)) ?? []) : [];
    if (incompleteUri && errors) this.status.incomplete(incompleteMessage(errors, this.incomplete.size));
    else this.status.ready(performance.now() - started, this.settings.enable);
  }

  /** A path relative to the workspace folder that holds it (the innermost), else the path itself. */
  private displayName(filePath: string): string {
    const folder = this.workspaceFolders.filter((candidate) => isWithin(candidate, filePath)).sort((a, b) => b.length - a.length)[0];
    return folder === undefined ? filePath : path.relative(folder, filePath).split(path.sep).join('/');
  }

  /**
   * Before the analysis that loads a project (its first program: seconds in a big one), the status says
   * so, and the analysis runs in the next task: the notification leaves first, whatever the transport.
   * True when the analysis was put off.
   */
  private announceLoad(uri: string, filePath: string): boolean {
    if (!this.settings.enable || this.linter.isIgnored(filePath) || !this.linter.workspace.needsLoad(filePath)) return false;
    const { project, includedFiles } = this.linter.workspace.projectOf(filePath);
    // An inferred project (no tsconfig) does not know its size up front: its loading shows as it goes.
    if (includedFiles === undefined || this.announcedLoads.has(project)) return false;
    this.announcedLoads.add(project);
    this.status.loading({ project, loadedFiles: 0, totalFiles: includedFiles });
    this.scheduler.schedule(uri, 0);
    return true;
  }

  /** A project load in progress shows in the status (during an open file's analysis); a finished one is logged. */
  private projectLoading(load: ProjectLoad): void {
    if (!load.done) {
      if (this.inForeground) this.status.loading({ project: load.project, loadedFiles: load.projectFiles, totalFiles: load.includedFiles ?? load.projectFiles });
      return;
    }
    const files =
      load.includedFiles === undefined ? `inferred project, ${plural(load.projectFiles, 'source file')}` : `${plural(load.includedFiles, 'file')} included, ${load.projectFiles} read so far`;
    this.logger.info(escapeControlCharacters(`Loaded project ${load.project} (${files}; ${load.done.programFiles} files with libraries and declarations) in ${Math.round(load.done.ms)} ms.`));
    if (this.inForeground) this.status.analyzing(this.scheduler.pending + 1 + this.background.remainingFiles);
  }

  /**
   * Publishes the problems of the config files read so far as diagnostics on each file (clearing those
   * of a file mended or deleted), logs each problem once, and tells the status which config files and
   * settings have problems. A file published before is read again if the cache dropped it since.
   */
  private updateConfigProblems(): void {
    const files = new Set([...this.linter.configs.loaded().map((config) => config.file!), ...this.configDiagnostics.keys()]);
    const withProblems: ConfigProblemSource[] = [];
    for (const file of [...files].sort()) {
      const config = this.linter.configs.forDirectory(path.dirname(file));
      const problems = config.file === file ? config.problems : [];
      const uri = fileUri(file);
      if (problems.length > 0) withProblems.push({ kind: 'file', uri, name: this.displayName(file), problems: problems.length });
      if (config.file === file && !this.loggedConfigProblems.has(file)) {
        this.loggedConfigProblems.add(file);
        const count = problems.length === 0 ? 'no problems' : `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
        this.logger.info(escapeControlCharacters(`Read config file ${file} (${count}).`));
      }
      for (const problem of problems) {
        const key = `${file}\0${problem.key}\0${problem.message}`;
        if (this.loggedConfigProblems.has(key)) continue;
        this.loggedConfigProblems.add(key);
        const where = problem.range ? `:${problem.range.start.line + 1}:${problem.range.start.character + 1}` : '';
        this.logger.warn(escapeControlCharacters(`${file}${where}: ${configProblemText(problem)} (the other settings still apply)`));
      }
      const diagnostics = problems.map(toConfigDiagnostic);
      const published = JSON.stringify(diagnostics);
      if ((this.configDiagnostics.get(file) ?? '[]') === published) continue;
      if (problems.length > 0) this.configDiagnostics.set(file, published);
      else this.configDiagnostics.delete(file);
      this.publish(uri, undefined, diagnostics);
    }
    const bySetting = new Map<string, number>();
    for (const problem of this.settingProblems) bySetting.set(problem.setting, (bySetting.get(problem.setting) ?? 0) + 1);
    for (const [setting, problems] of bySetting) withProblems.push({ kind: 'setting', setting, problems });
    this.status.setConfigProblems(withProblems);
  }

  private publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    this.connection
      .sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics })
      .catch((error: unknown) => this.logger.warn(`Could not publish diagnostics for ${uri}: ${errorSummary(error)}`));
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The file path of a document, or undefined for one the server leaves alone (see documentPath). */
function pathOf(document: TextDocument): string | undefined {
  return documentPath(document.uri, document.languageId);
}

/** The status line's words for an open file whose analysis did not complete (and how many others). */
function incompleteMessage(errors: readonly AnalysisError[], files: number): string {
  const first = errors[0];
  const others = files > 1 ? ` (and ${files - 1} other open file${files === 2 ? '' : 's'})` : '';
  return `Analysis of ${path.basename(first.file)} did not complete${others}: ${first.rule ? `${first.rule}: ` : ''}${first.reason}`;
}
