import * as path from 'node:path';
import { projectRootFinder } from '../config/roots';

// Without TypeScript: the CLI's small entry (cli/fastPath.ts) reads it too.

/**
 * The findings cache's folder, shared by the CLI (`--cache-location`, run in `cwd`) and the language server
 * (`asyncPitfalls.cacheLocation`, for a workspace folder): the one given, relative to `cwd`, else
 * node_modules/.cache/async-pitfalls in the project root of `cwd`.
 */
export function cacheFolder(location: string | undefined, cwd: string): string {
  return location !== undefined ? path.resolve(cwd, location) : path.join(projectRootFinder(cwd)(cwd), 'node_modules', '.cache', 'async-pitfalls');
}
