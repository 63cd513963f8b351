import * as fs from 'node:fs';
import * as path from 'node:path';

/** The folder above which no config is looked for, for a folder being linted. */
export type RootFinder = (directory: string) => string;

/**
 * The project root of the CLI: the top of the git repository the folder is in (a `.git` folder or
 * file), else the nearest folder with a package.json, else `fallback` (the working directory) when
 * the folder is inside it, else the folder itself. A monorepo's packages thus share the config at
 * the repository's top, and a config in a shared folder above a project (a temporary folder, a home
 * folder) never applies to it.
 */
export function projectRootFinder(fallback: string | undefined, exists: (file: string) => boolean = fs.existsSync): RootFinder {
  const cache = new Map<string, { git?: string; packageJson?: string }>();
  const markers = (directory: string): { git?: string; packageJson?: string } => {
    const cached = cache.get(directory);
    if (cached) return cached;
    const parent = path.dirname(directory);
    const above = parent === directory ? {} : markers(parent);
    const found = {
      git: exists(path.join(directory, '.git')) ? directory : above.git,
      packageJson: exists(path.join(directory, 'package.json')) ? directory : above.packageJson,
    };
    cache.set(directory, found);
    return found;
  };
  return (directory) => {
    const found = markers(directory);
    if (found.git ?? found.packageJson) return (found.git ?? found.packageJson)!;
    return fallback !== undefined && isWithin(fallback, directory) ? fallback : directory;
  };
}

export function isWithin(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}
