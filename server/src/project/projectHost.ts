import * as path from 'node:path';
import { ts } from '../typescript';
import { errorSummary } from '../base/errors';
import type { AnalysisTarget } from '../base/analysisTarget';
import { projectTypeScript, withProjectDefaults, type ProjectTypeScript } from './compilerDefaults';
import { isDeclarationFileName, isOwnSourcePath } from './files';
import { LIB_FOLDER, libText } from './libFiles';
import { assertBindable, TooDeeplyNested } from './nesting';
import { textChange } from './textChange';

/** Minified bundles never enter a program: analyzing them costs much and finds nothing useful. */
const MINIFIED = 'it looks minified or generated (very long lines); add it to "ignore" in .async-pitfalls.json to silence this';


/** A tsconfig/jsconfig, with its extends chain applied. Throws when the file is not valid JSON. */
function readConfig(configFile: string): ts.ParsedCommandLine {
  const { config, error } = ts.readConfigFile(configFile, (file) => ts.sys.readFile(file));
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  // The files the options come from (the extends chain, and the places looked at for it), for the CLI's
  // record of what a run read (cli/fastPath.ts).
  const looked = new Set<string>([configFile]);
  const host: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    readDirectory: (...args) => ts.sys.readDirectory(...args),
    fileExists: (file) => (looked.add(path.normalize(file)), ts.sys.fileExists(file)),
    readFile: (file) => (looked.add(path.normalize(file)), ts.sys.readFile(file)),
  };
  // Errors inside a readable config (an extends cycle, a missing extends target, no matching files)
  // leave the options TypeScript could make out: the project still works with them.
  const parsed = ts.parseJsonConfigFileContent(config, host, path.dirname(configFile), undefined, configFile);
  configInputs.set(configFile, [...looked].sort());
  return parsed;
}

const configInputs = new Map<string, string[]>();

/** The files a config file's last reading looked at: itself, the configs it extends, and where it looked for them. */
export function configFilesRead(configFile: string): readonly string[] {
  return configInputs.get(configFile) ?? [configFile];
}

/** Minified bundles have very long lines; analyzing them costs much and finds nothing useful. */
export function looksMinified(text: string): boolean {
  if (text.length < 200_000) return false;
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return text.length / lines > 400;
}

/**
 * Options for files that no tsconfig/jsconfig includes, so a loose .js or .ts file still gets types.
 * Of the type packages, @types/node (scripts and tests outside the tsconfig mostly run on Node); every
 * one of them for a project written for TypeScript 5 or older, as its own compiler loads them.
 */
export function inferredCompilerOptions(rootDirectory: string, typeRoots: string[], typescript?: ProjectTypeScript): ts.CompilerOptions {
  const legacyTypes = typescript !== undefined && typescript.major < 6;
  const nodeTypes = typeRoots.some((root) => ts.sys.directoryExists(path.join(root, 'node')));
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
    types: legacyTypes ? ['*'] : nodeTypes ? ['node'] : [],
  };
}

/**
 * A project with fewer files builds the program of a newly opened file about as fast as its first look
 * (see ProjectHost.firstLookTarget): below this, the first diagnostics are complete ones.
 */
export const FIRST_LOOK_MIN_FILES = 200;

/** A file's text (an open document's, else the disk's) and its syntax tree once something asked for it. */
interface Document {
  readonly text: string;
  sourceFile?: ts.SourceFile;
  /**
   * The tree of the document's previous text, kept until the new text is parsed: an edit re-parses
   * only around the change. Incremental parsing reuses (and moves) that tree's nodes, so once the new
   * tree exists, nothing may read the old one again.
   */
  previousSourceFile?: ts.SourceFile;
}

/** How the program asks for files to be parsed; the same for every file of one project. */
type ParseOptions = Pick<ts.CreateSourceFileOptions, 'languageVersion' | 'setExternalModuleIndicator'>;

/**
 * JSDoc in TypeScript files has no effect on types: like tsc, parse it only where it can matter
 * (JavaScript files, and @see/@link tags), which saves parse time and memory on commented .d.ts files.
 */
