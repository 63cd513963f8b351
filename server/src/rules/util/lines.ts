import type { ts } from '../../typescript';

/** A 0-based line and character, the character counted in UTF-16 code units (LSP's default encoding). */
export interface LineAndCharacter {
  line: number;
  character: number;
}

/**
 * Lines as editors, LSP and the CLI's report count them: only CR, LF and CRLF end a line. TypeScript's
 * own line map also breaks at U+2028 and U+2029, which would put every position after one a line off.
 */
export class LineMap {
  /** Offset of each line's first character. */
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (code === 10 /* \n */) {
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The line and character of an offset (clamped to the text). */
  position(offset: number): LineAndCharacter {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: clamped - this.starts[low] };
  }

  /** The offset of a line and character; as LSP asks, a character past the line's end means the end of the line. */
  offset(position: LineAndCharacter): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    return Math.max(start, Math.min(start + position.character, this.lineEnd(position.line)));
  }

  /** Offset of the first character of a line. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Offset where a line's text ends, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1];
    if (this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}

const maps = new WeakMap<Pick<ts.SourceFile, 'text'>, LineMap>();

/** The line map of a parsed file (or of any holder of a text), built once per tree. */
export function lineMapOf(sourceFile: Pick<ts.SourceFile, 'text'>): LineMap {
  let map = maps.get(sourceFile);
  if (!map) {
    map = new LineMap(sourceFile.text);
    maps.set(sourceFile, map);
  }
  return map;
}
