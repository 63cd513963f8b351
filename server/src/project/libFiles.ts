import * as fs from 'node:fs';
import * as path from 'node:path';
import { readIfPresent } from './files';

/**
 * TypeScript's lib files (lib.es2022.d.ts, lib.dom.d.ts, ...) of the compiler the engine runs on, served
 * from this virtual folder: the packaged extension and the CLI ship no typescript package.
 */
export const LIB_FOLDER = '/node_modules/typescript/lib';

/**
 * The bundles (dist/cli.js, dist/server.js) find them in the `lib` folder beside them, which the build
 * writes, and read only those a program uses. Run from the sources (tests, tsx), they come from
 * @ts-morph/common, which holds all of them in memory.
 */
const SHIPPED_FOLDER = path.join(__dirname, 'lib');
/** A variable, so that the bundler leaves this package out: it is there only when running from the sources. */
const LIB_FILES_PACKAGE = '@ts-morph/common';

let texts: Map<string, string | undefined> | undefined;
let shipped: boolean | undefined;

/** The text of a lib file, by its path in LIB_FOLDER; undefined for any other path. */
export function libText(fileName: string): string | undefined {
  if (!fileName.startsWith(`${LIB_FOLDER}/`)) return undefined;
  shipped ??= fs.existsSync(path.join(SHIPPED_FOLDER, 'lib.d.ts'));
  if (!texts) {
    texts = new Map();
    if (!shipped) {
      const { getLibFiles } = require(LIB_FILES_PACKAGE) as typeof import('@ts-morph/common');
      for (const file of getLibFiles()) texts.set(`${LIB_FOLDER}/${file.fileName}`, file.text);
    }
  }
  if (!shipped || texts.has(fileName)) return texts.get(fileName);
  const name = fileName.slice(LIB_FOLDER.length + 1);
  // Only lib file names: never a path that leads out of the folder.
  const text = /^lib\.[\w.-]+\.d\.ts$|^lib\.d\.ts$/.test(name) ? readIfPresent(path.join(SHIPPED_FOLDER, name)) : undefined;
  texts.set(fileName, text);
  return text;
}