const JSDOC_PARSING = ts.JSDocParsingMode.ParseForTypeErrors;

/**
 * The document's syntax tree: re-parsed only around the change from its previous tree when that tree was
 * parsed the same way (typing in a long file then costs little), else parsed whole. The previous tree is
 * given up either way.
 */
function parseDocument(fileName: string, document: Document, options: ts.CreateSourceFileOptions): ts.SourceFile {
  const previous = document.previousSourceFile;
  document.previousSourceFile = undefined;
  if (
    previous &&
    previous.fileName === fileName &&
    previous.languageVersion === options.languageVersion &&
    previous.impliedNodeFormat === options.impliedNodeFormat &&
    (previous as { jsDocParsingMode?: ts.JSDocParsingMode }).jsDocParsingMode === options.jsDocParsingMode
  ) {
    return bindable(ts.updateSourceFile(previous, document.text, changeRange(previous.text, document.text)));
  }
  return bindable(ts.createSourceFile(fileName, document.text, options, false));
}

function bindable(sourceFile: ts.SourceFile): ts.SourceFile {
  assertBindable(sourceFile);
  return sourceFile;
}

/** The span of `previous` that differs from `current`, as the incremental parser takes it. */
function changeRange(previous: string, current: string): ts.TextChangeRange {
  const change = textChange(previous, current) ?? { start: 0, oldEnd: 0, newEnd: 0 };
  return ts.createTextChangeRange(ts.createTextSpan(change.start, change.oldEnd - change.start), change.newEnd - change.start);
}

/** TypeScript names files with forward slashes; callers give platform paths. */
function fileNameOf(filePath: string): string {
  return path.sep === '/' ? filePath : filePath.split(path.sep).join('/');
}

/**
 * One TypeScript program's worth of files: a tsconfig/jsconfig root, or the inferred project of a
 * directory tree. Each file is read and parsed once and kept; open documents overlay the disk. A
 * program is built when first asked for and stays until the documents change; the next one reuses it,
 * so an edit re-parses only the edited file and unchanged files keep their source file objects.
 */
export class ProjectHost {
  /** Every file read so far, by platform path: roots, the files they import, declaration files. */
  private readonly documents = new Map<string, Document>();
  private readonly knownDirectories = new Map<string, boolean>();
  /** The program's root files. */
  private readonly roots = new Set<string>();
  /** The open documents this project owns (its roots); their texts, and other projects' open texts, are in `openTexts`. */
  private readonly overlays = new Set<string>();
  private readonly unreadable = new Map<string, string>();
  private readonly libSourceFiles = new Map<string, ts.SourceFile>();
  private readonly compilerHost: ts.CompilerHost;
  private resolutionCache: ts.ModuleResolutionCache;
  /** The last program built, current unless `programIsStale`. */
  private program: ts.Program | undefined;
  private programIsStale = true;
  /** Files were created or deleted: module resolutions may differ, so the next program starts afresh. */
  private filesChangedOnDisk = false;
  /** Learned from the first program, so files parsed ahead of a program match what it asks for. */
  private parseOptions: ParseOptions | undefined;
  /** Parsed before any program said how modules are detected: the first program applies that. */
  private readonly moduleDetectionPending = new WeakSet<ts.SourceFile>();
  /** Told of each file (not a lib file) a program being built asks for: the editor shows a project's loading. */
  onFileRead: ((filePath: string) => void) | undefined;

  private constructor(
    readonly kind: 'configured' | 'inferred',
    /** The config file, or the root directory of an inferred project. */
    readonly key: string,
    private readonly options: ts.CompilerOptions,
    private readonly includedFiles: Set<string>,
    private readonly lazy = false,
    /**
     * The text of every open document, by platform path, shared by all projects of a workspace: a file
     * one project reads that another owns is read from the editor, not from the disk.
     */
    private readonly openTexts: ReadonlyMap<string, string> = new Map(),
  ) {
    const directory = kind === 'configured' ? path.dirname(key) : key;
    this.compilerHost = this.createCompilerHost(directory);
    this.resolutionCache = this.createResolutionCache();
  }

