import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from '../typescript';
import type { ConfigProblem, ResolvedConfig } from '../config/config';
import { rules as allRules } from '../rules';
import type { AnyRule, Finding } from '../rules/types';
import { hashText, isRecord, readCheckedFile, writeCheckedFile } from '../base/checkedFile';
import type { Logger } from '../base/logger';
import { importsOf, unresolvedImports } from '../project/dependencies';
import { LIB_FOLDER } from '../project/libFiles';
import { configFilesRead, type ProjectHost } from '../project/projectHost';
import { ENGINE_CODE, VERSION } from '../version';
import type { Linter, LintResult } from './linter';

/**
 * The findings of earlier runs, kept per file under a key that covers everything they depend on, so a
 * run over an unchanged file reports them without analyzing it (the CLI's --cache).
 *
 * What a file's findings depend on, and so its key:
 * - the engine (its version and code, TypeScript's version). Not where findings are shown: an entry
 *   holds the findings an environment hides too, marked (Finding.typeScriptReportsIt), so that the CLI
 *   and the language server share one cache;
 * - the config that applies to the file (which file, and every rule's severity and options);
 * - its project: the compiler options (the tsconfig with its extends chain, and the defaults of the
 *   project's TypeScript), the files the project holds (a file added or removed changes module
 *   resolution and the global scope), the lockfiles and package.json files that resolution and module
 *   formats read, the text of every declaration and package file of its program, the text of every
 *   project file that adds to the global scope (a script, `declare global`, `declare module`), and what
 *   rules read of every project file (RuleMeta.projectWide);
 * - the text of the file, and the exact text of every other file whose code its analysis read (bodies
 *   that rules followed calls into: blocking-call's helper chains, whether a callee can reject or handles
 *   its own errors, the I/O a callback does; and the files its findings point into), as the analysis
 *   recorded them (rules/util/crossFileReads);
 * - the declaration signature of every project file it imports, directly or not: what TypeScript's
 *   declaration emit says of the file (inferred types included, so a body that changes an inferred
 *   return type changes it) and the file's text without its function bodies (what rules read of
 *   declarations: `async`, a const's initializer, the names a `.d.ts`'s JavaScript beside it declares).
 *   As TypeScript's build info does, a file's signature is computed again when its text changes, and then
 *   for the files that import it only when it changed.
 * A file that imports a module which resolves to nothing (that a new file could satisfy) is not cached.
 */

const FORMAT = 'async-pitfalls-cache';
/** The version of the cache file's format (its entries' shape); exported for tests that read the file. */
export const FORMAT_VERSION = 2;
const FILE_NAME = 'cache.json';
const DECLARATION_FILE = /\.d\.([^./\\]+\.)?[cm]?ts$/;
const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];

/** A project file of a program, as the cache keeps it. */
interface SourceRecord {
  hash: string;
  /** Whether it adds to the global scope, so that every file of the project may see it. */
  global: boolean;
  /** The project and library files it imports. */
  imports: string[];
  /** It imports a module that resolves to nothing and that a new file could provide. */
  unstable?: boolean;
  /**
   * The hash of its declaration signature (see the comment at the top) while its text and its imports'
   * signatures are those it was computed with; NO_IMPORTERS when no project file imports it (none needs
   * it); absent when not known (a program that holds the file computes it).
   */
  signature?: string;
}

/** The signature of a file that no file imports: its importers' keys hold no signature of it. */
const NO_IMPORTERS = '-';

/** What the cache knows of a project's last program. */
interface ProjectRecord {
  /** Declaration files, package files and the package.json files read, with the hash of their text ('' when absent). */
  library: Record<string, string>;
  sources: Record<string, SourceRecord>;
}

interface FileEntry {
  /** The project (its config file, or its folder) the file was analyzed in. */
  project: string;
  key: string;
  findings: Finding[];
  /** The hash of the file's text, and of each other file whose code the analysis read (see LintResult.reads). */
  text: string;
  reads: Record<string, string>;
}

interface Payload {
  engine: string;
  projects: Record<string, ProjectRecord>;
  files: Record<string, FileEntry>;
}

/** A file's findings taken from the cache. */
export interface CachedLint {
  filePath: string;
  text: string;
  /** Every environment's (see shownFindings), with the severities of the file's config. */
  findings: Finding[];
  configProblems: ConfigProblem[];
}

/** A project's files as they are now: hashes and, for the files unchanged since the record, what it says. */
interface ProjectState {
  library: [string, string][];
  sources: Map<string, SourceRecord & { facts: readonly string[] }>;
}

