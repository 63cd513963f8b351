// Writes snippets/typescript.json and snippets/javascript.json from the snippet sources in
// server/src/snippets/*.ts (run by `npm run build`; a test checks the committed files are in sync).
//
// A snippet source is a real, type-checked TypeScript module:
// - a leading comment with `@prefix`, `@name` and `@description`;
// - the snippet's code between a `// #region snippet` line and a `// #endregion` line; the code
//   around it is the context the snippet is checked and run in, and is not part of the snippet;
// - `import { X } from '../patterns/<file>';` inside the region stands for that pattern's code, the
//   very text the quick fixes insert (scripts/generate-patterns.ts), so both have one source;
// - snippet syntax as comments around its default text, so the source stays valid TypeScript:
//   `/*${1:*/name/*}*/` is the placeholder `${1:name}` (later occurrences of the same number become
//   the mirror `$1`), `/*${2|a,b|*/a/*}*/` the choice `${2|a,b|}` (default: its first option),
//   `/*${TM_SELECTED_TEXT:*/x/*}*/` a variable with a default, `/*$0*/` the final cursor.
// The JavaScript body is the same module with its types cut out (scripts/strip-types.ts), checked to
// parse as JavaScript and to be the program TypeScript emits for the TypeScript one.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { patternSource } from './generate-patterns';
import { checkStripped, stripTypes } from './strip-types';

const root = path.resolve(__dirname, '..');
const sourceDirectory = path.join(root, 'server/src/snippets');

export const SNIPPET_FILES = { typescript: 'snippets/typescript.json', javascript: 'snippets/javascript.json' } as const;
export type SnippetLanguage = keyof typeof SNIPPET_FILES;

export interface SnippetVariant {
  /** The whole source module, pattern imports inlined, region lines and snippet markers kept. */
  module: string;
  /** The snippet body in VS Code's snippet syntax, one string a line, indented with tabs. */
  body: string[];
}

export interface SnippetDefinition {
  prefix: string;
  name: string;
  description: string;
  /** Path of the source, relative to the repository root. */
  source: string;
  typescript: SnippetVariant;
  javascript: SnippetVariant;
}

const REGION_START = /^([ \t]*)\/\/ #region snippet\n/m;
const REGION_END = /^[ \t]*\/\/ #endregion\n/m;

/** The region's text (its lines, not the marker lines), where it starts and ends, and its indentation. */
export function regionOf(module: string): { start: number; end: number; indent: string; text: string } {
  const open = REGION_START.exec(module);
  if (!open) throw new Error('no `// #region snippet` line');
  const start = open.index + open[0].length;
  const close = REGION_END.exec(module.slice(start));
  if (!close) throw new Error('no `// #endregion` line after `// #region snippet`');
  const end = start + close.index;
  return { start, end, indent: open[1], text: module.slice(start, end) };
}

/** `module` with the region's lines replaced by `body` (tab-indented, as in a snippet), indented to fit. */
export function spliceRegion(module: string, body: string): string {
  const { start, end, indent } = regionOf(module);
  const lines = body.split('\n').map((line) => {
    const text = line.replace(/^\t+/, (tabs) => '  '.repeat(tabs.length));
    return text === '' ? '' : indent + text;
  });
  return `${module.slice(0, start)}${lines.join('\n')}\n${module.slice(end)}`;
}

function metadata(text: string, file: string): Pick<SnippetDefinition, 'prefix' | 'name' | 'description'> {
  const header = /^\/\*\*([^]*?)\*\//.exec(text);
  if (!header) throw new Error(`${file}: starts with no /** ... */ comment holding @prefix, @name and @description`);
  const tags = new Map<string, string>();
  for (const match of header[1].replace(/^\s*\* ?/gm, '').matchAll(/@(\w+)\s+([^@]*)/g)) {
    tags.set(match[1], match[2].replace(/\s+/g, ' ').trim());
  }
  const tag = (name: string): string => {
    const value = tags.get(name);
    if (!value) throw new Error(`${file}: its header has no @${name}`);
    return value;
  };
  return { prefix: tag('prefix'), name: tag('name'), description: tag('description') };
}

/** Replaces `import { X } from '../patterns/<file>';` lines in the region with that pattern's code. */
function inlinePatterns(module: string, file: string): string {
  const { start, end, indent, text } = regionOf(module);
  const inlined = text.replace(/^[ \t]*import \{ (\w+) \} from '\.\.\/patterns\/(\w+)';\n/gm, (_, name: string, pattern: string) => {
    const code = patternSource(pattern);
    if (!new RegExp(`^(?:async )?(?:function|class) ${name}\\b`, 'm').test(code)) {
      throw new Error(`${file}: pattern ${pattern} does not declare ${name}`);
    }
    return code.replace(/^(?=.)/gm, indent);
  });
  return module.slice(0, start) + inlined + module.slice(end);
}