  /**
   * A tsconfig/jsconfig project. Eager: every file of the config is a root of the program (the CLI
   * lints them all with one program and one checker). Lazy: only the files asked for, and what they
   * import, enter the program, so an editor shows the first diagnostics without parsing the whole project.
   */
  static configured(configFile: string, loading: 'eager' | 'lazy' = 'eager', openTexts?: ReadonlyMap<string, string>): ProjectHost {
    const config = readConfig(configFile);
    const included = new Set(config.fileNames.map((file) => path.normalize(file)));
    // Analyzed as the project's own TypeScript would compile it, whichever version we bundle.
    const options = withProjectDefaults(config.options, projectTypeScript(path.dirname(configFile)));
    const host = new ProjectHost('configured', configFile, options, included, loading === 'lazy', openTexts);
    if (loading === 'eager') for (const file of included) host.roots.add(file);
    return host;
  }

  static inferred(rootDirectory: string, typeRoots: string[], openTexts?: ReadonlyMap<string, string>): ProjectHost {
    const options = inferredCompilerOptions(rootDirectory, typeRoots, projectTypeScript(rootDirectory));
    return new ProjectHost('inferred', rootDirectory, options, new Set(), false, openTexts);
  }

  /** Whether a program was built since the project was created (else the next analysis loads the project). */
  get hasProgram(): boolean {
    return this.program !== undefined;
  }

  /** How many files the project's config includes (0 for an inferred project). */
  get includedFileCount(): number {
    return this.includedFiles.size;
  }

  /** The compiler options this project's programs are built with (the project's config, and its TypeScript's defaults). */
  get compilerOptions(): Readonly<ts.CompilerOptions> {
    return this.options;
  }

  /** The files the project's config includes, sorted (none for an inferred project). */
  includedFileNames(): string[] {
    return [...this.includedFiles].sort();
  }

  /** Whether the file can be a root of this project's programs: JavaScript only where the options allow it. */
  canTake(filePath: string): boolean {
    return this.options.allowJs === true || !/\.(?:[cm]?js|jsx)$/i.test(filePath);
  }

  /** Whether this project's config includes the file (an inferred project takes any file given to it). */
  includes(filePath: string): boolean {
    return this.kind === 'inferred' || this.includedFiles.has(path.normalize(filePath)) || this.overlays.has(path.normalize(filePath));
  }

  /** New files on disk: imports may resolve to them now, and those the config includes join the project. */
  addNewFilesFromConfig(created: readonly string[]): void {
    if (created.length === 0) return;
    this.filesChangedOnDisk = true;
    this.invalidate();
    if (this.kind !== 'configured') return;
    let config: ts.ParsedCommandLine;
    try {
      config = readConfig(this.key);
    } catch {
      // The config broke since it was loaded; its change reloads the projects anyway.
      return;
    }
    for (const file of config.fileNames) this.includedFiles.add(path.normalize(file));
    const joining = created.map((file) => path.normalize(file)).filter((file) => this.includedFiles.has(file));
    if (this.lazy) this.preload(joining);
    else for (const file of joining) this.addRoot(file);
  }

  /** Reads and parses files ahead of analysis, so that a batch of them shares one program and one checker. */
  preload(filePaths: readonly string[]): void {
    for (const filePath of filePaths.map((file) => path.normalize(file))) {
      if (this.documents.get(filePath)?.sourceFile || this.unreadable.has(filePath)) continue;
      this.rootSourceFile(filePath);
    }
  }

  hasOverlay(filePath: string): boolean {
    return this.overlays.has(path.normalize(filePath));
  }

