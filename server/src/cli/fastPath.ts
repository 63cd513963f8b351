import { isUtf8 } from 'node:buffer';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hashText, isRecord, readCheckedFile, writeCheckedFile } from '../base/checkedFile';
import { isWithin, projectRootFinder } from '../config/roots';
import { cacheFolder } from '../engine/cacheFolder';
import { VERSION } from '../version';
import type { CliOptions } from './args';
import { formatJson } from './formatters/json';
import { formatSarif, type SarifRule } from './formatters/sarif';
import { formatStylish } from './formatters/stylish';
import type { Report } from './report';

export { cacheFolder };

/**
 * The warm run where nothing changed (the CLI's --cache). A cached run records its output and every input
 * that output depends on: the arguments, the engine, the text of every file the cache keys cover (see
 * engine/cache.ts: project files, declaration and package files, package.json files, lockfiles, tsconfigs
 * with what they extend, config files), the listing of every folder the run's files were collected from
 * and of every folder holding a project file, up to the project root (a new file there could join the
 * run or the project, or take over a module resolution), and the config, tsconfig, package and lockfile
 * names in every folder above.
 * The next run with the same arguments replays the output when all of that is the same, judged by the
 * hashes of the texts, without loading TypeScript or the engine. This module must not load them either:
 * the CLI's entry imports it.
 *
 * Not covered, as with the cache: a new file outside those folders that a tsconfig's include reaches
 * (a folder that held no project file), and packages changed under node_modules with no lockfile change.
 */

const FORMAT = 'async-pitfalls-last-run';
const FORMAT_VERSION = 1;
const FILE_NAME = 'last-run.json';
/** The entries of a folder that can change what a run collects, resolves or reads: folders, sources, JSON, lockfiles. */
const RELEVANT_ENTRY = /\.(?:[cm]?[jt]sx?|json|lock|lockb|yaml)$/;
/** Looked for in every folder above: what finds the project root, the config, the tsconfig, the project's TypeScript. */
const PROBED = [
  '.git',
  'package.json',
  'tsconfig.json',
  'jsconfig.json',
  '.async-pitfalls.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  path.join('node_modules', 'typescript', 'package.json'),
  path.join('node_modules', '@typescript', 'native-preview', 'package.json'),
  path.join('node_modules', '@types', 'node'),
];

/** What a run printed, before formatting: replayed in any format. */
export interface RunOutput {
  report: Omit<Report, 'ms'>;
  /** The rules as SARIF describes them (the registry's, which the entry does not load). */
  sarifRules: SarifRule[];
  /** What the run wrote to stderr after the report. */
  stderr: string;
  exitCode: number;
}

interface Manifest {
  key: string;
  engine: string;
  /** File -> hash of its text as TypeScript reads it, '' when absent. */
  files: Record<string, string>;
  /** Folder -> hash of its relevant entries. */
  folders: Record<string, string>;
  /** Path in a folder above -> hash of its text, 'folder', or '' when absent. */
  probes: Record<string, string>;
  output: RunOutput;
}

export interface FastPathIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY: boolean;
}


/** Whether a run with these options may be replayed or recorded: a cached run that changes no file. */
export function usesFastPath(options: CliOptions): boolean {
  return options.cache && !options.fix && !options.help && !options.version;
}

/**
 * Replays the last run's output when it was made with the same arguments (apart from the format) and
 * engine and nothing it depends on changed. Returns the exit code, or undefined when the run must be made.
 */
export function replayLastRun(options: CliOptions, io: FastPathIo, started: number): number | undefined {
  const engine = engineFingerprint();
  if (engine === undefined) return undefined;
  const file = path.join(cacheFolder(options.cacheLocation, io.cwd), FILE_NAME);
  const manifest = readManifest(file, io);
  if (!manifest || manifest.key !== runKey(options, io.cwd) || manifest.engine !== engine) return undefined;
  for (const [probe, hash] of Object.entries(manifest.probes)) if (probeHash(probe) !== hash) return undefined;
  for (const [folder, hash] of Object.entries(manifest.folders)) if (folderHash(folder) !== hash) return undefined;
  for (const [input, hash] of Object.entries(manifest.files)) if (textHash(input) !== hash) return undefined;
  const { output } = manifest;
  const report: Report = { ...output.report, ms: performance.now() - started };
  io.stdout(formatOutput(report, options, io, output.sarifRules));
  io.stderr(output.stderr);
  return output.exitCode;
}

/** The report in the options' format, as the full run prints it. */
export function formatOutput(report: Report, options: CliOptions, io: FastPathIo, sarifRules: readonly SarifRule[]): string {
  return options.format === 'json'
    ? formatJson(report)
    : options.format === 'sarif'
      ? formatSarif(report, VERSION, io.cwd, sarifRules)
      : formatStylish(report, io.isTTY && !process.env.NO_COLOR);
}

/** What a cached run read, gathered as it runs; `save` records it with the run's output. */
export class RunRecorder {
  private readonly folders = new Map<string, string>();

  /** A folder the run's files were collected from, with the entries read. */
  collected(folder: string, entries: readonly fs.Dirent[]): void {
    this.folders.set(folder, entriesHash(entries));
  }