export class LintCache {
  private readonly file: string;
  private readonly previous: Payload;
  private readonly hashes = new Map<string, string>();
  private readonly texts = new Map<string, string | undefined>();
  private readonly closures = new WeakMap<ProjectState, Map<string, string | null>>();
  private readonly states = new Map<string, { state: ProjectState; fingerprint: string } | null>();
  private readonly runFilesByHost = new Map<ProjectHost, string[]>();
  private readonly hits = new Map<string, CachedLint>();
  private readonly fresh = new Map<string, LintResult>();
  private readonly engine: string;
  /** What the last `save` wrote, and the hash of the file's text, when it was written. */
  private saved: { payload: Payload; hash: string } | undefined;

  private constructor(
    folder: string,
    private readonly linter: Linter,
    private readonly logger: Logger,
    private readonly rules: readonly AnyRule[],
  ) {
    this.file = path.join(folder, FILE_NAME);
    this.engine = engineFingerprint();
    this.previous = this.load();
  }

  /**
   * The cache kept in `folder` (read now; written by `save`). A file that is not a sound cache of this
   * engine is ignored. Keys cover the config files' settings, not severity overrides given to `lint`.
   */
  static open(folder: string, linter: Linter, logger: Logger, options: { rules?: readonly AnyRule[] } = {}): LintCache {
    return new LintCache(folder, linter, logger, options.rules ?? allRules);
  }

  /**
   * Looks up every file of a run: the ones whose findings are known come back, by path. The others are
   * to be analyzed with the linter and handed to `record`.
   */
  lookup(files: readonly string[]): Map<string, CachedLint> {
    for (const file of files) {
      const host = this.linter.workspace.hostFor(file);
      let list = this.runFilesByHost.get(host);
      if (!list) this.runFilesByHost.set(host, (list = []));
      list.push(file);
    }
    const pending: string[] = [];
    for (const file of files) {
      const hit = this.lookupOne(file);
      if (hit === PENDING) pending.push(file);
      else if (hit) this.hits.set(file, hit);
    }
    if (pending.length > 0) this.settle(pending);
    return new Map(this.hits);
  }

  /**
   * Files whose keys wait on the signatures of changed files they import: a program that holds those
   * files (and what they import) computes their signatures, then the keys are compared. A body changed
   * without changing its file's signature leaves the files that import it cached.
   */
  private settle(pending: readonly string[]): void {
    const byHost = new Map<ProjectHost, string[]>();
    for (const file of pending) {
      const host = this.linter.workspace.hostFor(file);
      byHost.set(host, [...(byHost.get(host) ?? []), file]);
    }
    for (const [host, files] of byHost) {
      const project = this.currentState(host);
      if (!project) continue;
      const { sources } = project.state;
      // A changed file's new imports are known once it is parsed: they may have signatures to compute too.
      for (let round = 0; round < 10; round++) {
        const unknown = unknownSignatures(sources, files);
        if (unknown.length === 0) break;
        this.preloadFor(host, unknown);
        const program = host.getProgram();
        let computed = 0;
        for (const file of unknown) {
          const sourceFile = program.getSourceFile(toFileName(file));
          const known = sources.get(file)!;
          if (!sourceFile || hashText(sourceFile.text) !== known.hash) continue;
          sources.set(file, { ...sourceRecordOf(program, sourceFile), signature: signatureOf(program, sourceFile), facts: known.facts });
          computed++;
        }
        this.closures.delete(project.state);
        if (computed === 0) break;
      }
      for (const file of files) {
        const hit = this.lookupOne(file);
        if (hit && hit !== PENDING) this.hits.set(file, hit);
      }
    }
  }

  /**
   * Makes the project's program hold `files` for an analysis: with partial programs, those files and the
   * companions (see `companions`), else every file of the run in the project, as a run without the cache.
   */
  preloadFor(host: ProjectHost, files: readonly string[]): void {
    const workspace = this.linter.workspace;
    if (!(workspace.loadsLazily && host.kind === 'configured')) {
      workspace.preload(this.runFilesByHost.get(host) ?? files);
      return;
    }
    workspace.preload([...new Set([...files, ...this.companions(host)])].sort());
    // Packages that only other files bring in would be missing (their types, or a rule's look at which
    // packages the program has): then the program holds the whole project.
    if (!this.holdsLibrary(host, host.getProgram())) workspace.preload(host.includedFileNames());
  }

  /** A file's fresh analysis, to be kept when the run's cache is saved. */
  record(result: LintResult): void {
    this.fresh.set(result.filePath, result);
  }

