import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ts } from '../typescript';
import type { AnalysisTarget } from '../base/analysisTarget';
import type { Logger } from '../base/logger';
import { errorSummary } from '../base/errors';
import { filesImporting } from './dependencies';
import { isOwnSourcePath } from './files';
import { ProjectHost } from './projectHost';

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

/** A project's first program being built: reported while files are read, and once more when it is done. */
export interface ProjectLoad {
  /** The tsconfig.json/jsconfig.json, or the folder of an inferred project. */
  project: string;
  /** Files of the project itself read so far (not lib files, nor the declarations of packages). */
  projectFiles: number;
  /** Files the project's config includes; undefined for an inferred project. */
  includedFiles: number | undefined;
  /** Once the program is built: how many files it holds in all, and how long it took. */
  done?: { programFiles: number; ms: number };
}

/** How often a load in progress is reported. */
const LOAD_REPORT_INTERVAL_MS = 250;

/**
 * The workspace model: which project each file belongs to. A file belongs to the nearest
 * tsconfig.json/jsconfig.json up the tree that includes it, else to the inferred project of its
 * package (the nearest directory with a package.json). Projects are created once and updated in place.
 */
export class Workspace {
  private readonly configured = new Map<string, ProjectHost | null>();
  private readonly inferred = new Map<string, ProjectHost>();
  private readonly hostByFile = new Map<string, ProjectHost>();
  private readonly absentConfigs = new Set<string>();
  /** The text of every open document: all projects read a file that is open from here, not from disk. */
  private readonly openTexts = new Map<string, string>();
  private onProjectLoad: ((load: ProjectLoad) => void) | undefined;

  constructor(
    private readonly logger: Logger,
    /** A tsconfig that every file uses (the CLI's --project). */
    private readonly explicitConfig?: string,
    /** Eager for batch runs over every file; lazy for an editor that needs the open files first. */
    private readonly loading: 'eager' | 'lazy' = 'eager',
  ) {}

  /** Whether a configured project's programs hold only the files asked for and what they import (see ProjectHost.configured). */
  get loadsLazily(): boolean {
    return this.loading === 'lazy';
  }

  /** Parses the given files into their projects before a batch analysis of them (see ProjectHost.preload). */
  preload(filePaths: readonly string[]): void {
    const byHost = new Map<ProjectHost, string[]>();
    for (const filePath of filePaths) {
      const host = this.hostFor(filePath);
      if (!byHost.has(host)) byHost.set(host, []);
      byHost.get(host)!.push(filePath);
    }
    for (const [host, files] of byHost) host.preload(files);
  }

  /** The project that owns the file, created on first use. */
  hostFor(filePath: string): ProjectHost {
    const known = this.hostByFile.get(filePath);
    if (known) return known;
    const host = this.findHost(filePath);
    this.hostByFile.set(filePath, host);
    return host;
  }

  target(filePath: string): AnalysisTarget | undefined {
    const host = this.hostFor(filePath);
    const target = host.target(filePath);
    return target && this.onProjectLoad && !host.hasProgram ? { ...target, getProgram: () => this.loadObserved(host, target) } : target;
  }

  /** Listens to the loading of projects (their first program): the editor shows it and logs it. */
  observeProjectLoads(listener: ((load: ProjectLoad) => void) | undefined): void {
    this.onProjectLoad = listener;
  }

  /** Whether analyzing the file will load its project first (build the project's first program). */
  needsLoad(filePath: string): boolean {
    return !this.hostFor(filePath).hasProgram;
  }

  /** The project that a file's analysis loads: the tsconfig/jsconfig or folder, and the files its config includes. */
  projectOf(filePath: string): { project: string; includedFiles: number | undefined } {
    const host = this.hostFor(filePath);
    return { project: host.key, includedFiles: host.kind === 'configured' ? host.includedFileCount : undefined };
  }