const MARKER = /\/\*(\$\{\d+:|\$\{\d+\|[^|*]*\||\$\{[A-Z_]+:|\$\d+|\})\*\//g;

type Piece = { kind: 'text'; text: string } | { kind: 'marker'; marker: string };

function pieces(text: string): Piece[] {
  const result: Piece[] = [];
  let position = 0;
  for (const match of text.matchAll(MARKER)) {
    result.push({ kind: 'text', text: text.slice(position, match.index) }, { kind: 'marker', marker: match[1] });
    position = match.index + match[0].length;
  }
  result.push({ kind: 'text', text: text.slice(position) });
  return result;
}

/** The region's code as it reads with every placeholder at its default: what the snippet inserts. */
export function withoutMarkers(text: string): string {
  return text.replace(MARKER, '');
}

/** Translates the marker comments of a region to snippet syntax, escaping the literal text around them. */
function snippetSyntax(text: string, where: string): string {
  const items = pieces(text);
  let index = 0;
  const defaults = new Map<string, string>();
  /** Reads until the marker that closes the current placeholder; returns [snippet text, raw default]. */
  const parse = (depth: number): [string, string] => {
    let out = '';
    let raw = '';
    while (index < items.length) {
      const item = items[index++];
      if (item.kind === 'text') {
        raw += item.text;
        out += item.text.replace(depth > 0 ? /[$}\\]/g : /[$\\]/g, (c) => `\\${c}`);
        continue;
      }
      const { marker } = item;
      if (marker === '}') {
        if (depth === 0) throw new Error(`${where}: a /*}*/ closes no placeholder`);
        return [out, raw];
      }
      if (/^\$\d+$/.test(marker)) {
        out += marker;
        continue;
      }
      const open = /^\$\{(\d+|[A-Z_]+)([:|])(.*)$/.exec(marker)!;
      const [, key, kind, rest] = open;
      const [inner, innerRaw] = parse(depth + 1);
      raw += innerRaw;
      if (kind === '|') {
        const options = rest.slice(0, -1).split(',');
        if (innerRaw !== options[0]) throw new Error(`${where}: choice $${key} reads "${innerRaw}", not its first option "${options[0]}"`);
      }
      // A tab stop's later occurrences become mirrors; variables are written out wherever they stand.
      const known = defaults.get(key);
      if (known !== undefined) {
        if (known !== innerRaw) throw new Error(`${where}: placeholder ${key} has two defaults, "${known}" and "${innerRaw}"`);
        out += `$${key}`;
        continue;
      }
      if (/^\d+$/.test(key)) defaults.set(key, innerRaw);
      out += kind === '|' ? `\${${key}|${rest}}` : `\${${key}:${inner}}`;
    }
    if (depth > 0) throw new Error(`${where}: a placeholder is not closed with /*}*/`);
    return [out, raw];
  };
  return parse(0)[0];
}

/** The region as snippet body lines: dedented, indentation as tabs (VS Code turns them into the user's). */
function bodyOf(module: string, where: string): string[] {
  const { indent, text } = regionOf(module);
  const lines = snippetSyntax(text, where).replace(/^\n+|\n+$/g, '').split('\n');
  return lines.map((line) => {
    if (line.trim() === '') return '';
    if (!line.startsWith(indent)) throw new Error(`${where}: a region line is indented less than the region: ${line}`);
    return line.slice(indent.length).replace(/^ +/, (spaces) => '\t'.repeat(Math.floor(spaces.length / 2)) + ' '.repeat(spaces.length % 2));
  });
}

export function snippetDefinitions(): SnippetDefinition[] {
  const files = readdirSync(sourceDirectory).filter((name) => name.endsWith('.ts')).sort();
  const definitions = files.map((name): SnippetDefinition => {
    const source = path.posix.join('server/src/snippets', name);
    const text = readFileSync(path.join(sourceDirectory, name), 'utf8');
    const meta = metadata(text, source);
    const typescript = inlinePatterns(text, source);
    const javascript = stripTypes(typescript, name);
    checkStripped(typescript, javascript, source);
    return {
      ...meta,
      source,
      typescript: { module: typescript, body: bodyOf(typescript, source) },
      javascript: { module: javascript, body: bodyOf(javascript, `${source} (as JavaScript)`) },
    };
  });
  const prefixes = definitions.map((d) => d.prefix);
  const twice = prefixes.find((prefix, i) => prefixes.indexOf(prefix) !== i);
  if (twice) throw new Error(`two snippets have the prefix ${twice}`);
  return definitions;
}

/** The contents of each snippets/*.json file, by path relative to the repository root. */
export function generatedSnippetFiles(definitions = snippetDefinitions()): Record<string, string> {
  const files: Record<string, string> = {};
  for (const language of Object.keys(SNIPPET_FILES) as SnippetLanguage[]) {
    const snippets: Record<string, { prefix: string; description: string; body: string[] }> = {};
    for (const definition of definitions) {
      snippets[definition.name] = { prefix: definition.prefix, description: definition.description, body: definition[language].body };
    }
    files[SNIPPET_FILES[language]] = `${JSON.stringify(snippets, null, 2)}\n`;
  }
  return files;
}

if (require.main === module) {
  for (const [file, text] of Object.entries(generatedSnippetFiles())) writeFileSync(path.join(root, file), text);
}