  /**
   * The files that a program of the project must hold, besides the ones analyzed and what they import,
   * for their findings to be those of the whole project's program: its declaration files and the files
   * that add to the global scope, the files that rules read wherever they are (RuleMeta.projectWide),
   * and the files the cache knows nothing of yet. Every file of the project when it has no record.
   */
  companions(host: ProjectHost): string[] {
    const included = host.includedFileNames();
    const project = this.currentState(host);
    if (!project) return included;
    const { sources } = project.state;
    const needed = (file: string, source: (SourceRecord & { facts: readonly string[] }) | undefined) =>
      source === undefined ? DECLARATION_FILE.test(file) || !sources.has(file) : source.hash !== '' && source.global;
    const companions = new Set(included.filter((file) => needed(file, sources.get(file))));
    for (const [file, source] of sources) if (needed(file, source)) companions.add(file);
    // A rule's whole-project read asks whether some file has a fact: the first file by name that has it answers the same.
    for (const file of firstFileOfEachFact(sources).values()) companions.add(file);
    return [...companions].sort();
  }

  /** Whether a program holds every declaration and package file that the project's last program held (see lintWithCache). */
  holdsLibrary(host: ProjectHost, program: ts.Program): boolean {
    const record = this.previous.projects[host.key];
    if (!record) return true;
    return Object.keys(record.library).every((file) => path.basename(file) === 'package.json' || program.getSourceFile(file.split(path.sep).join('/')) !== undefined);
  }

  /**
   * Writes the cache: the fresh analyses, and the entries still valid. Written to a temporary file that
   * then replaces the cache, so a run that reads it meanwhile sees the old or the new one whole.
   */
  save(): void {
    const payload: Payload = { engine: this.engine, projects: { ...this.previous.projects }, files: {} };
    const rebuilt = new Map<string, { host: ProjectHost; state: ProjectState; fingerprint: string }>();
    for (const result of this.fresh.values()) {
      const host = this.linter.workspace.hostFor(result.filePath);
      if (rebuilt.has(host.key)) continue;
      // A program of part of the project adds to what the record knows of the rest.
      const program = host.getProgram();
      const whole = host.includedFileNames().every((file) => program.getSourceFile(file.split(path.sep).join('/')) !== undefined);
      const previous = this.previous.projects[host.key];
      const record = mergedRecord(previous, recordOf(program), (file) => this.hashOf(file) !== undefined, whole);
      updateSignatures(record, previous, program);
      const state = this.stateOf(record, (file) => record.sources[file]?.hash);
      rebuilt.set(host.key, { host, state, fingerprint: this.fingerprint(host, state) });
      payload.projects[host.key] = record;
    }
    for (const [file, entry] of Object.entries(this.previous.files)) {
      // A deleted file's entry goes.
      if (this.fresh.has(file) || this.hashOf(file) === undefined) continue;
      const project = rebuilt.get(entry.project);
      if (!project) {
        payload.files[file] = entry;
        continue;
      }
      // Still valid after the project's new program: kept.
      if (this.keyOf(file, project.state, project.fingerprint, entry.reads) === entry.key) payload.files[file] = entry;
    }
    for (const [file, result] of this.fresh) {
      if (result.errors.length > 0 || result.partial) continue;
      const host = this.linter.workspace.hostFor(file);
      const project = rebuilt.get(host.key)!;
      const reads: Record<string, string> = {};
      for (const read of result.reads) reads[path.normalize(read)] = this.hashOf(path.normalize(read)) ?? '';
      const key = this.keyOf(file, project.state, project.fingerprint, reads);
      // With the findings its environment hides: an entry serves the CLI and the editor alike.
      const findings = [...result.findings, ...result.hidden].sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
      if (key !== undefined && key !== PENDING) payload.files[file] = { project: host.key, key, findings, text: hashText(result.sourceFile.text), reads };
    }
    const hash = this.write(payload);
    this.saved = hash === undefined ? undefined : { payload, hash };
  }

  /**
   * After `save`: every file whose text the saved findings of `files` depend on (see the comment at the
   * top), by the hash of its text as TypeScript reads it ('' when absent): the project files and the
   * declaration, package and package.json files of the records, the lockfiles, the tsconfigs with what
   * they extend, the config files; and the cache file itself (a run that finds it changed uses it). Undefined when a file of the run has no entry (its findings could
   * change while none of those files does: see SourceRecord.unstable) or the cache was not written.
   */
  inputs(files: readonly string[]): Map<string, string> | undefined {
    if (!this.saved) return undefined;
    const saved = this.saved.payload;
    if (!files.every((file) => saved.files[file] !== undefined)) return undefined;
    const inputs = new Map<string, string>([[this.file, this.saved.hash]]);
    const add = (file: string, hash?: string) => inputs.set(file, hash ?? this.hashOf(file) ?? '');
    for (const project of new Set(files.map((file) => saved.files[file].project))) {
      const record = saved.projects[project];
      if (!record) return undefined;
      for (const [file, source] of Object.entries(record.sources)) add(file, source.hash);
      for (const [file, hash] of Object.entries(record.library)) add(file, hash);
      // The key of a configured project is its config file; an inferred one's is its folder.
      const configured = fs.statSync(project, { throwIfNoEntry: false })?.isFile() === true;
      for (const lockfile of lockfilesAbove(configured ? path.dirname(project) : project)) add(lockfile);
      if (configured) for (const file of configFilesRead(project)) add(file);
    }
    for (const file of files) {
      const config = this.linter.configs.forFile(file).file;
      if (config !== undefined) add(config);
    }
    return inputs;
  }

