import { ts } from '../../typescript';
import { forEachNode } from './ast';
import { lineMapOf } from './lines';

/**
 * The fix-writing kit: every fix that builds or moves text goes through it, so that fixes
 *  - never change the inside of a string, template or regular-expression literal (re-indentation skips
 *    the lines that start inside one),
 *  - write the file's own newline, indentation unit and semicolon style (read once per file),
 *  - never add whitespace-only lines,
 *  - put parentheses where TypeScript's own factory puts them when it builds the same expression
 *    (`prefixEdits` in ast.ts, `appendCatchEdits` in promiseFixes.ts).
 */

/** How a file writes code, read once per parsed file. */
export interface FileStyle {
  newline: '\n' | '\r\n';
  /** One level of indentation: a tab or a number of spaces. */
  indentUnit: string;
  quote: "'" | '"';
  /** Whether statements end with `;` (false in a code base that relies on automatic semicolon insertion). */
  semicolons: boolean;
}

const styles = new WeakMap<ts.SourceFile, FileStyle>();

export function fileStyle(sourceFile: ts.SourceFile): FileStyle {
  let style = styles.get(sourceFile);
  if (!style) {
    style = readStyle(sourceFile);
    styles.set(sourceFile, style);
  }
  return style;
}

/** Statements that end with a `;` in a code base that writes them. */
const SEMICOLON_STATEMENTS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.ExpressionStatement,
  ts.SyntaxKind.VariableStatement,
  ts.SyntaxKind.ReturnStatement,
  ts.SyntaxKind.ThrowStatement,
  ts.SyntaxKind.ImportDeclaration,
  ts.SyntaxKind.ExportDeclaration,
  ts.SyntaxKind.BreakStatement,
  ts.SyntaxKind.ContinueStatement,
  ts.SyntaxKind.TypeAliasDeclaration,
]);

function readStyle(sourceFile: ts.SourceFile): FileStyle {
  const text = sourceFile.text;
  const crlf = text.split('\r\n').length - 1;
  const lf = text.split('\n').length - 1 - crlf;
  let withSemicolon = 0;
  let withoutSemicolon = 0;
  let single = 0;
  let double = 0;
  forEachNode(sourceFile, (node) => {
    if (SEMICOLON_STATEMENTS.has(node.kind)) {
      if (text.charCodeAt(node.end - 1) === 59 /* ; */) withSemicolon++;
      else withoutSemicolon++;
    } else if (ts.isStringLiteral(node)) {
      const quote = text.charAt(node.getStart(sourceFile));
      if (quote === "'") single++;
      else if (quote === '"') double++;
    }
  });
  return {
    newline: crlf > lf ? '\r\n' : '\n',
    indentUnit: readIndentUnit(sourceFile),
    quote: double > single ? '"' : "'",
    semicolons: withSemicolon >= withoutSemicolon,
  };
}

/** Tabs when most indented lines start with one; else the most common step by which indentation grows. */
function readIndentUnit(sourceFile: ts.SourceFile): string {
  const text = sourceFile.text;
  const lines = lineMapOf(sourceFile);
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  for (let line = 0; line < lines.lineCount; line++) {
    const start = lines.lineStart(line);
    if (startsInsideLiteral(sourceFile, start)) continue;
    const content = text.slice(start, lines.lineEnd(line));
    const indent = /^[ \t]*/.exec(content)![0];
    // Blank lines and the ` * ` lines of block comments say nothing about the indentation unit.
    if (indent.length === content.length || content.startsWith('*', indent.length)) continue;
    if (indent.startsWith('\t')) tabs++;
    else if (indent.length > 0) spaces++;
    if (!indent.includes('\t') && indent.length > previous) steps.set(indent.length - previous, (steps.get(indent.length - previous) ?? 0) + 1);
    previous = indent.includes('\t') ? previous : indent.length;
  }
  if (tabs > spaces) return '\t';
  let best = 2;
  let bestCount = 0;
  for (const [step, count] of steps) {
    if (count > bestCount || (count === bestCount && step < best)) {
      best = step;
      bestCount = count;
    }
  }
  return ' '.repeat(best);
}

const literalCache = new WeakMap<ts.SourceFile, { start: number; end: number }[]>();

