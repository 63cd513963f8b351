import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ts } from '../typescript';

/**
 * The TypeScript a project is written for, so that it is analyzed with that version's defaults rather
 * than those of the TypeScript we bundle. Read from package.json files only: nothing of the project runs.
 */
export interface ProjectTypeScript {
  /** The major version: 5 and below have the old defaults; 6, and 7 (the native compiler), the new ones. */
  readonly major: number;
  readonly version: string;
  /** Where the version was read. */
  readonly from: string;
}

/** Packages that install a TypeScript compiler, looked for in each node_modules from the project up. */
const COMPILER_PACKAGES = ['typescript', '@typescript/native-preview'];
const DEPENDENCY_FIELDS = ['devDependencies', 'dependencies', 'peerDependencies'];

/**
 * The TypeScript installed for the project in `directory`, as Node would find it: the nearest
 * node_modules/typescript up the tree (else the native TypeScript 7 compiler, @typescript/native-preview).
 * Without an installed compiler (a checkout before its install), the version the nearest package.json
 * that names `typescript` asks for. Undefined when neither is found: then the bundled defaults apply.
 */
export function projectTypeScript(directory: string): ProjectTypeScript | undefined {
  for (let current = path.resolve(directory); ; ) {
    if (path.basename(current) !== 'node_modules') {
      for (const name of COMPILER_PACKAGES) {
        const manifest = path.join(current, 'node_modules', name, 'package.json');
        const version = readJson(manifest)?.version;
        const major = typeof version === 'string' ? majorOf(version) : undefined;
        if (major !== undefined) return { major, version: version as string, from: manifest };
      }
    }
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return declaredTypeScript(directory);
}

/** The `typescript` version range of the nearest package.json that declares one, by its lowest major version. */
function declaredTypeScript(directory: string): ProjectTypeScript | undefined {
  for (let current = path.resolve(directory); ; ) {
    const manifest = path.join(current, 'package.json');
    const json = readJson(manifest);
    for (const field of DEPENDENCY_FIELDS) {
      const range = (json?.[field] as Record<string, unknown> | undefined)?.typescript;
      const major = typeof range === 'string' ? majorOf(range) : undefined;
      if (major !== undefined) return { major, version: range as string, from: manifest };
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** The first major version a version or range names ("5.4.5", "^5.0.0", "~4.9", ">=5 <6"); undefined for tags and URLs. */
function majorOf(version: string): number | undefined {
  const match = /^\s*(?:[\^~]|[<>]=?|=)?\s*v?(\d+)(?:\.|\s|$|-)/.exec(version);
  return match ? Number(match[1]) : undefined;
}

function readJson(file: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const json: unknown = JSON.parse(text);
    return json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The options of a config as the project's own TypeScript reads them. TypeScript 6 made `strict` the
 * default and `types` default to none; TypeScript 5 and older leave `strict` off unless the config
 * turns it on, and load every package of the type roots (`node_modules/@types`) unless `types` lists
 * some. Options the config sets are kept as they are.
 */
export function withProjectDefaults(options: ts.CompilerOptions, typescript: ProjectTypeScript | undefined): ts.CompilerOptions {
  if (!typescript || typescript.major >= 6) return options;
  return { ...options, strict: options.strict ?? false, types: options.types ?? ['*'] };
}