  /** The file's cached findings; PENDING when its key waits on signatures of changed files (see `settle`). */
  private lookupOne(file: string): CachedLint | typeof PENDING | undefined {
    const entry = this.previous.files[file];
    if (!entry) return undefined;
    const host = this.linter.workspace.hostFor(file);
    if (host.key !== entry.project) return undefined;
    // A changed text of its own or of a body it read: analyzed again, whatever the signatures say.
    if (this.hashOf(file) !== entry.text || Object.entries(entry.reads).some(([read, hash]) => (this.hashOf(read) ?? '') !== hash)) return undefined;
    const project = this.currentState(host);
    if (!project) return undefined;
    const key = this.keyOf(file, project.state, project.fingerprint, entry.reads);
    if (key === PENDING) return PENDING;
    if (key !== entry.key) return undefined;
    const text = this.textOf(file);
    if (text === undefined) return undefined;
    return { filePath: file, text, findings: entry.findings, configProblems: this.linter.configs.forFile(file).problems };
  }

  /** The project as it is on disk now, read through the record of its last program. */
  private currentState(host: ProjectHost): { state: ProjectState; fingerprint: string } | undefined {
    let known = this.states.get(host.key);
    if (known === undefined) {
      const record = this.previous.projects[host.key];
      if (record) {
        const state = this.stateOf(record, (file) => this.hashOf(file));
        known = { state, fingerprint: this.fingerprint(host, state) };
      } else {
        known = null;
      }
      this.states.set(host.key, known);
    }
    return known ?? undefined;
  }

  /**
   * The state of a project's files by a record and the hashes of the files' texts: what the record says
   * of a file holds while its text is the same; a changed file is looked at again.
   */
  private stateOf(record: ProjectRecord, hashOf: (file: string) => string | undefined): ProjectState {
    const library: [string, string][] = Object.keys(record.library)
      .sort()
      .map((file) => [file, this.hashOf(file) ?? '']);
    const sources = new Map<string, SourceRecord & { facts: readonly string[] }>();
    for (const file of Object.keys(record.sources).sort()) {
      const hash = hashOf(file) ?? '';
      const text = this.textOf(file) ?? '';
      const fileName = file.split(path.sep).join('/');
      const facts = hash === '' ? [] : this.rules.flatMap((rule) => (rule.meta.projectWide?.(fileName, text) ?? []).map((fact) => `${rule.meta.id}\0${fact}`));
      const recorded = record.sources[file];
      if (recorded.hash === hash) sources.set(file, { ...recorded, facts });
      else sources.set(file, { hash, global: hash !== '' && isGlobal(parsedAlone(file, text)), imports: [], facts });
    }
    return { library, sources };
  }

  /** What every file of a project depends on alike (see the comment at the top). */
  private fingerprint(host: ProjectHost, state: ProjectState): string {
    const hash = crypto.createHash('sha1');
    const add = (...parts: string[]) => {
      for (const part of parts) hash.update(part).update('\0');
    };
    add(this.engine, host.kind, host.key, stableJson(host.compilerOptions));
    const roots = new Set([...host.includedFileNames(), ...(this.runFilesByHost.get(host) ?? [])]);
    add('roots', ...[...roots].sort());
    add('library');
    for (const [file, fileHash] of state.library) add(file, fileHash);
    add('lockfiles');
    for (const lockfile of lockfilesAbove(host.kind === 'configured' ? path.dirname(host.key) : host.key)) add(lockfile, this.hashOf(lockfile) ?? '');
    add('sources');
    for (const [file, source] of state.sources) if (source.global) add('global', file, source.hash);
    // Which facts some file has, not which files: that is all the rules' whole-project reads ask.
    add('facts', ...[...firstFileOfEachFact(state.sources).keys()].sort());
    return hash.digest('base64');
  }

