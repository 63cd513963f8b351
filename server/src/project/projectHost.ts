import * as path from 'node:path';
import { Project, ts } from 'ts-morph';
import * as fs from 'node:fs';
import type { AnalysisTarget } from '../engine/analyzer';

/**
 * Minified bundles are never loaded into a project: besides finding nothing useful, replacing or
 * removing a source file whose thousands of statements share one line costs ts-morph quadratic time.
 */
const MINIFIED = 'it looks minified or generated (very long lines); add it to "ignore" in .async-pitfalls.json to silence this';

/** The files a tsconfig includes, by its files/include/exclude, without parsing any of them. */
function filesOfConfig(configFile: string): Set<string> {
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  return new Set((parsed?.fileNames ?? []).map((file) => path.normalize(file)));
}

/** Minified bundles have very long lines; analyzing them costs much and finds nothing useful. */
export function looksMinified(text: string): boolean {
  if (text.length < 200_000) return false;
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return text.length / lines > 400;
}

function isMinifiedOnDisk(filePath: string): boolean {
  const size = fs.statSync(filePath, { throwIfNoEntry: false })?.size ?? 0;
  return size >= 200_000 && looksMinified(fs.readFileSync(filePath, 'utf8'));
}

/** Options for files that no tsconfig/jsconfig includes, so a loose .js or .ts file still gets types. */
export function inferredCompilerOptions(rootDirectory: string, typeRoots: string[]): ts.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    allowJs: true,
    checkJs: false,
    strict: true,
    jsx: ts.JsxEmit.Preserve,
    noEmit: true,
    skipLibCheck: true,
    rootDir: rootDirectory,
    typeRoots,
  };
}

/**
 * One ts-morph Project: a tsconfig/jsconfig root, or the inferred project of a directory tree.
 * Open documents overlay the disk; an edit replaces that one source file in place and the next
 * program reuses everything else.
 */
export class ProjectHost {
  private readonly overlays = new Set<string>();
  private readonly unreadable = new Map<string, string>();

  private constructor(
    readonly kind: 'configured' | 'inferred',
    /** The config file, or the root directory of an inferred project. */
    readonly key: string,
    readonly project: Project,
    private readonly includedFiles: Set<string>,
    private readonly lazy = false,
  ) {}

  /**
   * A tsconfig/jsconfig project. Eager: every file of the config is parsed up front (the CLI lints
   * them all with one program and one checker). Lazy: only the files asked for, and what they import,
   * enter the program, so an editor shows the first diagnostics without parsing the whole project.
   */
  static configured(configFile: string, loading: 'eager' | 'lazy' = 'eager'): ProjectHost {
    const lazy = loading === 'lazy';
    const project = new Project({ tsConfigFilePath: configFile, skipAddingFilesFromTsConfig: lazy });
    const included = lazy ? filesOfConfig(configFile) : new Set(project.getSourceFiles().map((file) => path.normalize(file.getFilePath())));
    return new ProjectHost('configured', configFile, project, included, lazy);
  }

  static inferred(rootDirectory: string, typeRoots: string[]): ProjectHost {
    const project = new Project({
      compilerOptions: inferredCompilerOptions(rootDirectory, typeRoots),
      skipAddingFilesFromTsConfig: true,
    });
    return new ProjectHost('inferred', rootDirectory, project, new Set());
  }

  /** Whether this project's config includes the file (an inferred project takes any file given to it). */
  includes(filePath: string): boolean {
    return this.kind === 'inferred' || this.includedFiles.has(path.normalize(filePath)) || this.overlays.has(filePath);
  }

  /** Adds files that appeared on disk and match the config's include globs. */
  addNewFilesFromConfig(created: readonly string[]): void {
    if (this.kind !== 'configured') return;
    if (this.lazy) {
      for (const file of filesOfConfig(this.key)) this.includedFiles.add(file);
      // A new file may be what an unresolved import was waiting for: it joins the program.
      this.preload(created.filter((file) => this.includedFiles.has(path.normalize(file))));
      return;
    }
    for (const file of this.project.addSourceFilesFromTsConfig(this.key)) this.includedFiles.add(path.normalize(file.getFilePath()));
  }

  /** Parses files ahead of analysis, so that a batch of them shares one program and one checker. */
  preload(filePaths: readonly string[]): void {
    for (const filePath of filePaths) {
      if (this.project.getSourceFile(filePath) || this.unreadable.has(filePath)) continue;
      try {
        if (isMinifiedOnDisk(filePath)) this.forget(filePath, MINIFIED);
        else this.project.addSourceFileAtPath(filePath);
      } catch (error) {
        this.forget(filePath, error);
      }
    }
  }

  hasOverlay(filePath: string): boolean {
    return this.overlays.has(filePath);
  }

  /** Sets the text of an open document; unchanged text keeps the current source file and program. */
  setOverlay(filePath: string, text: string): void {
    this.overlays.add(filePath);
    const existing = this.project.getSourceFile(filePath);
    if (existing && existing.getFullText() === text) return;
    this.unreadable.delete(filePath);
    if (looksMinified(text)) {
      this.forget(filePath, MINIFIED);
      return;
    }
    try {
      this.project.createSourceFile(filePath, text, { overwrite: true });
    } catch (error) {
      // The parser is recursive: code nested thousands deep overflows the stack. The file leaves the
      // project (so no stale version is analyzed) and says why when asked for.
      this.forget(filePath, error);
    }
  }

  /** Why the file could not be parsed or read, if it could not. */
  unreadableReason(filePath: string): string | undefined {
    return this.unreadable.get(filePath);
  }

  private forget(filePath: string, error: unknown): void {
    this.unreadable.set(
      filePath,
      error === MINIFIED ? MINIFIED : error instanceof RangeError ? 'it is nested too deeply for the TypeScript parser' : String(error),
    );
    const stale = this.project.getSourceFile(filePath);
    if (stale && !stale.wasForgotten()) this.project.removeSourceFile(stale);
  }

  /** Drops the overlay of a closed document: the file goes back to its text on disk. */
  removeOverlay(filePath: string): void {
    if (!this.overlays.delete(filePath)) return;
    this.unreadable.delete(filePath);
    const existing = this.project.getSourceFile(filePath);
    if (!existing) return;
    // An inferred project holds only what was opened or linted: let the closed file go.
    if (this.kind === 'inferred') this.project.removeSourceFile(existing);
    else this.refreshFromDisk(filePath);
  }

  /** Re-reads a file that changed on disk, unless an open document overlays it. A deleted file leaves. */
  refreshFromDisk(filePath: string): void {
    if (this.overlays.has(filePath)) return;
    this.unreadable.delete(filePath);
    const existing = this.project.getSourceFile(filePath);
    if (!existing) return;
    try {
      existing.refreshFromFileSystemSync();
    } catch {
      if (!existing.wasForgotten()) this.project.removeSourceFile(existing);
    }
  }

  /** The file to analyze, read from disk when it is not open. */
  target(filePath: string): AnalysisTarget | undefined {
    if (this.unreadable.has(filePath)) return undefined;
    let sourceFile = this.project.getSourceFile(filePath);
    if (!sourceFile) {
      try {
        if (isMinifiedOnDisk(filePath)) {
          this.forget(filePath, MINIFIED);
          return undefined;
        }
        sourceFile = this.project.addSourceFileAtPath(filePath);
      } catch (error) {
        this.forget(filePath, error);
        return undefined;
      }
    }
    const compilerFile = sourceFile.compilerNode;
    return {
      sourceFile: compilerFile,
      getProgram: () => this.project.getProgram().compilerObject,
    };
  }
}
