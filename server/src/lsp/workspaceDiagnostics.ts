import type { Diagnostic } from 'vscode-languageserver';
import { collectFiles } from '../project/files';
import type { SeverityOverrides } from '../config/config';
import type { Linter } from '../engine/linter';
import type { Logger } from '../base/logger';
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

interface Run {
  /** The files, project by project. */
  files: string[];
  /** For each index of `files`, where its project's files end. */
  projectEnd: number[];
  next: number;
  /**
   * Files parsed into their projects so far: a project's analysis starts once all its files are, so
   * they share one program; once they are analyzed, the project lets go of it (see ProjectHost.release),
   * so the run holds one project's program at a time.
   */
  preloaded: number;
  cancelled: boolean;
  /** Set when the last file is done; progress that begins after that ends at once. */
  finished: boolean;
  progress?: Awaited<ReturnType<ProgressReporter['begin']>>;
}

/**
 * Analyzes every file of the workspace folders in the background (the `workspaceDiagnostics`
 * setting), with progress, yielding to the message loop between slices. An edit pauses the run;
 * it resumes where it was once typing stops. Open files are left to the live analysis.
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
    this.begin(files);
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
      const pending = new Set(run.files.slice(run.next));
      this.append(run, again.filter((file) => !pending.has(file)));
    } else {
      this.begin(again);
    }
  }

  /** A deleted file: its diagnostics are withdrawn by the caller, and it is not published again. */
  forget(filePath: string): void {
    this.published.delete(filePath);
  }

  private begin(files: readonly string[]): void {
    const run: Run = { files: [], projectEnd: [], next: 0, preloaded: 0, cancelled: false, finished: false };
    this.append(run, files);
    this.run = run;
    this.callbacks.progress.begin('Async Pitfalls', `Analyzing ${run.files.length} files`).then(
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
  private append(run: Run, files: readonly string[]): void {
    const byProject = new Map<unknown, string[]>();
    for (const file of files) {
      const project = this.linter.workspace.hostFor(file);
      if (!byProject.has(project)) byProject.set(project, []);
      byProject.get(project)!.push(file);
    }
    for (const group of byProject.values()) {
      const end = run.files.length + group.length;
      run.files.push(...group);
      run.projectEnd.push(...group.map(() => end));
    }
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
    return this.run && !this.run.cancelled ? this.run.files.length - this.run.next : 0;
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
    const projectEnd = run.projectEnd[run.next];
    if (run.preloaded < projectEnd) {
      const upTo = Math.min(projectEnd, run.preloaded + FILES_PER_PRELOAD_SLICE);
      this.linter.workspace.preload(run.files.slice(run.preloaded, upTo));
      run.preloaded = upTo;
      run.progress?.report(Math.round((100 * run.next) / run.files.length), `Reading ${run.preloaded} of ${run.files.length} files`);
      this.scheduleSlice(run, 0);
      return;
    }
    const end = Math.min(projectEnd, run.next + FILES_PER_SLICE);
    for (; run.next < end; run.next++) this.analyze(run.files[run.next]);
    if (run.next === projectEnd) this.linter.workspace.releaseProjectOf(run.files[run.next - 1]);
    run.progress?.report(Math.round((100 * run.next) / Math.max(1, run.files.length)), `${run.next} of ${run.files.length} files`);
    if (run.next < run.files.length) {
      // setImmediate-like: let pending LSP messages (edits, code actions) run first.
      this.scheduleSlice(run, 0);
    } else {
      run.finished = true;
      run.progress?.done();
      this.run = undefined;
    }
  }

  private analyze(filePath: string): void {
    if (this.callbacks.isOpen(filePath)) return;
    try {
      const result = this.linter.lint(filePath, this.callbacks.severityOverrides());
      if (!result) return;
      this.published.add(filePath);
      this.callbacks.publish(fileUri(filePath), result.findings.map((finding) => toDiagnostic(result.sourceFile, finding, fileUri(filePath))));
    } catch (error) {
      this.logger.error(`Background analysis of ${filePath} failed: ${errorDetail(error)}`);
    }
  }
}
