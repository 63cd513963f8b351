import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const EXTENSION_BY_LANGUAGE: Record<string, string> = {
  typescript: '.ts',
  typescriptreact: '.tsx',
  javascript: '.js',
  javascriptreact: '.jsx',
};

/**
 * The local path of a `file:` URI, or undefined when it names no local file: a remote (UNC) host on a
 * system without them, an encoded separator (`%2F`), another scheme, or no string at all. Never throws:
 * one such URI must not stop the work on the others.
 */
export function localFilePath(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith('file:')) return undefined;
  try {
    return path.normalize(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

/**
 * The file path the engine uses for a document, or undefined for a document it leaves alone (see
 * localFilePath). Untitled documents get a stable virtual path under a folder of their own, with the
 * extension of their language.
 */
export function documentPath(uri: unknown, languageId: unknown): string | undefined {
  if (typeof uri !== 'string') return undefined;
  if (uri.startsWith('file:')) return localFilePath(uri);
  if (!uri.startsWith('untitled:')) return undefined;
  const name = encodeURIComponent(uri).replace(/%/g, '_');
  const extension = typeof languageId === 'string' ? EXTENSION_BY_LANGUAGE[languageId] : undefined;
  return path.join(path.sep, '__async_pitfalls_virtual__', `${name}${extension ?? '.ts'}`);
}

export function fileUri(filePath: string): string {
  return pathToFileURL(filePath).toString();
}