  /**
   * Sets the text of an open document; unchanged text keeps the current source file and program.
   * The new text is parsed incrementally from the current tree, which becomes unusable then; a caller
   * that still holds that tree (a temporary text, such as a fix-all pass) asks to keep it instead.
   */
  setOverlay(filePath: string, text: string, reuseTree: 'reuse-previous-tree' | 'keep-previous-tree' = 'reuse-previous-tree'): void {
    const key = path.normalize(filePath);
    this.overlays.add(key);
    if (this.documents.get(key)?.text === text) return;
    this.unreadable.delete(key);
    if (looksMinified(text)) {
      this.forget(key, MINIFIED);
      return;
    }
    // Parsed when analysis asks for it: a burst of keystrokes parses only the text that is analyzed.
    const previous = reuseTree === 'reuse-previous-tree' ? this.documents.get(key) : undefined;
    this.documents.set(key, { text, previousSourceFile: previous?.sourceFile ?? previous?.previousSourceFile });
    this.addRoot(key);
    this.invalidate();
  }

  /**
   * Lets go of what analyses keep once a background run is done with this project: the program with
   * its checker (every type it resolved), and the syntax trees of the files that are not open. Open
   * documents stay; the next analysis builds a program again, reading what they import afresh.
   */
  release(): void {
    this.program = undefined;
    this.programIsStale = true;
    for (const key of [...this.documents.keys()]) if (!this.overlays.has(key)) this.documents.delete(key);
    for (const key of [...this.roots]) if (!this.overlays.has(key)) this.roots.delete(key);
    this.libSourceFiles.clear();
    // Its entries hold parsed package.json files and resolutions of the files let go.
    this.resolutionCache = this.createResolutionCache();
  }

  /** Why the file could not be parsed or read, if it could not. */
  unreadableReason(filePath: string): string | undefined {
    return this.unreadable.get(path.normalize(filePath));
  }

  /** Drops the overlay of a closed document: the file goes back to its text on disk. */
  removeOverlay(filePath: string): void {
    const key = path.normalize(filePath);
    if (!this.overlays.delete(key)) return;
    this.unreadable.delete(key);
    if (!this.documents.has(key)) return;
    if (this.kind === 'inferred') {
      // An inferred project holds only what was opened or linted: let the closed file go.
      this.documents.delete(key);
      this.roots.delete(key);
      this.invalidate();
    } else {
      this.refreshFromDisk(key);
    }
  }

  /**
   * Another project's open document changed (or closed, when `openTexts` no longer holds it): if this
   * project has read the file, it takes the new text (or the disk's) without making the file a root.
   */
  openTextChanged(filePath: string, reuseTree: 'reuse-previous-tree' | 'keep-previous-tree' = 'reuse-previous-tree'): void {
    const key = path.normalize(filePath);
    if (this.overlays.has(key)) return;
    const text = this.openTexts.get(key);
    if (text === undefined) {
      this.refreshFromDisk(key);
      return;
    }
    // A file this project could not read before is read again, from the new text, when a program asks for it.
    if (this.unreadable.delete(key)) this.invalidate();
    const existing = this.documents.get(key);
    if (!existing || existing.text === text) return;
    if (looksMinified(text)) {
      this.forget(key, MINIFIED);
      return;
    }
    const previous = reuseTree === 'reuse-previous-tree' ? existing : undefined;
    this.documents.set(key, { text, previousSourceFile: previous?.sourceFile ?? previous?.previousSourceFile });
    this.invalidate();
  }

  /**
   * Re-reads a file that changed on disk, unless an open document overlays it. A deleted file leaves.
   * Returns whether the change can reach files that do not import this one: the file was in this
   * project's programs as a global script or a declaration file (or was read but not parsed yet), or
   * it was deleted.
   */
  refreshFromDisk(filePath: string): boolean {
    const key = path.normalize(filePath);
    if (this.overlays.has(key) || this.openTexts.has(key)) return false;
    this.unreadable.delete(key);
    const existing = this.documents.get(key);
    if (!existing) return false;
    const sourceFile = existing.sourceFile;
    const global = !sourceFile || sourceFile.isDeclarationFile || !ts.isExternalModule(sourceFile);
    const text = ts.sys.readFile(key);
    if (text === undefined) {
      this.documents.delete(key);
      this.roots.delete(key);
      this.filesChangedOnDisk = true;
      this.invalidate();
      // Its importers no longer resolve it, so no import graph leads to them any more.
      return true;
    } else if (text !== existing.text) {
      if (looksMinified(text)) {
        this.forget(key, MINIFIED);
        return global;
      }
      this.documents.set(key, { text });
      this.invalidate();
    } else {
      return false;
    }
    return global;
  }

