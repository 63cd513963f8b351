import { ts } from '../typescript';
import { isWithin } from '../config/config';
import { LintCache } from '../engine/cache';
import { cacheFolder } from '../engine/cacheFolder';
import { collectFiles } from '../project/files';
import type { Linter, LintResult } from '../engine/linter';
import type { Logger } from '../base/logger';
import { errorSummary } from '../base/errors';
import type { Settings } from './settings';

/**
 * The language server's side of the findings cache that the CLI's --cache keeps (engine/cache.ts), in the
 * same folder: what a CI run or a CLI run wrote serves the editor, and the other way round. The cache
 * knows the files on disk: while an open document differs from its file, it is not used at all.
 */
export class CachedFindings {
  /** Warnings already written: a damaged cache is named once, not at every look-up. */
  private readonly warned = new Set<string>();
  private readonly cacheLogger: Logger;

  constructor(
    private readonly linter: Linter,
    private readonly logger: Logger,
    private readonly context: {
      settings(): Settings;
      /** False in a workspace the user has not trusted: its cache could hold findings no analysis made. */
      trusted(): boolean;
      workspaceFolders(): readonly string[];
      openDocuments(): Iterable<{ filePath: string; text: string }>;
    },
  ) {
    this.cacheLogger = {
      info: (message) => logger.info(message),
      warn: (message) => this.warnOnce(message),
      error: (message) => logger.error(message),
    };
  }

  /**
   * The cache for the files of `filePath`'s project, read now; undefined when the setting is off, the
   * workspace is not trusted, the file is outside the workspace folders, or an open document has unsaved changes.
   */
  open(filePath: string): LintCache | undefined {
    const settings = this.context.settings();
    if (!settings.cache || !this.context.trusted() || this.hasUnsavedDocuments()) return undefined;
    const folder = this.folderOf(filePath);
    if (folder === undefined) return undefined;
    try {
      return LintCache.open(cacheFolder(settings.cacheLocation, folder), this.linter, this.cacheLogger);
    } catch (error) {
      this.warnOnce(`The findings cache could not be read: ${errorSummary(error)}. Files are analyzed without it.`);
      return undefined;
    }
  }

  /**
   * The first diagnostics of a file just opened, from the cache: its findings as the live analysis would
   * give them (see Linter.fromCache), when the cache holds a valid entry for its text on disk.
   */
  firstFindings(filePath: string, text: string): LintResult | undefined {
    try {
      if (ts.sys.readFile(filePath) !== text) return undefined;
      const cached = this.open(filePath)?.lookup(this.runFiles(filePath)).get(filePath);
      return cached && this.linter.fromCache(cached, this.context.settings().rules);
    } catch (error) {
      // The cache must never cost the live analysis, which follows either way.
      this.logger.error(`Reading the findings cache for ${filePath} failed: ${errorSummary(error)}`);
      return undefined;
    }
  }

  /**
   * The files a run over the workspace folder (the CLI's, workspace diagnostics) analyzes with `filePath`
   * in its project, as the cache's keys count them. A configured project's are its tsconfig's files, which
   * the keys take from the project, while an inferred project holds the files of the run: all of them.
   */
  private runFiles(filePath: string): string[] {
    const host = this.linter.workspace.hostFor(filePath);
    const folder = this.folderOf(filePath);
    if (host.kind !== 'inferred' || folder === undefined) return [filePath];
    const files = collectFiles([folder], (file) => this.linter.isIgnored(file)).filter((file) => this.linter.workspace.hostFor(file) === host);
    return files.includes(filePath) ? files : [filePath];
  }

  /** The innermost workspace folder that holds the file: the cache's folder is its (see cacheFolder). */
  private folderOf(filePath: string): string | undefined {
    return this.context
      .workspaceFolders()
      .filter((candidate) => isWithin(candidate, filePath))
      .sort((a, b) => b.length - a.length)[0];
  }

  /** Whether an open document's text differs from its file's: then the cache, which keys on the files, is not used. */
  hasUnsavedDocuments(): boolean {
    for (const { filePath, text } of this.context.openDocuments()) if (ts.sys.readFile(filePath) !== text) return true;
    return false;
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.logger.warn(message);
  }
}

