import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A JSON file that says what it is and proves it is whole: a header line (format name, format version,
 * length and sha1 of the body) then the body. The findings cache and the CLI's record of its last run
 * are kept so; a damaged, truncated or foreign file is told apart from a whole one and never trusted.
 */

export function hashText(text: string): string {
  return crypto.createHash('sha1').update(text).digest('base64');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type CheckedRead =
  | { readonly status: 'absent' }
  | { readonly status: 'foreign' }
  | { readonly status: 'other-version'; readonly version: unknown }
  | { readonly status: 'damaged'; readonly why: 'checksum' | 'not JSON' }
  | { readonly status: 'whole'; readonly body: unknown };

export function readCheckedFile(file: string, format: string, version: number): CheckedRead {
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch {
    return { status: 'absent' };
  }
  const newline = content.indexOf('\n');
  let header: unknown;
  try {
    header = JSON.parse(newline === -1 ? content : content.slice(0, newline));
  } catch {
    return { status: 'foreign' };
  }
  if (!isRecord(header) || header.format !== format) return { status: 'foreign' };
  if (header.version !== version) return { status: 'other-version', version: header.version };
  const body = newline === -1 ? '' : content.slice(newline + 1);
  if (header.length !== body.length || header.sha1 !== hashText(body)) return { status: 'damaged', why: 'checksum' };
  try {
    return { status: 'whole', body: JSON.parse(body) };
  } catch {
    return { status: 'damaged', why: 'not JSON' };
  }
}

/**
 * Writes `value` under its header through a temporary file renamed into place, so that runs sharing
 * the file never read a half-written one. Returns the hash of the text written; throws when it could
 * not be written (the temporary file is removed).
 */
export function writeCheckedFile(file: string, format: string, version: number, value: unknown): string {
  const body = JSON.stringify(value);
  const text = `${JSON.stringify({ format, version, length: body.length, sha1: hashText(body) })}\n${body}`;
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  return hashText(text);
}