  /** The file to analyze, read from disk when it is not open. */
  target(filePath: string): AnalysisTarget | undefined {
    const key = path.normalize(filePath);
    if (this.unreadable.has(key)) return undefined;
    const sourceFile = this.rootSourceFile(key);
    if (!sourceFile) return undefined;
    adoptChildren(sourceFile);
    return { sourceFile, getProgram: () => this.getProgram() };
  }

  /**
   * A quick first program for a file opened in a big project, before the program that holds everything
   * it imports, directly or not. In a big project that closure often reaches most of the project, and
   * parsing and binding it takes seconds. This program holds the file, the project files it imports,
   * and the packages and declaration files those import; imports of project files at second hand are
   * left unresolved, so the checker types what comes from them as `any`. Undefined when the file needs
   * no first look: a small project, or a file that the current program already holds.
   */
  firstLookTarget(filePath: string): AnalysisTarget | undefined {
    const key = path.normalize(filePath);
    if (!this.lazy || this.includedFiles.size < FIRST_LOOK_MIN_FILES || this.program?.getSourceFile(fileNameOf(key))) return undefined;
    const target = this.target(key);
    if (!target) return undefined;
    let program: ts.Program | undefined;
    const host: ts.CompilerHost = { ...this.compilerHost, resolveModuleNameLiterals: this.firstLookResolution(key) };
    return { sourceFile: target.sourceFile, getProgram: () => (program ??= ts.createProgram({ rootNames: [fileNameOf(key)], options: this.options, host })) };
  }

  /** Module resolution of a first look at `root`: as usual, but project files reached at second hand are left out. */
  private firstLookResolution(root: string): NonNullable<ts.CompilerHost['resolveModuleNameLiterals']> {
    const resolve = this.compilerHost.resolveModuleNameLiterals!;
    return (literals, containingFile, ...rest) => {
      const resolved = resolve(literals, containingFile, ...rest);
      if (path.normalize(containingFile) === root || !isOwnSourcePath(containingFile)) return resolved;
      return resolved.map((resolution) => {
        const found = resolution.resolvedModule;
        return found && !found.isExternalLibraryImport && isOwnSourcePath(found.resolvedFileName) ? { resolvedModule: undefined } : resolution;
      });
    };
  }

  /**
   * Drops the program, so that the next one has a checker of its own: after the checker itself failed
   * (a stack overflow inside TypeScript), its caches may hold half-finished work. The parsed and bound
   * files are kept.
   */
  discardChecker(): void {
    this.program = undefined;
    this.invalidate();
  }

  /** The program of the current documents: built on first use after a change, reusing the previous one. */
  getProgram(): ts.Program {
    if (this.program && !this.programIsStale) return this.program;
    const oldProgram = this.filesChangedOnDisk ? undefined : this.program;
    if (this.filesChangedOnDisk) {
      this.resolutionCache = this.createResolutionCache();
      this.knownDirectories.clear();
    }
    this.filesChangedOnDisk = false;
    this.programIsStale = false;
    this.program = ts.createProgram({ rootNames: [...this.roots].map(fileNameOf), options: this.options, host: this.compilerHost, oldProgram });
    return this.program;
  }

