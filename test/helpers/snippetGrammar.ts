// VS Code's snippet syntax (https://code.visualstudio.com/docs/editing/userdefinedsnippets#_snippet-syntax):
// tab stops, placeholders (nested), choices and variables with defaults, with `\` escapes. Transforms
// are not supported: no snippet of ours uses them, and the parser rejects them rather than guess.
// The parser is strict where VS Code is lenient (an unclosed `${` is an error here, text there), so a
// mistake in a generated body fails a test instead of inserting odd text.

export type SnippetNode =
  | { kind: 'text'; text: string }
  | { kind: 'tabstop'; index: number }
  | { kind: 'placeholder'; index: number; children: SnippetNode[] }
  | { kind: 'choice'; index: number; options: string[] }
  | { kind: 'variable'; name: string; children: SnippetNode[] | undefined };

export function parseSnippet(body: string): SnippetNode[] {
  let position = 0;
  const fail = (message: string): never => {
    throw new Error(`${message} at offset ${position} of snippet:\n${body}`);
  };

  /** Text up to the next `$`, or the next `}` when inside `${...}`, with `\$ \} \\` unescaped. */
  const text = (inside: boolean): string => {
    let out = '';
    while (position < body.length) {
      const c = body[position];
      if (c === '\\' && position + 1 < body.length && '$}\\'.includes(body[position + 1])) {
        out += body[position + 1];
        position += 2;
      } else if (c === '$' && /[0-9A-Za-z_{]/.test(body[position + 1] ?? '')) {
        break;
      } else if (c === '}' && inside) {
        break;
      } else {
        out += c;
        position++;
      }
    }
    return out;
  };

  const sequence = (inside: boolean): SnippetNode[] => {
    const nodes: SnippetNode[] = [];
    while (position < body.length) {
      if (inside && body[position] === '}') break;
      if (body[position] === '$' && /[0-9A-Za-z_{]/.test(body[position + 1] ?? '')) {
        nodes.push(dollar());
        continue;
      }
      const chunk = text(inside);
      if (chunk) nodes.push({ kind: 'text', text: chunk });
    }
    return nodes;
  };

  const dollar = (): SnippetNode => {
    position++; // $
    const simple = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(body.slice(position));
    if (body[position] !== '{') {
      if (!simple) return fail('a `$` that starts nothing');
      position += simple[0].length;
      return /^\d/.test(simple[0]) ? { kind: 'tabstop', index: Number(simple[0]) } : { kind: 'variable', name: simple[0], children: undefined };
    }
    position++; // {
    const name = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(body.slice(position));
    if (!name) return fail('`${` followed by neither a number nor a variable name');
    position += name[0].length;
    const isIndex = /^\d/.test(name[0]);
    const next = body[position];
    if (next === '}') {
      position++;
      return isIndex ? { kind: 'tabstop', index: Number(name[0]) } : { kind: 'variable', name: name[0], children: undefined };
    }
    if (next === ':') {
      position++;
      const children = sequence(true);
      if (body[position] !== '}') return fail(`\${${name[0]}: is not closed`);
      position++;
      return isIndex ? { kind: 'placeholder', index: Number(name[0]), children } : { kind: 'variable', name: name[0], children };
    }
    if (next === '|' && isIndex) {
      position++;
      const options: string[] = [];
      let current = '';
      for (;;) {
        if (position >= body.length) return fail(`choice \${${name[0]}| is not closed`);
        const c = body[position];
        if (c === '\\' && ',|\\'.includes(body[position + 1] ?? '')) {
          current += body[position + 1];
          position += 2;
        } else if (c === ',') {
          options.push(current);
          current = '';
          position++;
        } else if (c === '|' && body[position + 1] === '}') {
          options.push(current);
          position += 2;
          return { kind: 'choice', index: Number(name[0]), options };
        } else {
          current += c;
          position++;
        }
      }
    }
    if (next === '/') return fail('a transform (not supported by this parser)');
    return fail(`unexpected ${JSON.stringify(next)} after \${${name[0]}`);
  };

  const nodes = sequence(false);
  if (position !== body.length) fail('an unmatched `}`');
  return nodes;
}

/** Every node, depth first, in document order. */
export function walkSnippet(nodes: SnippetNode[], visit: (node: SnippetNode) => void): void {
  for (const node of nodes) {
    visit(node);
    if (node.kind === 'placeholder') walkSnippet(node.children, visit);
    if (node.kind === 'variable' && node.children) walkSnippet(node.children, visit);
  }
}

export interface ExpandOptions {
  /** What the user types at a tab stop, by index (0 included: text typed at the final cursor). */
  values?: Record<number, string>;
  /** Values of variables such as TM_SELECTED_TEXT; an unset or empty one falls back to its default. */
  variables?: Record<string, string>;
}

/**
 * The text VS Code inserts when the user accepts every default (or types `values`): a placeholder's
 * index has one value, shown at each of its occurrences; mirrors (`$1`) repeat it.
 */
export function expandSnippet(body: string, options: ExpandOptions = {}): string {
  const nodes = parseSnippet(body);
  const values = options.values ?? {};
  const variables = options.variables ?? {};
  const defaults = new Map<number, SnippetNode>();
  walkSnippet(nodes, (node) => {
    if ((node.kind === 'placeholder' || node.kind === 'choice') && !defaults.has(node.index)) defaults.set(node.index, node);
  });

  const valueOf = (index: number, seen: Set<number>): string => {
    if (index in values) return values[index];
    if (seen.has(index)) throw new Error(`tab stop ${index} contains itself`);
    const master = defaults.get(index);
    if (!master) return '';
    if (master.kind === 'choice') return master.options[0];
    return render((master as { children: SnippetNode[] }).children, new Set([...seen, index]));
  };
  const render = (list: SnippetNode[], seen: Set<number>): string =>
    list
      .map((node) => {
        switch (node.kind) {
          case 'text':
            return node.text;
          case 'tabstop':
          case 'placeholder':
          case 'choice':
            return valueOf(node.index, seen);
          case 'variable': {
            const value = variables[node.name];
            return value ? value : node.children ? render(node.children, seen) : '';
          }
        }
      })
      .join('');
  return render(nodes, new Set());
}
