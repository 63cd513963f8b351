import * as fs from 'node:fs';
import * as path from 'node:path';
import { measure, type Measurement } from './measure';

/** The CLI with --cache, run again after no change, after one function body changed, and after one exported signature changed. */
export interface WarmResult {
  corpus: string;
  /** The file edited, relative to the corpus. */
  edited: string;
  /** The first run: no cache yet, so every file is analyzed and the cache written. */
  filling: Measurement[];
  noChange: Measurement[];
  bodyChanged: Measurement[];
  signatureChanged: Measurement[];
}

/** A function body in the file, with a statement added at its start: the file's declarations stay the same. */
function withBodyChanged(text: string): string | undefined {
  const match = /\bfunction\b[^{;=]*\)\s*(?::[^{;=]+)?\{/.exec(text) ?? /\)\s*(?::[^{;=]+)?=>\s*\{/.exec(text);
  if (!match) return undefined;
  const at = match.index + match[0].length;
  return `${text.slice(0, at)}\n  void 0;${text.slice(at)}`;
}

/** The file with one more export: a signature every file that imports it sees. */
function withSignatureChanged(text: string): string {
  return `${text}\nexport function benchAddedExport(value: number): number {\n  return value + 1;\n}\n`;
}

/**
 * The file a warm run edits: the one in the middle of the sorted list whose text has a function body to
 * change and that other files import (a change there reaches more than the file itself).
 */
function fileToEdit(files: readonly string[]): string {
  const middle = files.slice(Math.floor(files.length / 2)).concat(files);
  const imported = (file: string) => {
    const base = path.basename(file).replace(/\.[cm]?[jt]sx?$/, '');
    return files.some((other) => other !== file && new RegExp(`/${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\.js)?['"]`).test(fs.readFileSync(other, 'utf8')));
  };
  return middle.find((file) => withBodyChanged(fs.readFileSync(file, 'utf8')) !== undefined && imported(file)) ?? middle[0];
}

/** The TypeScript sources under a path (JavaScript too when the corpus is JavaScript: `javaScript`). */
function sourceFiles(directory: string, javaScript: boolean): string[] {
  if (fs.statSync(directory).isFile()) return [directory];
  const found: string[] = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') found.push(...sourceFiles(full, javaScript));
    else if (entry.isFile() && (javaScript ? /\.[cm]?[jt]sx?$/ : /\.[cm]?tsx?$/).test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) found.push(full);
  }
  return found.sort();
}

/**
 * Warm runs of the CLI on a corpus: the cache kept outside the corpus, each edit measured on the first
 * run after it (the one that analyzes again), then undone and the cache brought back up to date.
 */
export async function runWarm(
  cli: string,
  name: string,
  root: string,
  cacheFolder: string,
  outDir: string,
  runs: number,
  log: (line: string) => void,
  /** What the CLI analyzes, relative to the root; a JavaScript corpus has its .js files edited. */
  corpusPaths: readonly string[] = ['src'],
  javaScript = false,
): Promise<WarmResult> {
  fs.rmSync(cacheFolder, { recursive: true, force: true });
  const args = [cli, ...corpusPaths, '--format', 'json', '--cache-location', cacheFolder];
  const stdoutFile = path.join(outDir, `${name}-warm.out`);
  const run = async (label: string): Promise<Measurement> => {
    const result = await measure(process.execPath, args, root, stdoutFile);
    if (result.exitCode > 1) throw new Error(`the CLI with --cache on ${name} exited ${result.exitCode}:\n${result.stderr}`);
    log(`${name} warm: ${label} ${(result.wallMs / 1000).toFixed(2)} s wall, ${(result.cpuMs / 1000).toFixed(2)} s CPU`);
    return result;
  };
  const file = fileToEdit(corpusPaths.flatMap((corpusPath) => sourceFiles(path.join(root, corpusPath), javaScript)).sort());
  const original = fs.readFileSync(file, 'utf8');
  const result: WarmResult = { corpus: name, edited: path.relative(root, file), filling: [], noChange: [], bodyChanged: [], signatureChanged: [] };
  try {
    result.filling.push(await run('filling the cache'));
    for (let round = 0; round < runs; round++) result.noChange.push(await run('no change'));
    for (const [edit, into] of [
      [withBodyChanged(original), result.bodyChanged],
      [withSignatureChanged(original), result.signatureChanged],
    ] as const) {
      if (edit === undefined) continue;
      for (let round = 0; round < runs; round++) {
        fs.writeFileSync(file, edit);
        into.push(await run(into === result.bodyChanged ? `one body changed (${result.edited})` : `one exported signature changed (${result.edited})`));
        fs.writeFileSync(file, original);
        await run('undone');
      }
    }
  } finally {
    fs.writeFileSync(file, original);
  }
  return result;
}