  /** Makes the file a root of the program and returns its syntax tree, or undefined (saying why) if it has none. */
  private rootSourceFile(filePath: string): ts.SourceFile | undefined {
    const document = this.documents.get(filePath) ?? this.readDocument(filePath, (error) => this.forget(filePath, error));
    if (!document) return undefined;
    this.addRoot(filePath);
    if (document.sourceFile) return document.sourceFile;
    try {
      document.sourceFile = this.parseAheadOfProgram(filePath, document);
      return document.sourceFile;
    } catch (error) {
      // The parser is recursive: code nested thousands deep overflows the stack. The file leaves the
      // project (so no stale version is analyzed) and says why when asked for.
      this.forget(filePath, error);
      return undefined;
    }
  }

  /** Reads a file from disk into the documents, unless it is missing or a minified bundle. */
  private readDocument(filePath: string, onError: (error: unknown) => void): Document | undefined {
    const text = this.openTexts.get(filePath) ?? ts.sys.readFile(filePath);
    if (text === undefined) {
      onError(new Error(`File not found: ${filePath}`));
      return undefined;
    }
    if (!isDeclarationFileName(filePath) && looksMinified(text)) {
      onError(MINIFIED);
      return undefined;
    }
    const document: Document = { text };
    this.documents.set(filePath, document);
    return document;
  }

  private addRoot(filePath: string): void {
    if (this.roots.has(filePath)) return;
    this.roots.add(filePath);
    // A file the program already holds (imported by a root) changes nothing until the next edit.
    if (!this.program?.getSourceFile(fileNameOf(filePath))) this.invalidate();
  }

  private invalidate(): void {
    this.programIsStale = true;
  }

  /** The file leaves the project for a reason given when asked for. */
  private forget(filePath: string, error: unknown): void {
    this.markUnreadable(filePath, error);
    this.invalidate();
  }

  private markUnreadable(filePath: string, error: unknown): void {
    this.unreadable.set(
      filePath,
      error === MINIFIED
        ? MINIFIED
        : error instanceof TooDeeplyNested
          ? error.message
          : error instanceof RangeError
            ? 'it is nested too deeply for the TypeScript parser'
            : errorSummary(error),
    );
    this.documents.delete(filePath);
    this.roots.delete(filePath);
  }

  /** Parses a file before a program asks for it, the way the program will (so that it takes this tree). */
  private parseAheadOfProgram(filePath: string, document: Document): ts.SourceFile {
    const fileName = fileNameOf(filePath);
    const impliedNodeFormat = ts.getImpliedNodeFormatForFile(fileName, this.resolutionCache.getPackageJsonInfoCache(), this.compilerHost, this.options);
    const known = this.parseOptions;
    const languageVersion = known?.languageVersion ?? this.options.target ?? ts.ScriptTarget.Latest;
    const sourceFile = parseDocument(fileName, document, { ...known, languageVersion, impliedNodeFormat, jsDocParsingMode: JSDOC_PARSING });
    if (!known) this.moduleDetectionPending.add(sourceFile);
    return sourceFile;
  }

  /** The compiler host's getSourceFile: every file parsed once, the same object for every program. */
  private sourceFileForProgram(fileName: string, requested: ts.ScriptTarget | ts.CreateSourceFileOptions): ts.SourceFile | undefined {
    const options: ts.CreateSourceFileOptions = typeof requested === 'object' ? requested : { languageVersion: requested };
    this.parseOptions ??= { languageVersion: options.languageVersion, setExternalModuleIndicator: options.setExternalModuleIndicator };
    if (fileName.startsWith(`${LIB_FOLDER}/`)) return this.libSourceFile(fileName, options);
    const filePath = path.normalize(fileName);
    this.onFileRead?.(filePath);
    if (this.unreadable.has(filePath)) return undefined;
    // A missing file is the program's to report; a minified one stays out of it, with its reason kept.
    const document = this.documents.get(filePath) ?? this.readDocument(filePath, (error) => error === MINIFIED && this.markUnreadable(filePath, error));
    if (!document) return undefined;
    const cached = document.sourceFile;
    if (cached && cached.impliedNodeFormat === options.impliedNodeFormat) {
      if (this.moduleDetectionPending.has(cached)) {
        this.moduleDetectionPending.delete(cached);
        options.setExternalModuleIndicator?.(cached);
      }
      return cached;
    }
    try {
      document.sourceFile = parseDocument(fileName, document, options);
      return document.sourceFile;
    } catch (error) {
      // The program being built already goes without the file; later ones will too.
      this.markUnreadable(filePath, error);
      return undefined;
    }
  }

