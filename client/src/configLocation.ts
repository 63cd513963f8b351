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
 * The config file that applies to a file: the nearest one from its folder up to the workspace folder
 * (the server's lookup also stops there), or undefined when there is none.
 */
export function nearestConfig(fileFolder: string, workspaceFolder: string, exists: (file: string) => boolean): string | undefined {
  return foldersUpTo(fileFolder, workspaceFolder)
    .map((folder) => path.join(folder, CONFIG_FILE_NAME))
    .find(exists);
}

/**
 * The `$schema` of a new config file in `configFolder`: the installed package's schema, relative (so it
 * works offline and in any editor), else its web address.
 */
export function schemaReference(configFolder: string, workspaceFolder: string, exists: (file: string) => boolean): string {
  const installed = foldersUpTo(configFolder, workspaceFolder).find((folder) => exists(path.join(folder, PACKAGE_SCHEMA)));
  if (installed === undefined) return SCHEMA_WEB_URL;
  const relative = path.relative(configFolder, path.join(installed, PACKAGE_SCHEMA)).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** A new config file: the schema and an empty rule list, ready for completion. */
export function newConfigText(schema: string): string {
  return `${JSON.stringify({ $schema: schema, rules: {} }, null, 2)}\n`;
}
