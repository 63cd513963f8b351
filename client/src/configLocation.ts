import * as path from 'node:path';

export const CONFIG_FILE_NAME = '.async-pitfalls.json';
/** The schema in the npm package, relative to the folder it is installed in. */
const PACKAGE_SCHEMA = path.join('node_modules', 'async-pitfalls', 'schemas', 'async-pitfalls.schema.json');
/** Where the schema can be fetched when no local copy is installed next to the config file. */
export const SCHEMA_WEB_URL = 'https://raw.githubusercontent.com/async-pitfalls/async-pitfalls/main/schemas/async-pitfalls.schema.json';

/** The folders from `start` up to `root`, both included; just `start` when it is not inside `root`. */
function foldersUpTo(start: string, root: string): string[] {
  const folders: string[] = [];
  for (let folder = start; ; folder = path.dirname(folder)) {
    folders.push(folder);
    const relative = path.relative(root, folder);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative) || path.dirname(folder) === folder) return folders;
  }
}

/**
 * The `$schema` of a new config file in `configFolder`: the schema of the package installed there or in
 * a folder above it up to `topFolder`, relative (so it works offline and in any editor), else its web address.
 */
export async function schemaReference(configFolder: string, topFolder: string, exists: (file: string) => Promise<boolean>): Promise<string> {
  for (const folder of foldersUpTo(configFolder, topFolder)) {
    // The nearest installation wins, as Node's resolution would find it.
    if (await exists(path.join(folder, PACKAGE_SCHEMA))) {
      const relative = path.relative(configFolder, path.join(folder, PACKAGE_SCHEMA)).split(path.sep).join('/');
      return relative.startsWith('.') ? relative : `./${relative}`;
    }
  }
  return SCHEMA_WEB_URL;
}

/** A new config file: the schema and an empty rule list, ready for completion. */
export function newConfigText(schema: string): string {
  return `${JSON.stringify({ $schema: schema, rules: {} }, null, 2)}\n`;
}