/**
 * The spans of the file's literal tokens whose text is a value: strings, templates (each of their
 * parts), regular expressions and JSX text. Sorted by start; they never overlap.
 */
function literalSpans(sourceFile: ts.SourceFile): { start: number; end: number }[] {
  let spans = literalCache.get(sourceFile);
  if (!spans) {
    const found: { start: number; end: number }[] = [];
    forEachNode(sourceFile, (node) => {
      if (
        ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isTemplateHead(node) ||
        ts.isTemplateMiddle(node) ||
        ts.isTemplateTail(node) ||
        ts.isRegularExpressionLiteral(node) ||
        ts.isJsxText(node)
      ) {
        found.push({ start: node.getStart(sourceFile), end: node.end });
      }
    });
    spans = found.sort((a, b) => a.start - b.start);
    literalCache.set(sourceFile, spans);
  }
  return spans;
}

/** Whether `offset` lies inside a literal's text (after its first character, before its end). */
export function startsInsideLiteral(sourceFile: ts.SourceFile, offset: number): boolean {
  const spans = literalSpans(sourceFile);
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const span = spans[middle];
    if (offset <= span.start) high = middle - 1;
    else if (offset >= span.end) low = middle + 1;
    else return true;
  }
  return false;
}

/** The leading whitespace of the line on which `position` lies. */
export function lineIndent(sourceFile: ts.SourceFile, position: number): string {
  const lines = lineMapOf(sourceFile);
  const start = lines.lineStart(lines.position(position).line);
  return /^[ \t]*/.exec(sourceFile.text.slice(start, start + 200))![0];
}

/**
 * The file's text in [start, end) with `extra` indentation added to every line after the first,
 * except blank lines and lines that start inside a literal (whose leading whitespace is part of a value).
 */
export function reindentedText(sourceFile: ts.SourceFile, start: number, end: number, extra: string): string {
  return withLineStartsChanged(sourceFile, start, end, (lineStart, lineEnd) => {
    const blank = /^[ \t]*$/.test(sourceFile.text.slice(lineStart, lineEnd));
    return { remove: 0, insert: blank ? '' : extra };
  });
}

/**
 * The file's text in [start, end) with up to `width` characters of leading whitespace taken from every
 * line after the first, except lines that start inside a literal. Lines left blank become empty.
 */
export function outdentedText(sourceFile: ts.SourceFile, start: number, end: number, width: number): string {
  const text = sourceFile.text;
  return withLineStartsChanged(sourceFile, start, end, (lineStart, lineEnd, isLast) => {
    let removed = 0;
    while (removed < width && lineStart + removed < lineEnd && (text[lineStart + removed] === ' ' || text[lineStart + removed] === '\t')) removed++;
    // A line of whitespace only (within the span) loses all of it.
    if (/^[ \t]*$/.test(text.slice(lineStart, lineEnd)) && !isLast) removed = lineEnd - lineStart;
    return { remove: removed, insert: '' };
  });
}

/**
 * The file's text in [start, end) with the start of every line after the first changed by `change`
 * (characters removed, text inserted), given the line's start and end within the span. Lines that start
 * inside a literal are left as they are: their leading whitespace is part of a value.
 */
function withLineStartsChanged(
  sourceFile: ts.SourceFile,
  start: number,
  end: number,
  change: (lineStart: number, lineEnd: number, isLast: boolean) => { remove: number; insert: string },
): string {
  const text = sourceFile.text;
  const lines = lineMapOf(sourceFile);
  const first = lines.position(start).line;
  const last = lines.position(end).line;
  let result = '';
  let from = start;
  for (let line = first + 1; line <= last; line++) {
    const lineStart = lines.lineStart(line);
    result += text.slice(from, lineStart);
    from = lineStart;
    if (startsInsideLiteral(sourceFile, lineStart)) continue;
    const { remove, insert } = change(lineStart, Math.min(lines.lineEnd(line), end), line === last);
    result += insert;
    from = lineStart + remove;
  }
  return result + text.slice(from, end);
}

/**
 * Code that a fix writes (given with `\n` line breaks, two-space indentation and semicolons) in the
 * file's style: its newline and indentation unit, without `;` where the file writes none, and with
 * `indent` before every line after the first. Blank lines stay empty.
 */
