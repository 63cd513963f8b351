import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { collectFiles } from '../project/files';
import type { SeverityOverrides } from '../config/config';
import type { Linter } from '../engine/linter';
import type { Finding } from '../rules/types';
import type { Logger } from '../base/logger';
import type { LintCache } from '../engine/cache';
import type { CachedFindings } from './cachedFindings';
import { toDiagnostic } from './diagnostics';
import { fileUri } from './uris';
import { errorDetail, errorSummary } from '../base/errors';

/** How long edits must pause before a background run resumes: typing has priority. */
const RESUME_AFTER_EDIT_MS = 1500;
/** Files analyzed per macrotask: small enough that LSP messages are answered in between. */
const FILES_PER_SLICE = 4;
/** Files parsed per macrotask before the analysis starts. */
const FILES_PER_PRELOAD_SLICE = 50;

export interface ProgressReporter {
  begin(title: string, message: string): Promise<{ report(percentage: number, message: string): void; done(): void; cancelled(): boolean }>;
}

/** The files of one project in a run: analyzed together, so they share one program, which is then let go of. */
interface Group {
  files: string[];
  /** The next file to analyze, an index of plan.toAnalyze. */
  next: number;
  done: boolean;
  /**
   * Whether the group holds every file of the workspace folders in its project. An inferred project holds
   * the files of the run, and the cache's keys count them: a group of some of them does not use the cache.
   */
  everyFile: boolean;
  /** Set on the group's first slice: the files to analyze (the others came from the cache) and what to parse first. */
  plan?: { cache?: LintCache; toAnalyze: string[]; toPreload: string[]; preloaded: number; recorded: number; fromCache: number };
}

interface Run {
  groups: Group[];
  /** The group under way. */
  group: number;
  cancelled: boolean;
  /** Set when the last file is done; progress that begins after that ends at once. */
  finished: boolean;
  progress?: Awaited<ReturnType<ProgressReporter['begin']>>;
}

/**
 * Analyzes every file of the workspace folders in the background (the `workspaceDiagnostics`
 * setting), with progress, yielding to the message loop between slices. An edit pauses the run;
 * it resumes where it was once typing stops. Open files are left to the live analysis.
 *
 * With the findings cache (lsp/cachedFindings.ts), a project's files whose entries are valid are
 * published from it, the others analyzed in a program of just what they need (as the CLI's cached run
 * does, see lintWithCache), and the cache is written before the project's program is let go of.
 */
export class WorkspaceDiagnostics {
  private run: Run | undefined;
  private resumeTimer: NodeJS.Timeout | undefined;
  /** The files whose diagnostics this analysis published (closed files of the workspace folders). */
  private readonly published = new Set<string>();

  constructor(
    private readonly linter: Linter,
    private readonly logger: Logger,
    private readonly callbacks: {
      publish(uri: string, diagnostics: Diagnostic[]): void;
      isOpen(filePath: string): boolean;
      severityOverrides(): SeverityOverrides;
      /** The findings cache for a project's files, when it may be used now. */
      cache: CachedFindings;
      progress: ProgressReporter;
    },
  ) {}

  /** Starts (or restarts) a run over the folders' files. */
  start(folders: readonly string[]): void {
    this.cancel();
    let files: string[];
    try {
      files = collectFiles(folders, (file, named) => this.linter.isIgnored(file, named));
    } catch (error) {
      this.logger.warn(`Workspace diagnostics could not list the workspace files: ${errorSummary(error)}`);
      return;
    }
    this.begin(files, true);
  }

  /**
   * Files changed on disk: those this analysis published, and those of them that import a changed file
   * (directly or not), are analyzed again. A run under way takes them on; otherwise a run of just them starts.
   */
  refresh(changed: readonly string[]): void {
    if (changed.length === 0 || this.published.size === 0) return;
    const analyzed = [...this.published];
    let again: string[];
    try {
      again = [...new Set([...changed.filter((file) => this.published.has(file)), ...this.linter.workspace.dependentsOf(changed, analyzed)])];
    } catch (error) {
      this.logger.error(`Finding the files that depend on a change on disk failed: ${errorDetail(error)}`);
      again = analyzed;
    }
    if (again.length === 0) return;
    const run = this.run;
    if (run && !run.cancelled) {
      const pending = new Set(run.groups.slice(run.group).flatMap((group) => (group.plan ? group.plan.toAnalyze.slice(group.next) : group.files)));
      this.append(run, again.filter((file) => !pending.has(file)), false);
    } else {
      this.begin(again, false);
    }
  }