  private loadObserved(host: ProjectHost, target: AnalysisTarget): ts.Program {
    const listener = this.onProjectLoad;
    if (host.hasProgram || !listener) return target.getProgram();
    const started = performance.now();
    let lastReport = started;
    let projectFiles = 0;
    const includedFiles = host.kind === 'configured' ? host.includedFileCount : undefined;
    host.onFileRead = (filePath) => {
      if (!isProjectFile(host, filePath)) return;
      projectFiles++;
      const now = performance.now();
      if (now - lastReport < LOAD_REPORT_INTERVAL_MS) return;
      lastReport = now;
      listener({ project: host.key, projectFiles, includedFiles });
    };
    try {
      const program = target.getProgram();
      listener({ project: host.key, projectFiles, includedFiles, done: { programFiles: program.getSourceFiles().length, ms: performance.now() - started } });
      return program;
    } finally {
      host.onFileRead = undefined;
    }
  }

  /** See ProjectHost.firstLookTarget. */
  firstLookTarget(filePath: string): AnalysisTarget | undefined {
    return this.hostFor(filePath).firstLookTarget(filePath);
  }

  /**
   * The files among `candidates` that import one of `changed` (directly or not, by any kind of import),
   * each judged by its own project's program. Projects that hold no candidate are not looked at.
   */
  dependentsOf(changed: readonly string[], candidates: readonly string[]): string[] {
    const changedFiles = new Set(changed);
    const byHost = new Map<ProjectHost, string[]>();
    for (const candidate of candidates) {
      if (changedFiles.has(candidate)) continue;
      const host = this.hostByFile.get(candidate);
      if (!host || host.target(candidate) === undefined) continue;
      if (!byHost.has(host)) byHost.set(host, []);
      byHost.get(host)!.push(candidate);
    }
    const result: string[] = [];
    for (const [host, files] of byHost) {
      const reaching = filesImporting(host.getProgram(), changedFiles);
      result.push(...files.filter((file) => reaching.has(file)));
    }
    return result;
  }

  /** See ProjectHost.discardChecker. */
  discardChecker(filePath: string): void {
    this.hostByFile.get(filePath)?.discardChecker();
  }

  unreadableReason(filePath: string): string | undefined {
    return this.hostByFile.get(filePath)?.unreadableReason(filePath);
  }

  /**
   * Sets an open document's text: its own project takes it as a root, and every other project that has
   * read the file takes the new text too. See ProjectHost.setOverlay for `reuseTree`.
   */
  openDocument(filePath: string, text: string, reuseTree: 'reuse-previous-tree' | 'keep-previous-tree' = 'reuse-previous-tree'): void {
    const owner = this.hostFor(filePath);
    const unchanged = this.openTexts.get(filePath) === text;
    this.openTexts.set(filePath, text);
    owner.setOverlay(filePath, text, reuseTree);
    if (unchanged) return;
    for (const host of this.hosts()) if (host !== owner) host.openTextChanged(filePath, reuseTree);
  }

  isOpen(filePath: string): boolean {
    return this.hostByFile.get(filePath)?.hasOverlay(filePath) ?? false;
  }

  closeDocument(filePath: string): void {
    if (!this.openTexts.delete(filePath)) return;
    const owner = this.hostByFile.get(filePath);
    owner?.removeOverlay(filePath);
    for (const host of this.hosts()) if (host !== owner) host.openTextChanged(filePath);
  }

  /** See ProjectHost.release: the project of the file lets go of what it keeps for files that are not open. */
  releaseProjectOf(filePath: string): void {
    this.hostByFile.get(filePath)?.release();
  }

  /**
   * A file changed on disk (saved elsewhere, or deleted): every project that holds it re-reads it.
   * Returns whether files that do not import it may see the change too (see ProjectHost.refreshFromDisk).
   */
  fileChangedOnDisk(filePath: string): boolean {
    let global = false;
    for (const host of this.hosts()) global = host.refreshFromDisk(filePath) || global;
    return global;
  }