  /**
   * A file's key in its project's state, given the files whose code its analysis read with the hashes
   * of their texts; undefined when it cannot be cached (see SourceRecord.unstable), PENDING when the
   * signature of a file it imports is not known yet.
   */
  private keyOf(file: string, state: ProjectState, fingerprint: string, reads: Readonly<Record<string, string>>): string | typeof PENDING | undefined {
    let closures = this.closures.get(state);
    if (!closures) this.closures.set(state, (closures = closureHashes(state.sources)));
    const closure = closures.get(file);
    const own = state.sources.get(file);
    if (closure === undefined || closure === null || !own || own.hash === '') return undefined;
    if (closure === PENDING) return PENDING;
    const hash = crypto.createHash('sha1');
    hash.update(fingerprint).update('\0').update(configFingerprint(this.linter.configs.forFile(file))).update('\0').update(own.hash).update('\0').update(closure);
    for (const read of Object.keys(reads).sort()) hash.update('\0read\0').update(read).update('\0').update(reads[read]);
    return hash.digest('base64');
  }

  private textOf(file: string): string | undefined {
    if (!this.texts.has(file)) this.texts.set(file, ts.sys.readFile(file));
    return this.texts.get(file);
  }

  /** The hash of a file's text as TypeScript reads it; undefined when the file is absent. */
  private hashOf(file: string): string | undefined {
    let known = this.hashes.get(file);
    if (known === undefined) {
      const text = this.textOf(file);
      known = text === undefined ? '' : hashText(text);
      this.hashes.set(file, known);
    }
    return known === '' ? undefined : known;
  }

  private load(): Payload {
    const empty: Payload = { engine: this.engine, projects: {}, files: {} };
    const problem = (reason: string): Payload => {
      this.logger.warn(`Ignored the cache ${this.file}: ${reason}. Every file is analyzed afresh, and the cache is written anew.`);
      return empty;
    };
    const read = readCheckedFile(this.file, FORMAT, FORMAT_VERSION);
    switch (read.status) {
      case 'absent':
        return empty;
      case 'foreign':
        return problem('it is not a cache file of async-pitfalls');
      case 'other-version':
        return problem(`it has format version ${String(read.version)}, not ${FORMAT_VERSION}`);
      case 'damaged':
        return problem(read.why === 'checksum' ? 'it is truncated or damaged (its checksum does not match)' : 'it is damaged (not JSON)');
    }
    const payload = read.body;
    if (!isRecord(payload) || typeof payload.engine !== 'string' || !isRecord(payload.projects) || !isRecord(payload.files)) return problem('it is damaged');
    // Another version of the engine may find other things: its cache is not ours to use.
    if (payload.engine !== this.engine) return empty;
    return payload as unknown as Payload;
  }

  /** Writes the payload; returns the hash of the file's text, or undefined when it could not be written. */
  private write(payload: Payload): string | undefined {
    try {
      return writeCheckedFile(this.file, FORMAT, FORMAT_VERSION, payload);
    } catch (error) {
      this.logger.warn(`Could not write the cache ${this.file}: ${(error as Error).message}`);
      return undefined;
    }
  }
}

/**
 * Lints files in order, taking the findings of each file the cache holds valid and analyzing the others
 * with `lint` (recorded in the cache). A project with files to analyze takes the cached ones into its
 * program too, as a run without the cache would have: some rules read the whole program (see
 * RuleMeta.projectWide), which then holds the same files when each is analyzed.
 */
export function lintWithCache(
  linter: Linter,
  cache: LintCache | undefined,
  files: readonly string[],
  lint: (file: string) => LintResult | undefined,
): { file: string; cached?: CachedLint; result?: LintResult }[] {
  const hits = cache?.lookup(files) ?? new Map<string, CachedLint>();
  const misses = new Map<ProjectHost, string[]>();
  for (const file of files) {
    if (hits.has(file)) continue;
    const host = linter.workspace.hostFor(file);
    misses.set(host, [...(misses.get(host) ?? []), file]);
  }
  for (const [host, missed] of misses) {
    // Partial programs: a lazily loaded project's program holds the files to analyze and their companions.
    if (cache) cache.preloadFor(host, missed);
    // As in a run without the cache, every file of the run joins its project before the first analysis.
    else linter.workspace.preload(files.filter((file) => linter.workspace.hostFor(file) === host));
  }
  return files.map((file) => {
    const cached = hits.get(file);
    if (cached) return { file, cached };
    const result = lint(file);
    if (result) cache?.record(result);
    return { file, result };
  });
}

/**
 * An imported file, and when it is a declaration file of the project's own beside its JavaScript, that
 * JavaScript too: blocking-call follows a call through `lib/tools.d.ts` into the body in `lib/tools.js`.
 */
function withImplementation(program: ts.Program, imported: string): string[] {
  if (!/\.d\.[cm]?ts$/.test(imported) || /[\\/]node_modules[\\/]/.test(imported)) return [imported];
  const script = program.getSourceFile(imported.replace(/\.d(\.[cm]?)ts$/, '$1js'));
  return script && !script.isDeclarationFile ? [imported, script.fileName] : [imported];
}

