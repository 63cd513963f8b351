import type { Diagnostic } from 'vscode-languageserver';
import { collectFiles } from '../cli/files';
import type { SeverityOverrides } from '../config/config';
import type { Linter } from '../engine/linter';
import type { Logger } from '../engine/logger';
import { toDiagnostic } from './diagnostics';
import { fileUri } from './uris';

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
    let byProject: string[][];
    try {
      const projects = new Map<unknown, string[]>();
      for (const file of collectFiles(folders, (file) => this.linter.isIgnored(file))) {
        const project = this.linter.workspace.hostFor(file);
        if (!projects.has(project)) projects.set(project, []);
        projects.get(project)!.push(file);
      }
      byProject = [...projects.values()];
    } catch (error) {
      this.logger.warn(`Workspace diagnostics could not list the workspace files: ${String(error)}`);
      return;
    }
    const files = byProject.flat();
    const projectEnd: number[] = [];
    for (const group of byProject) projectEnd.push(...group.map(() => projectEnd.length + group.length));
    const run: Run = { files, projectEnd, next: 0, preloaded: 0, cancelled: false };
    this.run = run;
    this.callbacks.progress.begin('Async Pitfalls', `Analyzing ${files.length} files`).then(
      (progress) => {
        run.progress = progress;
        if (run.cancelled) progress.done();
      },
      (error: unknown) => this.logger.warn(`Progress reporting failed: ${String(error)}`),
    );
    this.scheduleSlice(run, 0);
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
    for (const uri of this.published) this.callbacks.publish(uri, []);
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
      run.progress?.done();
      this.run = undefined;
    }
  }

  private analyze(filePath: string): void {
    if (this.callbacks.isOpen(filePath)) return;
    try {
      const result = this.linter.lint(filePath, this.callbacks.severityOverrides());
      if (!result) return;
      const uri = fileUri(filePath);
      this.published.add(uri);
      this.callbacks.publish(uri, result.findings.map((finding) => toDiagnostic(result.sourceFile, finding)));
    } catch (error) {
      this.logger.error(`Background analysis of ${filePath} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
}
