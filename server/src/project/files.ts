import * as fs from 'node:fs';
import * as path from 'node:path';

const SOURCE_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;
/** `x.d.ts`, `x.d.mts`, and declarations for other file kinds (`styles.d.css.ts`). */
const DECLARATION_FILE = /\.d\.([^./\\]+\.)?[cm]?ts$/;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

export function isDeclarationFileName(file: string): boolean {
  return DECLARATION_FILE.test(file);
}

/** A source file of one's own by its path: not a declaration file, not under node_modules. */
export function isOwnSourcePath(file: string): boolean {
  return !DECLARATION_FILE.test(file) && !/[\\/]node_modules[\\/]/.test(file);
}

/** A file's text, or undefined when it cannot be read (absent, a folder, no permission). */
export function readIfPresent(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function isLintableFile(file: string): boolean {
  return SOURCE_EXTENSION.test(file) && !DECLARATION_FILE.test(file);
}

/**
 * Expands the CLI's paths into source files, sorted, skipping node_modules and ignored paths.
 * A file named explicitly is linted even if its extension is unusual for a folder walk.
 * Throws when a path does not exist.
 */
export function collectFiles(
  paths: readonly string[],
  /** `named` is true for the paths given, false for what the walk finds below them. */
  isIgnored: (absolutePath: string, named: boolean) => boolean,
  /** Told of each folder read, with its entries. */
  onFolder?: (folder: string, entries: readonly fs.Dirent[]) => void,
): string[] {
  const files = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(given);
    const stat = fs.statSync(absolute, { throwIfNoEntry: false });
    if (!stat) throw new Error(`No such file or directory: ${given}`);
    if (stat.isFile()) {
      if (!isIgnored(absolute, true)) files.add(absolute);
      continue;
    }
    const pending = [absolute];
    while (pending.length > 0) {
      const directory = pending.pop()!;
      if (isIgnored(directory, directory === absolute)) continue;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(directory, { withFileTypes: true });
      } catch {
        continue;
      }
      onFolder?.(directory, entries);
      for (const entry of entries) {
        const full = path.join(directory, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRECTORIES.has(entry.name)) pending.push(full);
        } else if (entry.isFile() && isLintableFile(entry.name) && !isIgnored(full, false)) {
          files.add(full);
        }
      }
    }
  }
  return [...files].sort();
}