/** What the cache keeps of a project file of a program, but its signature (see updateSignatures). */
function sourceRecordOf(program: ts.Program, sourceFile: ts.SourceFile): SourceRecord {
  const checker = program.getTypeChecker();
  const unstable = unresolvedImports(checker, sourceFile).some((specifier) => couldBeProjectFile(specifier, program.getCompilerOptions()));
  return {
    hash: hashText(sourceFile.text),
    global: isGlobal(sourceFile),
    imports: importsOf(checker, sourceFile).flatMap((imported) => withImplementation(program, imported)).map((imported) => path.normalize(imported)),
    ...(unstable ? { unstable } : {}),
  };
}

/** What the cache keeps of a program: its project files with their imports, and every other file it read. */
function recordOf(program: ts.Program): ProjectRecord {
  const library: Record<string, string> = {};
  const sources: Record<string, SourceRecord> = {};
  const packageJsons = new Set<string>();
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.fileName.startsWith(`${LIB_FOLDER}/`)) continue;
    const file = path.normalize(sourceFile.fileName);
    for (const location of (sourceFile as { packageJsonLocations?: readonly string[] }).packageJsonLocations ?? []) packageJsons.add(path.normalize(location));
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile) || /[\\/]node_modules[\\/]/.test(file)) {
      library[file] = hashText(sourceFile.text);
      continue;
    }
    sources[file] = sourceRecordOf(program, sourceFile);
  }
  for (const location of packageJsons) {
    const text = ts.sys.readFile(location);
    library[location] = text === undefined ? '' : hashText(text);
  }
  return { library, sources };
}

/**
 * For each project file, a hash of the signatures of the file and of every project file it imports,
 * directly or not: null when one of them is unstable (see SourceRecord), PENDING when a signature is not
 * known. One pass over the import graph: each strongly connected component (files that import each
 * other) hashes its members' signatures and its imports' hashes.
 */
function closureHashes(sources: ReadonlyMap<string, SourceRecord>): Map<string, string | null> {
  const result = new Map<string, string | null>();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const successors = (file: string) => sources.get(file)!.imports.filter((imported) => sources.has(imported));
  let counter = 0;
  for (const root of sources.keys()) {
    if (index.has(root)) continue;
    // Tarjan's algorithm without recursion: import chains can be long.
    const work: { file: string; next: number; successors: string[] }[] = [];
    const enter = (file: string) => {
      index.set(file, counter);
      low.set(file, counter++);
      stack.push(file);
      onStack.add(file);
      work.push({ file, next: 0, successors: successors(file) });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.next < frame.successors.length) {
        const next = frame.successors[frame.next++];
        if (!index.has(next)) enter(next);
        else if (onStack.has(next)) low.set(frame.file, Math.min(low.get(frame.file)!, index.get(next)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].file;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.file)!));
      }
      if (low.get(frame.file) !== index.get(frame.file)) continue;
      const members: string[] = [];
      for (let member = stack.pop()!; ; member = stack.pop()!) {
        onStack.delete(member);
        members.push(member);
        if (member === frame.file) break;
      }
      // The components it imports are done: Tarjan's algorithm finishes a component after those it reaches.
      const memberSet = new Set(members);
      let unstable = false;
      let pending = false;
      const hash = crypto.createHash('sha1');
      for (const member of members.sort()) {
        const source = sources.get(member)!;
        unstable ||= source.unstable === true;
        const signature = source.hash === '' ? 'absent' : source.signature;
        if (signature === undefined) pending = true;
        else hash.update(member).update('\0').update(signature).update('\0');
      }
      const imported = new Set<string>();
      for (const member of members) {
        for (const next of successors(member)) {
          if (memberSet.has(next)) continue;
          const known = result.get(next)!;
          if (known === null) unstable = true;
          else if (known === PENDING) pending = true;
          else imported.add(known);
        }
      }
      for (const known of [...imported].sort()) hash.update('>').update(known);
      const closure = unstable ? null : pending ? PENDING : hash.digest('base64');
      for (const member of members) result.set(member, closure);
    }
  }
  return result;
}

/** A key that waits on a signature not known yet (see LintCache.settle). */
const PENDING = '\0pending';

