import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const EXTENSION_BY_LANGUAGE: Record<string, string> = {
  typescript: '.ts',
  typescriptreact: '.tsx',
  javascript: '.js',
  javascriptreact: '.jsx',
};

/**
 * The file path the engine uses for a document. Documents with no file on disk (untitled) get a
 * stable virtual path under a folder of their own, with the extension of their language.
 */
export function documentPath(uri: string, languageId: string): string {
  if (uri.startsWith('file:')) return path.normalize(fileURLToPath(uri));
  const name = encodeURIComponent(uri).replace(/%/g, '_');
  return path.join(path.sep, '__async_pitfalls_virtual__', `${name}${EXTENSION_BY_LANGUAGE[languageId] ?? '.ts'}`);
}

export function fileUri(filePath: string): string {
  return pathToFileURL(filePath).toString();
}
