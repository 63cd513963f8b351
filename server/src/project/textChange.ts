/** What an edit changed: [start, oldEnd) of the previous text became [start, newEnd) of the current one. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The changed span between two texts: their common prefix and suffix left out. Undefined when they are equal. */
export function textChange(previous: string, current: string): TextChange | undefined {
  if (previous === current) return undefined;
  const shorter = Math.min(previous.length, current.length);
  let start = 0;
  while (start < shorter && previous.charCodeAt(start) === current.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < shorter - start && previous.charCodeAt(previous.length - 1 - suffix) === current.charCodeAt(current.length - 1 - suffix)) suffix++;
  return { start, oldEnd: previous.length - suffix, newEnd: current.length - suffix };
}