/** The project files whose signatures `files` need and the record does not know: the files and what they import, directly or not. */
function unknownSignatures(sources: ReadonlyMap<string, SourceRecord>, files: readonly string[]): string[] {
  const unknown: string[] = [];
  const seen = new Set<string>(files);
  const stack = [...files];
  while (stack.length > 0) {
    const file = stack.pop()!;
    const source = sources.get(file);
    if (!source) continue;
    if (source.hash !== '' && source.signature === undefined) unknown.push(file);
    for (const imported of source.imports) {
      if (!seen.has(imported)) {
        seen.add(imported);
        stack.push(imported);
      }
    }
  }
  return unknown.sort();
}

/**
 * Brings the signatures of a project's record up to date after a program, as TypeScript's build info
 * does: a file whose text changed (or whose signature is not known) has it computed again when the
 * program holds it, and the files that import it too, as long as the signatures change. A file the
 * program does not hold has its signature forgotten (a later program computes it). A file that no file
 * imports needs none.
 */
function updateSignatures(record: ProjectRecord, previous: ProjectRecord | undefined, program: ts.Program): void {
  const importers = new Map<string, string[]>();
  for (const [file, source] of Object.entries(record.sources)) {
    for (const imported of new Set(source.imports)) {
      if (imported === file || !(imported in record.sources)) continue;
      let list = importers.get(imported);
      if (!list) importers.set(imported, (list = []));
      list.push(file);
    }
  }
  // A signature holds while the file's text is the same and its imports' signatures are.
  const before = (file: string): string | undefined => {
    const earlier = previous?.sources[file];
    return earlier !== undefined && earlier.hash === record.sources[file].hash ? earlier.signature : undefined;
  };
  const dirty: string[] = [];
  for (const [file, source] of Object.entries(record.sources)) {
    const known = before(file);
    if (source.hash === '' || (known !== undefined && (known === NO_IMPORTERS) === !importers.has(file))) source.signature = known;
    else dirty.push(file);
  }
  const done = new Set<string>();
  while (dirty.length > 0) {
    const file = dirty.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    const source = record.sources[file];
    let now: string | undefined = NO_IMPORTERS;
    if (importers.has(file)) {
      const sourceFile = program.getSourceFile(toFileName(file));
      now = sourceFile && hashText(sourceFile.text) === source.hash ? signatureOf(program, sourceFile) : undefined;
    }
    if (now === undefined) delete source.signature;
    else source.signature = now;
    // The files that import it hold while its signature is the one they were computed with, whatever its text.
    if (now === undefined || now !== previous?.sources[file]?.signature) dirty.push(...(importers.get(file) ?? []));
  }
}

const signatures = new WeakMap<ts.Program, Map<string, string>>();

/**
 * The hash of a file's declaration signature in a program: TypeScript's declaration emit of the file
 * (as its builder computes signatures: inferred types included), with the emit's diagnostics, and the
 * file's text without its function bodies (what rules read of other files' declarations beyond their
 * types: `async`, a const's initializer, the functions of a `.d.ts`'s JavaScript).
 */
function signatureOf(program: ts.Program, sourceFile: ts.SourceFile): string {
  let known = signatures.get(program);
  if (!known) signatures.set(program, (known = new Map()));
  let signature = known.get(sourceFile.fileName);
  if (signature === undefined) {
    const hash = crypto.createHash('sha1');
    hash.update(textWithoutBodies(sourceFile)).update('\0');
    // emit(file, write, cancellation, emitOnly: builder signature, transformers, forceDtsEmit): as TypeScript's
    // builder calls it, so that noEmit and a JavaScript file without `declaration` still give declarations.
    const emit = program.emit as unknown as (...args: unknown[]) => ts.EmitResult;
    const result = emit.call(program, sourceFile, (_name: string, text: string) => hash.update(text).update('\0'), undefined, EMIT_ONLY_BUILDER_SIGNATURE, undefined, true);
    for (const diagnostic of result.diagnostics) hash.update(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')).update('\0');
    known.set(sourceFile.fileName, (signature = hash.digest('base64')));
  }
  return signature;
}

/** TypeScript's EmitOnly.BuilderSignature (internal): declarations only, as for a builder's signature. */
const EMIT_ONLY_BUILDER_SIGNATURE = 2;

/** The file's text with the body of every function (declarations, methods, accessors, function expressions, arrows) left out. */
function textWithoutBodies(sourceFile: ts.SourceFile): string {
  const bodies: [number, number][] = [];
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body !== undefined) {
      const body = (node as ts.FunctionLikeDeclaration).body!;
      bodies.push([body.pos, body.end]);
      // What comes before the body (modifiers, parameters with their defaults, the return type) stays.
      ts.forEachChild(node, (child) => {
        if (child !== body) stack.push(child);
      });
      continue;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  bodies.sort((a, b) => a[0] - b[0]);
  let text = '';
  let at = 0;
  for (const [start, end] of bodies) {
    if (start < at) continue;
    text += `${sourceFile.text.slice(at, start)} {}`;
    at = end;
  }
  return text + sourceFile.text.slice(at);
}

/** A file's name as the program knows it. */
function toFileName(file: string): string {
  return file.split(path.sep).join('/');
}

/** The record of a program of part of a project, completed with what the previous record knows of the files it does not hold. */
function mergedRecord(previous: ProjectRecord | undefined, fresh: ProjectRecord, exists: (file: string) => boolean, whole: boolean): ProjectRecord {
  if (!previous) return fresh;
  const sources: Record<string, SourceRecord> = {};
  for (const [file, source] of Object.entries(previous.sources)) if (!(file in fresh.sources) && exists(file)) sources[file] = { ...source };
  // A program of the whole project knows its packages: packages no longer used leave the record.
  return { library: whole ? fresh.library : { ...previous.library, ...fresh.library }, sources: { ...sources, ...fresh.sources } };
}

/** Each fact some project file has (RuleMeta.projectWide), with the first file by name that has it. */
function firstFileOfEachFact(sources: ReadonlyMap<string, { facts: readonly string[] }>): Map<string, string> {
  const first = new Map<string, string>();
  for (const [file, source] of sources) {
    for (const fact of source.facts) {
      const known = first.get(fact);
      if (known === undefined || file < known) first.set(fact, file);
    }
  }
  return first;
}

/** Whether a module name that resolves to nothing could come to name a file of the project (rather than a package, which the lockfile stands for). */
function couldBeProjectFile(specifier: string, options: ts.CompilerOptions): boolean {
  if (specifier.startsWith('.') || path.isAbsolute(specifier) || options.baseUrl !== undefined || options.rootDirs !== undefined) return true;
  return Object.keys(options.paths ?? {}).some((pattern) => {
    const star = pattern.indexOf('*');
    return star === -1 ? specifier === pattern : specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1));
  });
}