  /**
   * Writes the record: `inputs` are the files the findings depend on with the hashes of their texts as
   * the run read them (LintCache.inputs). Folders holding a project file that the collection did not
   * read are listed now.
   */
  save(options: CliOptions, cwd: string, inputs: ReadonlyMap<string, string>, output: RunOutput): void {
    const engine = engineFingerprint();
    if (engine === undefined) return;
    const folders = new Map(this.folders);
    // The folders of the project's files and those above them up to the project root: where a new file
    // could take over a module resolution (`../lib/thing` naming lib/thing.ts rather than lib/thing/index.d.ts).
    const rootOf = projectRootFinder(cwd);
    const ownFolder = cacheFolder(options.cacheLocation, cwd);
    for (const input of inputs.keys()) {
      // The cache's folder holds what the runs write (this record among them), not what they read.
      if (/[\\/]node_modules[\\/]/.test(input) || path.dirname(input) === ownFolder) continue;
      const root = rootOf(path.dirname(input));
      for (let folder = path.dirname(input); !folders.has(folder) && isWithin(root, folder); folder = path.dirname(folder)) {
        folders.set(folder, folderHash(folder));
        if (folder === root) break;
      }
    }
    const probes: Record<string, string> = {};
    const above = new Set<string>();
    for (const folder of folders.keys()) {
      for (let current = folder; !above.has(current); current = path.dirname(current)) {
        above.add(current);
        if (path.dirname(current) === current) break;
      }
    }
    for (const folder of [...above].sort()) for (const name of PROBED) probes[path.join(folder, name)] = probeHash(path.join(folder, name));
    const manifest: Manifest = {
      key: runKey(options, cwd),
      engine,
      files: Object.fromEntries([...inputs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      folders: Object.fromEntries([...folders].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      probes,
      output,
    };
    const file = path.join(cacheFolder(options.cacheLocation, cwd), FILE_NAME);
    try {
      writeCheckedFile(file, FORMAT, FORMAT_VERSION, manifest);
    } catch {
      // The next run is then a full one; the cache itself said whether it could be written.
    }
  }
}

/** The arguments that decide a run's output apart from its format, and the folder they are read from. */
function runKey(options: CliOptions, cwd: string): string {
  const { paths, project, maxWarnings, shard, maxFileTime, cacheLocation } = options;
  return hashText(JSON.stringify({ cwd, paths, project: project ?? null, maxWarnings: maxWarnings ?? null, shard: shard ?? null, maxFileTime: maxFileTime ?? null, cacheLocation: cacheLocation ?? null }));
}

let engine: string | null | undefined;

/**
 * The code that runs: the version and the two bundles of the CLI (its entry and the engine, side by
 * side). Undefined when they are not there (the sources run directly): nothing is recorded or replayed.
 */
function engineFingerprint(): string | undefined {
  if (engine === undefined) {
    try {
      const hash = crypto.createHash('sha1').update(VERSION).update('\0');
      for (const bundle of ['cli.js', 'cli-engine.js']) hash.update(fs.readFileSync(path.join(__dirname, bundle))).update('\0');
      engine = hash.digest('base64');
    } catch {
      engine = null;
    }
  }
  return engine ?? undefined;
}

function readManifest(file: string, io: FastPathIo): Manifest | undefined {
  const ignored = (reason: string): undefined => {
    io.stderr(`warning: Ignored the record of the last run ${file}: ${reason}. The run is made in full, and the record written anew.\n`);
    return undefined;
  };
  const read = readCheckedFile(file, FORMAT, FORMAT_VERSION);
  switch (read.status) {
    // Another version's record: not ours to read, and not damaged either.
    case 'absent':
    case 'other-version':
      return undefined;
    case 'foreign':
      return ignored('it is not a record of async-pitfalls');
    case 'damaged':
      return ignored(read.why === 'checksum' ? 'it is truncated or damaged (its checksum does not match)' : 'it is damaged (not JSON)');
  }
  const manifest = read.body;
  if (!isRecord(manifest) || !isRecord(manifest.files) || !isRecord(manifest.folders) || !isRecord(manifest.probes) || !isRecord(manifest.output)) return ignored('it is damaged');
  return manifest as unknown as Manifest;
}

/** The hash of a file's text as TypeScript's `sys.readFile` decodes it (engine/cache.ts hashes the same), '' when it cannot be read. */
function textHash(file: string): string {
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch {
    return '';
  }
  // Valid UTF-8 without a byte order mark is its own text's encoding: hashed as it is, without decoding.
  if (!(buffer.length >= 2 && (buffer[0] === 0xfe || buffer[0] === 0xff || buffer[0] === 0xef)) && isUtf8(buffer)) {
    return crypto.createHash('sha1').update(buffer).digest('base64');
  }
  return hashText(decodeAsTypeScript(buffer));
}

/** A byte order mark decides: UTF-16 big or little endian, UTF-8 without it; else UTF-8. */
function decodeAsTypeScript(buffer: Buffer): string {
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(0, buffer.length & ~1));
    swapped.swap16();
    return swapped.toString('utf16le', 2);
  }
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.toString('utf16le', 2);
  if (buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return buffer.toString('utf8', 3);
  return buffer.toString('utf8');
}

function probeHash(file: string): string {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return '';
  return stat.isDirectory() ? 'folder' : textHash(file);
}

function folderHash(folder: string): string {
  try {
    return entriesHash(fs.readdirSync(folder, { withFileTypes: true }));
  } catch {
    return '';
  }
}

function entriesHash(entries: readonly fs.Dirent[]): string {
  const kind = (entry: fs.Dirent) => (entry.isDirectory() ? 'd' : entry.isFile() ? 'f' : entry.isSymbolicLink() ? 'l' : 'o');
  const names = entries
    .filter((entry) => entry.isDirectory() || RELEVANT_ENTRY.test(entry.name))
    .map((entry) => `${kind(entry)}${entry.name}`)
    .sort();
  return hashText(names.join('\0'));
}

