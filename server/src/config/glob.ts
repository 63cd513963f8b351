/**
 * The glob patterns of the config's `ignore` list, matched in time linear in the path's length: a
 * pattern is compiled to a small automaton that is run over the path once, tracking every state it
 * can be in (no backtracking, so no pattern can make a match take long). The syntax, relative to the
 * config file's folder:
 *   `*` any characters but `/`; `?` one character but `/`; `**` as a whole segment: any number of
 *   folders (`dist/**` is dist and everything below it); `[abc]`, `[a-z]`, `[!a]`/`[^a]` one
 *   character of (not of) a set; `{a,b}` alternatives; `\x` the character x; a trailing `/` means
 *   the folder and everything below it; a leading `./` is dropped. Names starting with a dot match too.
 * Anything else with a meaning in other glob dialects (negation, extglobs, ranges) is rejected with a
 * message rather than matched differently.
 */

/** Stars in one path segment beyond this are surely a mistake (or an attack on other glob engines). */
export const MAX_STARS_PER_SEGMENT = 8;
const MAX_PATTERN_LENGTH = 1000;
const MAX_ALTERNATIVES = 64;

export type GlobMatcher = (relativePath: string) => boolean;

type Node =
  | { kind: 'char'; test: (char: string) => boolean }
  | { kind: 'loop'; test: (char: string) => boolean }
  /** An epsilon move to the next node and to `to`. */
  | { kind: 'split'; to: number };

const notSlash = (char: string) => char !== '/';
const anyChar = () => true;

/** Compiles a pattern, or says why it cannot be used. */
export function compileGlob(pattern: string): { matcher: GlobMatcher } | { error: string } {
  if (pattern.length === 0) return { error: 'is empty' };
  if (pattern.length > MAX_PATTERN_LENGTH) return { error: `is longer than ${MAX_PATTERN_LENGTH} characters` };
  if (pattern.startsWith('!')) return { error: 'starts with "!": negated patterns are not supported (list only what to ignore)' };
  const unsupported = unsupportedSyntax(pattern);
  if (unsupported) return { error: unsupported };
  let normalized = pattern.startsWith('./') ? pattern.slice(2) : pattern;
  if (normalized.endsWith('/') && !normalized.endsWith('\\/')) normalized += '**';
  const alternatives = expandBraces(normalized);
  if (typeof alternatives === 'string') return { error: alternatives };
  const automata: Node[][] = [];
  for (const alternative of alternatives) {
    const compiled = compileAlternative(alternative);
    if (typeof compiled === 'string') return { error: compiled };
    automata.push(compiled);
  }
  return { matcher: (relativePath) => automata.some((nodes) => run(nodes, relativePath)) };
}

function unsupportedSyntax(pattern: string): string | undefined {
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      i++;
      continue;
    }
    if ('@!+*?'.includes(char) && pattern[i + 1] === '(') {
      return `uses "${char}(": extended glob patterns are not supported`;
    }
    if (char === '[' && pattern.startsWith('[:', i + 1)) return 'uses a POSIX character class ("[[:"), which is not supported';
  }
  return undefined;
}

/** `{a,b}` alternatives, nested or not, expanded into whole patterns. */
function expandBraces(pattern: string): string[] | string {
  const open = findUnescaped(pattern, '{', 0);
  if (open < 0) return [pattern];
  // The matching close brace and the top-level commas between them.
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < pattern.length && close < 0; i++) {
    const char = pattern[i];
    if (char === '\\') i++;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) close = i;
    else if (char === ',' && depth === 1) commas.push(i);
  }
  if (close < 0) {
    // An unbalanced brace is a literal one: expand what follows it.
    const rest = expandBraces(pattern.slice(open + 1));
    return typeof rest === 'string' ? rest : rest.map((tail) => `${pattern.slice(0, open)}\\{${tail}`);
  }
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  if (commas.length === 0) {
    const inside = pattern.slice(open + 1, close);
    if (inside.includes('..')) return `uses a range ("{${inside}}"), which is not supported: list the alternatives ("{a,b}")`;
    const rest = expandBraces(tail);
    return typeof rest === 'string' ? rest : rest.map((end) => `${head}\\{${inside}\\}${end}`);
  }
  const bounds = [open, ...commas, close];
  const results: string[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const expanded = expandBraces(`${head}${pattern.slice(bounds[k] + 1, bounds[k + 1])}${tail}`);
    if (typeof expanded === 'string') return expanded;
    results.push(...expanded);
    if (results.length > MAX_ALTERNATIVES) return `has more than ${MAX_ALTERNATIVES} alternatives once its braces are expanded`;
  }
  return results;
}

function findUnescaped(text: string, wanted: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === wanted) return i;
  }
  return -1;
}