/**
 * A file parsed on its own, and for JavaScript bound too: the binder is what finds that a file is a
 * CommonJS module (`require()`, `exports.x =`), as a program's binder does.
 */
function parsedAlone(file: string, text: string): ts.SourceFile {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  if (/\.[cm]?jsx?$/i.test(file)) (ts as unknown as { bindSourceFile(file: ts.SourceFile, options: ts.CompilerOptions): void }).bindSourceFile(sourceFile, { allowJs: true });
  return sourceFile;
}

/**
 * Whether a file can add to the global scope: a script (no import or export), or a module with `declare
 * global` or `declare module "..."`. Parsed on its own (without the program's module detection), a file
 * counts as a script more often than in the program: that errs on the side of invalidating more.
 */
function isGlobal(sourceFile: ts.SourceFile): boolean {
  const isModule = ts.isExternalModule(sourceFile) || (sourceFile as { commonJsModuleIndicator?: unknown }).commonJsModuleIndicator !== undefined;
  if (!isModule) return true;
  return sourceFile.statements.some(
    (statement) => ts.isModuleDeclaration(statement) && (ts.isStringLiteral(statement.name) || (statement.flags & ts.NodeFlags.GlobalAugmentation) !== 0),
  );
}

/** The lockfiles in the folder and every folder above it. */
function lockfilesAbove(directory: string): string[] {
  const found: string[] = [];
  for (let current = path.resolve(directory); ; ) {
    for (const name of LOCKFILES) {
      const candidate = path.join(current, name);
      if (fs.existsSync(candidate)) found.push(candidate);
    }
    const parent = path.dirname(current);
    if (parent === current) return found;
    current = parent;
  }
}

function configFingerprint(config: ResolvedConfig): string {
  const rules = [...config.rules].sort(([a], [b]) => a.localeCompare(b));
  return stableJson({ file: config.file ?? null, honorEslintDisable: config.honorEslintDisable, rules });
}

let codeHash: string | undefined;

/**
 * The engine's version, its code and TypeScript's version. The code's hash is the bundler's (ENGINE_CODE:
 * the same for the CLI and the language server built together), else that of the module that runs.
 * Findings do not depend on where they are shown: the cache keeps those an environment hides (LintResult.hidden).
 */
function engineFingerprint(): string {
  if (codeHash === undefined) {
    let code = '';
    try {
      code = ENGINE_CODE ?? fs.readFileSync(__filename, 'utf8');
    } catch {
      // Only the version then tells engines apart.
    }
    codeHash = hashText(code);
  }
  return `${VERSION} ${codeHash} ts${ts.version}`;
}

/** JSON with object keys sorted, so that equal values give equal text. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    isRecord(inner) && !Array.isArray(inner) ? Object.fromEntries(Object.keys(inner).sort().map((key) => [key, inner[key]])) : inner,
  );
}