  /** New files on disk: each configured project re-reads its include globs once for the whole batch. */
  filesCreated(filePaths: readonly string[]): void {
    for (const host of this.hosts()) host.addNewFilesFromConfig(filePaths);
    // A file that lived in an inferred project may now belong to a tsconfig.
    for (const filePath of filePaths) this.hostByFile.delete(filePath);
  }

  /** A tsconfig/jsconfig changed (or a branch switch changed many): projects are rebuilt on next use. */
  reloadProjects(): void {
    this.absentConfigs.clear();
    this.configured.clear();
    this.inferred.clear();
    this.hostByFile.clear();
  }

  /** Projects that hold open documents, for re-checking dependents after an edit. */
  hosts(): ProjectHost[] {
    return [...this.configured.values()].filter((host): host is ProjectHost => host !== null).concat([...this.inferred.values()]);
  }

  private findHost(filePath: string): ProjectHost {
    if (this.explicitConfig) {
      // Every file takes the given config, but a JavaScript file that it does not allow cannot enter its
      // programs: that one is analyzed in an inferred project, like a file no config includes.
      const host = this.configuredHost(this.explicitConfig);
      if (host && (host.includes(filePath) || host.canTake(filePath))) return host;
    } else {
      for (const configFile of this.configCandidates(filePath)) {
        const host = this.configuredHost(configFile);
        if (host?.includes(filePath)) return host;
      }
    }
    return this.inferredHost(filePath);
  }

  /** Whether a tsconfig/jsconfig exists there; an absent one is remembered until the projects reload. */
  private isConfigFile(candidate: string): boolean {
    if (this.absentConfigs.has(candidate)) return false;
    if (isFile(candidate)) return true;
    this.absentConfigs.add(candidate);
    return false;
  }

  private *configCandidates(filePath: string): Generator<string> {
    let directory = path.dirname(filePath);
    for (;;) {
      if (path.basename(directory) !== 'node_modules') {
        for (const name of CONFIG_NAMES) {
          const candidate = path.join(directory, name);
          if (this.configured.has(candidate) || this.isConfigFile(candidate)) yield candidate;
        }
      }
      const parent = path.dirname(directory);
      if (parent === directory) return;
      directory = parent;
    }
  }

  private configuredHost(configFile: string): ProjectHost | undefined {
    const cached = this.configured.get(configFile);
    if (cached !== undefined) return cached ?? undefined;
    try {
      const host = ProjectHost.configured(configFile, this.loading, this.openTexts);
      this.configured.set(configFile, host);
      return host;
    } catch (error) {
      // A broken config must not stop analysis: its files fall back to the inferred project.
      this.logger.warn(`Could not load ${configFile}; its files are analyzed with default options. ${errorSummary(error)}`);
      this.configured.set(configFile, null);
      return undefined;
    }
  }

  private inferredHost(filePath: string): ProjectHost {
    const root = packageRoot(path.dirname(filePath));
    let host = this.inferred.get(root);
    if (!host) {
      host = ProjectHost.inferred(root, typeRootsFrom(root), this.openTexts);
      this.inferred.set(root, host);
    }
    return host;
  }
}

function packageRoot(directory: string): string {
  for (let current = directory; ; ) {
    if (isFile(path.join(current, 'package.json'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return directory;
    current = parent;
  }
}

/** node_modules/@types folders from the root upward, as TypeScript would find them for a tsconfig there. */
function typeRootsFrom(root: string): string[] {
  const roots: string[] = [];
  for (let current = root; ; ) {
    const candidate = path.join(current, 'node_modules', '@types');
    if (isDirectory(candidate)) roots.push(candidate);
    const parent = path.dirname(current);
    if (parent === current) return roots;
    current = parent;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(directory: string): boolean {
  try {
    return fs.statSync(directory).isDirectory();
  } catch {
    return false;
  }
}

/** A file of the project itself: one its config includes, or for an inferred project any source outside node_modules. */
function isProjectFile(host: ProjectHost, filePath: string): boolean {
  if (host.kind === 'configured') return host.includes(filePath);
  return isOwnSourcePath(filePath);
}