  /** A deleted file: its diagnostics are withdrawn by the caller, and it is not published again. */
  forget(filePath: string): void {
    this.published.delete(filePath);
  }

  private begin(files: readonly string[], everyFile: boolean): void {
    const run: Run = { groups: [], group: 0, cancelled: false, finished: false };
    this.append(run, files, everyFile);
    this.run = run;
    this.callbacks.progress.begin('Async Pitfalls', `Analyzing ${totalFiles(run)} files`).then(
      (progress) => {
        run.progress = progress;
        // The client answers the progress request after the run may have ended (a small or empty one).
        if (run.cancelled || run.finished) progress.done();
      },
      (error: unknown) => this.logger.warn(`Progress reporting failed: ${errorSummary(error)}`),
    );
    this.scheduleSlice(run, 0);
  }

  /** Adds files to a run, grouped by project, so each project's program is let go of once its files are done. */
  private append(run: Run, files: readonly string[], everyFile: boolean): void {
    const byProject = new Map<unknown, string[]>();
    for (const file of files) {
      const project = this.linter.workspace.hostFor(file);
      if (!byProject.has(project)) byProject.set(project, []);
      byProject.get(project)!.push(file);
    }
    for (const files of byProject.values()) run.groups.push({ files, next: 0, done: false, everyFile });
  }