function compileAlternative(pattern: string): Node[] | string {
  const segments = splitSegments(pattern);
  const nodes: Node[] = [];
  let separatorPending = false;
  for (let k = 0; k < segments.length; k++) {
    const segment = segments[k];
    const isLast = k === segments.length - 1;
    if (segment === '**') {
      if (segments.length === 1) {
        nodes.push({ kind: 'loop', test: anyChar });
      } else if (isLast) {
        // `dir/**`: the folder itself, or a slash and anything below it.
        nodes.push({ kind: 'split', to: nodes.length + 3 }, { kind: 'char', test: (c) => c === '/' }, { kind: 'loop', test: anyChar });
      } else {
        // `**/` (after the separator before it): nothing, or anything that ends with a slash.
        if (separatorPending) nodes.push({ kind: 'char', test: (c) => c === '/' });
        nodes.push({ kind: 'split', to: nodes.length + 3 }, { kind: 'loop', test: anyChar }, { kind: 'char', test: (c) => c === '/' });
        separatorPending = false;
        continue;
      }
      separatorPending = false;
      continue;
    }
    if (separatorPending) nodes.push({ kind: 'char', test: (c) => c === '/' });
    const error = compileSegment(segment, nodes);
    if (error) return error;
    separatorPending = true;
  }
  return nodes;
}

/** Splits at the slashes that are not escaped. */
function splitSegments(pattern: string): string[] {
  const segments: string[] = [];
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === '/') {
      segments.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  segments.push(pattern.slice(start));
  return segments;
}

function compileSegment(segment: string, nodes: Node[]): string | undefined {
  let stars = 0;
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i];
    if (char === '*') {
      while (segment[i + 1] === '*') i++;
      if (++stars > MAX_STARS_PER_SEGMENT) {
        return `has more than ${MAX_STARS_PER_SEGMENT} wildcards ("*") in one path segment ("${segment}"); simplify it`;
      }
      nodes.push({ kind: 'loop', test: notSlash });
    } else if (char === '?') {
      nodes.push({ kind: 'char', test: notSlash });
    } else if (char === '[') {
      const parsed = parseClass(segment, i);
      if (parsed) {
        nodes.push({ kind: 'char', test: parsed.test });
        i = parsed.end;
      } else {
        nodes.push({ kind: 'char', test: (c) => c === '[' });
      }
    } else {
      const literal = char === '\\' && i + 1 < segment.length ? segment[++i] : char;
      nodes.push({ kind: 'char', test: (c) => c === literal });
    }
  }
  return undefined;
}

/** `[...]` starting at `start`: its test and the index of its `]`, or undefined when it is not closed. */
function parseClass(segment: string, start: number): { test: (char: string) => boolean; end: number } | undefined {
  let i = start + 1;
  const negated = segment[i] === '!' || segment[i] === '^';
  if (negated) i++;
  const singles = new Set<string>();
  const ranges: [string, string][] = [];
  let first = true;
  for (; i < segment.length; i++) {
    let char = segment[i];
    if (char === ']' && !first) {
      const matches = (c: string) => singles.has(c) || ranges.some(([low, high]) => c >= low && c <= high);
      return { test: (c) => c !== '/' && matches(c) !== negated, end: i };
    }
    first = false;
    if (char === '\\' && i + 1 < segment.length) char = segment[++i];
    if (segment[i + 1] === '-' && i + 2 < segment.length && segment[i + 2] !== ']') {
      let high = segment[i + 2];
      i += 2;
      if (high === '\\' && i + 1 < segment.length) high = segment[++i];
      ranges.push([char, high]);
    } else {
      singles.add(char);
    }
  }
  return undefined;
}

/** Runs the automaton over the text, tracking the set of states it can be in: O(nodes × text). */
function run(nodes: readonly Node[], text: string): boolean {
  const accept = nodes.length;
  let current = closure(nodes, [0]);
  for (const char of text) {
    if (current.size === 0) return false;
    const next: number[] = [];
    for (const state of current) {
      if (state === accept) continue;
      const node = nodes[state];
      if (node.kind === 'char' && node.test(char)) next.push(state + 1);
      else if (node.kind === 'loop' && node.test(char)) next.push(state);
    }
    current = closure(nodes, next);
  }
  return current.has(accept);
}

/** The states reachable from `states` without reading a character. */
function closure(nodes: readonly Node[], states: readonly number[]): Set<number> {
  const reached = new Set<number>();
  const pending = [...states];
  while (pending.length > 0) {
    const state = pending.pop()!;
    if (reached.has(state)) continue;
    reached.add(state);
    const node = nodes[state];
    if (!node) continue;
    if (node.kind === 'loop') pending.push(state + 1);
    else if (node.kind === 'split') pending.push(state + 1, node.to);
  }
  return reached;
}
