/** The encodings a source file is read in (as TypeScript's own file reading decodes them) and written back in. */
export type FileEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';

/**
 * A file's text and encoding, found from its byte order mark as TypeScript finds it when it reads the
 * file. Undefined when writing the text back in that encoding would not give the same bytes (the bytes
 * are not valid UTF-8 or UTF-16): such a file must not be rewritten.
 */
export function decodeFile(bytes: Uint8Array): { text: string; encoding: FileEncoding } | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let encoding: FileEncoding = 'utf8';
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) encoding = 'utf16be';
  else if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) encoding = 'utf16le';
  else if (buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) encoding = 'utf8-bom';
  let text: string;
  if (encoding === 'utf16be') text = swapBytes(buffer.subarray(2)).toString('utf16le');
  else if (encoding === 'utf16le') text = buffer.subarray(2).toString('utf16le');
  else text = buffer.subarray(encoding === 'utf8-bom' ? 3 : 0).toString('utf8');
  return encodeText(text, encoding).equals(buffer) ? { text, encoding } : undefined;
}

/** The bytes of a text in an encoding, with the byte order mark the encoding carries. */
export function encodeText(text: string, encoding: FileEncoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), swapBytes(Buffer.from(text, 'utf16le'))]);
  }
}

function swapBytes(buffer: Buffer): Buffer {
  const copy = Buffer.from(buffer.subarray(0, buffer.length - (buffer.length % 2)));
  return copy.swap16();
}