  private libSourceFile(fileName: string, options: ts.CreateSourceFileOptions): ts.SourceFile | undefined {
    let sourceFile = this.libSourceFiles.get(fileName);
    if (!sourceFile) {
      const text = libText(fileName);
      if (text === undefined) return undefined;
      sourceFile = ts.createSourceFile(fileName, text, options, false);
      this.libSourceFiles.set(fileName, sourceFile);
    }
    return sourceFile;
  }

  private createCompilerHost(currentDirectory: string): ts.CompilerHost {
    const sys = ts.sys;
    const known = (fileName: string) => this.documents.get(path.normalize(fileName))?.text ?? this.openTexts.get(path.normalize(fileName));
    const host: ts.CompilerHost = {
      getSourceFile: (fileName, languageVersionOrOptions) => this.sourceFileForProgram(fileName, languageVersionOrOptions),
      getDefaultLibFileName: (options) => `${LIB_FOLDER}/${ts.getDefaultLibFileName(options)}`,
      getDefaultLibLocation: () => LIB_FOLDER,
      writeFile: () => undefined,
      getCurrentDirectory: () => currentDirectory,
      getCanonicalFileName: sys.useCaseSensitiveFileNames ? (fileName) => fileName : (fileName) => fileName.toLowerCase(),
      useCaseSensitiveFileNames: () => sys.useCaseSensitiveFileNames,
      getNewLine: () => sys.newLine,
      // Open documents exist even when they are not on disk (yet, or any more).
      fileExists: (fileName) => libText(fileName) !== undefined || known(fileName) !== undefined || sys.fileExists(fileName),
      readFile: (fileName) => libText(fileName) ?? known(fileName) ?? sys.readFile(fileName),
      // Module resolution asks about the same node_modules folders for every import; the answers stay
      // until files are created or deleted on disk (see getProgram).
      directoryExists: (directory) => {
        let exists = this.knownDirectories.get(directory);
        if (exists === undefined) this.knownDirectories.set(directory, (exists = sys.directoryExists(directory)));
        return exists;
      },
      getDirectories: (directory) => sys.getDirectories(directory),
      realpath: sys.realpath && ((file) => sys.realpath!(file)),
      resolveModuleNameLiterals: (literals, containingFile, redirectedReference, options, containingSourceFile) =>
        literals.map((literal) =>
          ts.resolveModuleName(
            literal.text,
            containingFile,
            options,
            host,
            this.resolutionCache,
            redirectedReference,
            ts.getModeForUsageLocation(containingSourceFile, literal, options),
          ),
        ),
      getModuleResolutionCache: () => this.resolutionCache,
      jsDocParsingMode: JSDOC_PARSING,
    };
    return host;
  }

  private createResolutionCache(): ts.ModuleResolutionCache {
    const host = this.compilerHost;
    return ts.createModuleResolutionCache(host.getCurrentDirectory(), (fileName) => host.getCanonicalFileName(fileName), this.options);
  }
}

/**
 * Sets the parent pointers of a file parsed without them, unless the checker's binder already did.
 * Files are parsed without parents (the binder sets them for the whole program anyway); the file
 * handed out for analysis gets them here, in case it is analyzed before any checker binds it.
 */
function adoptChildren(sourceFile: ts.SourceFile): void {
  if (sourceFile.endOfFileToken.parent) return;
  // Iterative: deeply nested code must not overflow the stack.
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    const adopt = (child: ts.Node) => {
      (child as { parent: ts.Node }).parent = parent;
      stack.push(child);
    };
    ts.forEachChild(parent, adopt);
    for (const comment of (parent as { jsDoc?: ts.Node[] }).jsDoc ?? []) adopt(comment);
  }
}