export function styledCode(sourceFile: ts.SourceFile, code: string, indent = ''): string {
  const style = fileStyle(sourceFile);
  const lines = code.split('\n');
  return lines
    .map((line, index) => {
      if (line.trim().length === 0) return '';
      let body = line.replace(/^((?: {2})+)/, (leading: string) => style.indentUnit.repeat(leading.length / 2));
      if (!style.semicolons && !startsWithAsiHazard(lines.slice(index + 1).find((next) => next.trim().length > 0))) {
        body = body.replace(/;(\s*\/\/[^'"`]*)?$/, '$1');
      }
      return index === 0 ? body : `${indent}${body}`;
    })
    .join(style.newline);
}

/** A line that would continue the previous statement if that one had no `;`. */
function startsWithAsiHazard(line: string | undefined): boolean {
  return line !== undefined && /^\s*[([`+\-/]/.test(line);
}

/** `;` where the file ends statements with one, else nothing. */
export function statementEnd(sourceFile: ts.SourceFile): string {
  return fileStyle(sourceFile).semicolons ? ';' : '';
}

/** The file's newline. */
export function newlineOf(sourceFile: ts.SourceFile): string {
  return fileStyle(sourceFile).newline;
}

/**
 * Whether an expression written in place of `original` needs parentheses to bind as `original` did:
 * TypeScript's factory decides, by building `original`'s parent around `replacement`.
 */
export function needsParenthesesInPlaceOf(original: ts.Expression, replacement: ts.Expression): boolean {
  const parent = original.parent;
  const f = ts.factory;
  // The factory puts the replacement itself in its slot unless it had to wrap it.
  const wrapped = (node: ts.Node) => node !== replacement;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === original) {
    return wrapped(f.createPropertyAccessExpression(replacement, 'member').expression);
  }
  if (ts.isElementAccessExpression(parent) && parent.expression === original) {
    return wrapped(f.createElementAccessExpression(replacement, 0).expression);
  }
  if (ts.isCallExpression(parent) && parent.expression === original) return wrapped(f.createCallExpression(replacement, undefined, []).expression);
  if (ts.isNewExpression(parent) && parent.expression === original) return wrapped(f.createNewExpression(replacement, undefined, []).expression);
  if (ts.isTaggedTemplateExpression(parent) && parent.tag === original) {
    return wrapped(f.createTaggedTemplateExpression(replacement, undefined, f.createNoSubstitutionTemplateLiteral('')).tag);
  }
  if (ts.isNonNullExpression(parent)) return wrapped(f.createNonNullExpression(replacement).expression);
  if (ts.isPrefixUnaryExpression(parent)) return wrapped(f.createPrefixUnaryExpression(parent.operator, replacement).operand);
  if (ts.isPostfixUnaryExpression(parent)) return wrapped(f.createPostfixUnaryExpression(replacement, parent.operator).operand);
  if (ts.isAwaitExpression(parent) || ts.isVoidExpression(parent) || ts.isTypeOfExpression(parent) || ts.isDeleteExpression(parent)) {
    return wrapped(f.createVoidExpression(replacement).expression);
  }
  if (ts.isBinaryExpression(parent)) {
    const rebuilt = parent.left === original
      ? f.createBinaryExpression(replacement, parent.operatorToken.kind, f.createIdentifier('right')).left
      : f.createBinaryExpression(f.createIdentifier('left'), parent.operatorToken.kind, replacement).right;
    return wrapped(rebuilt);
  }
  if (ts.isConditionalExpression(parent) && parent.condition === original) {
    return wrapped(f.createConditionalExpression(replacement, undefined, f.createIdentifier('a'), undefined, f.createIdentifier('b')).condition);
  }
  if ((ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent)) && parent.expression === original) {
    return wrapped(f.createAsExpression(replacement, f.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword)).expression);
  }
  return false;
}

/** `await x` as TypeScript's factory would build it, for asking where it needs parentheses. */
export function sampleAwait(): ts.Expression {
  return ts.factory.createAwaitExpression(ts.factory.createIdentifier('x'));
}