  /** An edit arrived: pause the run, resume after a quiet period from where it stopped. */
  pauseForEdit(): void {
    const run = this.run;
    if (!run || run.cancelled) return;
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => this.scheduleSlice(run, 0), RESUME_AFTER_EDIT_MS);
  }

  /** Stops the run and withdraws the diagnostics it published for files that are not open. */
  stop(): void {
    this.cancel();
    for (const filePath of this.published) this.callbacks.publish(fileUri(filePath), []);
    this.published.clear();
  }

  get remainingFiles(): number {
    const run = this.run;
    return run && !run.cancelled ? totalFiles(run) - doneFiles(run) : 0;
  }

  private cancel(): void {
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.resumeTimer = undefined;
    if (this.run) {
      this.run.cancelled = true;
      this.run.progress?.done();
    }
    this.run = undefined;
  }

  private scheduleSlice(run: Run, delayMs: number): void {
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = undefined;
      this.slice(run);
    }, delayMs);
  }

  private slice(run: Run): void {
    if (run.cancelled || run !== this.run) return;
    if (run.progress?.cancelled()) {
      this.cancel();
      return;
    }
    const group = run.groups[run.group];
    const plan = (group.plan ??= this.plan(group));
    if (plan.preloaded < plan.toPreload.length) {
      const upTo = Math.min(plan.toPreload.length, plan.preloaded + FILES_PER_PRELOAD_SLICE);
      this.linter.workspace.preload(plan.toPreload.slice(plan.preloaded, upTo));
      plan.preloaded = upTo;
      if (plan.preloaded === plan.toPreload.length) this.completeLibrary(plan);
      run.progress?.report(this.percentage(run), `Reading ${plan.preloaded} of ${plan.toPreload.length} files`);
      this.scheduleSlice(run, 0);
      return;
    }
    const end = Math.min(plan.toAnalyze.length, group.next + FILES_PER_SLICE);
    for (; group.next < end; group.next++) this.analyze(plan.toAnalyze[group.next], plan);
    if (group.next === plan.toAnalyze.length) {
      this.finishGroup(group, plan);
      group.done = true;
      run.group++;
    }
    run.progress?.report(this.percentage(run), `${doneFiles(run)} of ${totalFiles(run)} files`);
    if (run.group < run.groups.length) {
      // setImmediate-like: let pending LSP messages (edits, code actions) run first.
      this.scheduleSlice(run, 0);
    } else {
      run.finished = true;
      run.progress?.done();
      this.run = undefined;
    }
  }

  private percentage(run: Run): number {
    return Math.round((100 * doneFiles(run)) / Math.max(1, totalFiles(run)));
  }

  /**
   * A project's files: those with valid cache entries are published now; the others are analyzed in a
   * program of what they need (the whole project without the cache, or when the cache knows nothing of it).
   */
  private plan(group: Group): NonNullable<Group['plan']> {
    const plan = { cache: undefined as LintCache | undefined, toAnalyze: group.files, toPreload: group.files, preloaded: 0, recorded: 0, fromCache: 0 };
    try {
      const host = this.linter.workspace.hostFor(group.files[0]);
      if (!group.everyFile && host.kind === 'inferred') return plan;
      const cache = this.callbacks.cache.open(group.files[0]);
      if (!cache) return plan;
      const hits = cache.lookup(group.files);
      const overrides = this.callbacks.severityOverrides();
      const toAnalyze: string[] = [];
      for (const file of group.files) {
        const hit = hits.get(file);
        const result = hit && this.linter.fromCache(hit, overrides);
        if (!hit || !result) toAnalyze.push(file);
        else if (!this.callbacks.isOpen(file)) {
          plan.fromCache++;
          this.publishFindings(file, { fileName: file.split(path.sep).join('/'), text: hit.text }, result.findings);
        }
      }
      const partial = toAnalyze.length > 0 && this.linter.workspace.loadsLazily && host.kind === 'configured';
      // As in a run without the cache, every file of an inferred project joins it before the first analysis.
      return { ...plan, cache, toAnalyze, toPreload: partial ? [...new Set([...toAnalyze, ...cache.companions(host)])].sort() : toAnalyze.length > 0 ? group.files : [] };
    } catch (error) {
      this.logger.error(`Reading the findings cache for ${group.files[0]} failed; its project is analyzed without it. ${errorDetail(error)}`);
      return plan;
    }
  }

  /** Packages that only files taken from the cache bring in would be missing: then the program holds the whole project (see lintWithCache). */
  private completeLibrary(plan: NonNullable<Group['plan']>): void {
    if (!plan.cache || plan.toAnalyze.length === 0) return;
    const host = this.linter.workspace.hostFor(plan.toAnalyze[0]);
    try {
      if (host.kind === 'configured' && !plan.cache.holdsLibrary(host, host.getProgram())) this.linter.workspace.preload(host.includedFileNames());
    } catch (error) {
      this.logger.error(`Completing the program of ${host.key} failed: ${errorDetail(error)}`);
    }
  }

  /** The project is done: its fresh analyses go into the cache, and the project lets go of its program. */
  private finishGroup(group: Group, plan: NonNullable<Group['plan']>): void {
    const last = group.files[group.files.length - 1];
    if (plan.cache && (plan.fromCache > 0 || plan.recorded > 0)) {
      const project = this.linter.workspace.hostFor(last).key;
      this.logger.info(`Workspace diagnostics of ${project}: ${plan.fromCache} files from the findings cache, ${plan.toAnalyze.length} analyzed.`);
    }
    // The analyses read the open documents: once one differs from its file, they are not the files' findings.
    if (plan.cache && plan.recorded > 0 && !this.callbacks.cache.hasUnsavedDocuments()) {
      try {
        plan.cache.save();
      } catch (error) {
        this.logger.error(`Writing the findings cache failed: ${errorDetail(error)}`);
      }
    }
    if (plan.toAnalyze.length > 0) this.linter.workspace.releaseProjectOf(last);
  }

  private analyze(filePath: string, plan: NonNullable<Group['plan']>): void {
    if (this.callbacks.isOpen(filePath)) return;
    try {
      const overrides = this.callbacks.severityOverrides();
      const result = this.linter.lint(filePath, overrides);
      if (!result) return;
      // The cache keeps a config's findings: with overrides that change them, nothing is recorded.
      if (plan.cache && !result.partial && this.linter.overridesChangeNothing(filePath, overrides)) {
        plan.cache.record(result);
        plan.recorded++;
      }
      this.publishFindings(filePath, result.sourceFile, result.findings);
    } catch (error) {
      this.logger.error(`Background analysis of ${filePath} failed: ${errorDetail(error)}`);
    }
  }

  /** `file`: the analyzed text, and its name as the program has it (related places in it point to the file's URI). */
  private publishFindings(filePath: string, file: { fileName: string; text: string }, findings: readonly Finding[]): void {
    this.published.add(filePath);
    this.callbacks.publish(fileUri(filePath), findings.map((finding) => toDiagnostic(file, finding, fileUri(filePath))));
  }
}

function totalFiles(run: Run): number {
  return run.groups.reduce((sum, group) => sum + group.files.length, 0);
}

function doneFiles(run: Run): number {
  return run.groups.reduce((sum, group) => sum + (group.done ? group.files.length : group.plan ? group.next + group.files.length - group.plan.toAnalyze.length : 0), 0);
}
