import * as ts from 'typescript';
import type { RuleId } from '../server/src/rules/types';

/**
 * Recall on real code: known mistakes injected into real files of the corpus, one per file, and the
 * share the CLI reports at the injected line. Everything here is pure (text in, text out), so the same
 * seed and corpus always give the same mutations.
 */
export type MutationKind = 'drop-await' | 'read-file-sync' | 'fan-out-parameter' | 'fetch-no-signal' | 'await-in-loop';

export const MUTATION_KINDS: readonly MutationKind[] = ['drop-await', 'read-file-sync', 'fan-out-parameter', 'fetch-no-signal', 'await-in-loop'];

/** The rule each kind of mistake must be reported by. */
export const EXPECTED_RULE: Readonly<Record<MutationKind, RuleId>> = {
  'drop-await': 'floating-promise',
  'read-file-sync': 'blocking-call',
  'fan-out-parameter': 'unbounded-fan-out',
  'fetch-no-signal': 'missing-timeout',
  'await-in-loop': 'sequential-await',
};

export interface Injection {
  readonly kind: MutationKind;
  /** The mutated file's full text. */
  readonly text: string;
  /** 1-based line of the mistake in `text`: where the expected rule must report. */
  readonly line: number;
}

/** A place in a file where a kind of mistake can be injected, found before anything is changed. */
export interface Site {
  readonly kind: MutationKind;
  /** Offset the site is identified by (the await keyword, the function body's `{`, or the end of the file). */
  readonly pos: number;
}

/** Files a person did not write by hand, or asked tools to leave alone, are never mutated. */
export function isGenerated(text: string): boolean {
  const head = text.slice(0, 2000);
  return /@ts-nocheck|^\s*\/\*\s*eslint-disable\s*\*\/|\bDO NOT EDIT\b|@generated|\bautomatically generated\b/im.test(head);
}

export function isTypeScript(fileName: string): boolean {
  return /\.[cm]?tsx?$/.test(fileName);
}

/** Whether the file is an ES module (its imports must be `import`s), by its syntax and extension. */
export function isEsModule(sourceFile: ts.SourceFile): boolean {
  if (/\.(?:mjs|mts)$/.test(sourceFile.fileName)) return true;
  if (/\.(?:cjs|cts)$/.test(sourceFile.fileName)) return false;
  if (isTypeScript(sourceFile.fileName)) return true;
  return sourceFile.statements.some(
    (statement) =>
      ts.isImportDeclaration(statement) ||
      ts.isExportDeclaration(statement) ||
      ts.isExportAssignment(statement) ||
      (ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)),
  );
}

function isAsyncFunction(node: ts.Node): node is ts.FunctionLikeDeclaration & { body: ts.Block } {
  if (!(ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node))) return false;
  if (!node.body || !ts.isBlock(node.body)) return false;
  return (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

function isThenable(checker: ts.TypeChecker, type: ts.Type): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  if (type.isUnion()) return type.types.every((part) => isThenable(checker, part));
  const then = type.getProperty('then');
  if (!then) return false;
  const thenType = checker.getTypeOfSymbol(then);
  return thenType.getCallSignatures().length > 0;
}

/**
 * Where each kind can go in this file. `checker` (the file's program) decides which awaited calls return
 * a promise; without it no drop-await site is offered (a guess from names is no evidence).
 */
export function findSites(sourceFile: ts.SourceFile, checker: ts.TypeChecker | undefined, options: { browser: boolean }): Site[] {
  const sites: Site[] = [];
  const text = sourceFile.text;
  const visit = (node: ts.Node): void => {
    if (
      checker &&
      ts.isExpressionStatement(node) &&
      ts.isAwaitExpression(node.expression) &&
      ts.isCallExpression(node.expression.expression) &&
      // Without `await`, a statement starting with ( [ or ` would continue the previous line in code without semicolons.
      !/^[([`]/.test(node.expression.expression.getText(sourceFile)) &&
      isThenable(checker, checker.getTypeAtLocation(node.expression.expression))
    ) {
      sites.push({ kind: 'drop-await', pos: node.expression.getStart(sourceFile) });
    }
    if (!options.browser && isAsyncFunction(node) && node.body.statements.length > 0 && !/\breadFileSync\b/.test(text)) {
      const first = node.body.statements[0];
      // Directive prologues stay first; a body that starts on the brace's line has no indentation to copy.
      if (!ts.isExpressionStatement(first) || !ts.isStringLiteral(first.expression)) {
        if (lineOf(sourceFile, first.getStart(sourceFile)) > lineOf(sourceFile, node.body.getStart(sourceFile))) {
          sites.push({ kind: 'read-file-sync', pos: node.body.getStart(sourceFile) });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  for (const kind of ['fan-out-parameter', 'fetch-no-signal', 'await-in-loop'] as const) sites.push({ kind, pos: text.length });
  return sites;
}

/** The first position at or after `pos` that is not whitespace or a comment. */
function skipTrivia(text: string, pos: number): number {
  for (;;) {
    const rest = /^(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)/.exec(text.slice(pos, pos + 4096));
    if (!rest || rest[0].length === 0) return pos;
    pos += rest[0].length;
  }
}

function lineOf(sourceFile: ts.SourceFile, pos: number): number {
  return sourceFile.getLineAndCharacterOfPosition(pos).line + 1;
}

function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function indentationOf(text: string, pos: number): string {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** A name the file does not use yet: `base`, else `base2`, `base3` ... */
function freshName(text: string, base: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}${n}`;
    if (!new RegExp(`\\b${name}\\b`).test(text)) return name;
  }
}

const READ_VARIANTS: readonly ((name: string) => string)[] = [
  (name) => `const ${name} = readFileSync(process.env.NODE_EXTRA_CA_CERTS ?? '/etc/ssl/certs/ca-certificates.crt', 'utf8');`,
  (name) => `const ${name} = readFileSync(process.env.CONFIG_FILE ?? 'config.json', 'utf8');`,
  (name) => `const ${name} = JSON.parse(readFileSync('package.json', 'utf8'));`,
];
const READ_NAMES = ['caText', 'configText', 'manifest'];

/** Where an import can go: after a shebang, a directive prologue and leading comments of the first statement. */
function importPosition(sourceFile: ts.SourceFile): number {
  let pos = 0;
  for (const statement of sourceFile.statements) {
    if (ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression)) pos = statement.end;
    else break;
  }
  if (pos === 0 && sourceFile.text.startsWith('#!')) pos = sourceFile.text.indexOf('\n');
  return pos;
}

/**
 * Applies one kind of mistake at `site`. `variant` (from the seeded generator) picks among equivalent
 * phrasings. Returns undefined when the site does not fit after all.
 */
export function inject(sourceFile: ts.SourceFile, site: Site, variant: number): Injection | undefined {
  const text = sourceFile.text;
  const typescript = isTypeScript(sourceFile.fileName);
  switch (site.kind) {
    case 'drop-await': {
      const operandStart = skipTrivia(text, site.pos + 'await'.length);
      const mutated = text.slice(0, site.pos) + text.slice(operandStart);
      return { kind: site.kind, text: mutated, line: lineAt(mutated, site.pos) };
    }
    case 'read-file-sync': {
      const index = variant % READ_VARIANTS.length;
      const bodyStart = site.pos + 1;
      const firstStatement = skipTrivia(text, bodyStart);
      const indent = indentationOf(text, firstStatement);
      const statement = READ_VARIANTS[index](freshName(text, READ_NAMES[index]));
      const lineStart = text.lastIndexOf('\n', firstStatement - 1) + 1;
      const withCall = `${text.slice(0, lineStart)}${indent}${statement}\n${text.slice(lineStart)}`;
      const importText = isEsModule(sourceFile) ? "import { readFileSync } from 'node:fs';" : "const { readFileSync } = require('node:fs');";
      const at = importPosition(sourceFile);
      const insertion = at === 0 ? `${importText}\n` : `\n${importText}`;
      const mutated = withCall.slice(0, at) + insertion + withCall.slice(at);
      return { kind: site.kind, text: mutated, line: lineAt(withCall, lineStart) + 1 };
    }
    case 'fan-out-parameter': {
      const name = freshName(text, 'fetchAllUrls');
      const lines = typescript
        ? [`async function ${name}(urls: string[]): Promise<Response[]> {`]
        : ['/** @param {string[]} urls */', `async function ${name}(urls) {`];
      lines.push('  return Promise.all(urls.map((url) => fetch(url, { signal: AbortSignal.timeout(10_000) })));', '}');
      return appendHelper(text, site.kind, lines, lines.length - 2);
    }
    case 'fetch-no-signal': {
      const name = freshName(text, 'fetchStatus');
      const lines = typescript
        ? [`async function ${name}(url: string): Promise<number> {`]
        : ['/** @param {string} url */', `async function ${name}(url) {`];
      lines.push('  const response = await fetch(url);', '  return response.status;', '}');
      return appendHelper(text, site.kind, lines, lines.length - 3);
    }
    case 'await-in-loop': {
      const name = freshName(text, 'fetchEachUrl');
      const lines = typescript
        ? [`async function ${name}(urls: string[]): Promise<unknown[]> {`, '  const bodies: unknown[] = [];']
        : ['/** @param {string[]} urls */', `async function ${name}(urls) {`, '  const bodies = [];'];
      const awaitLine = lines.length + 1;
      lines.push(
        '  for (const url of urls) {',
        '    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });',
        '    bodies.push(await response.json());',
        '  }',
        '  return bodies;',
        '}',
      );
      return appendHelper(text, site.kind, lines, awaitLine);
    }
  }
}

/** Appends a helper function after the file's last line; `mistakeIndex` is the helper's line with the mistake (0-based). */
function appendHelper(text: string, kind: MutationKind, lines: string[], mistakeIndex: number): Injection {
  const base = text.endsWith('\n') ? text : `${text}\n`;
  const prefix = `${base}\n`;
  return { kind, text: `${prefix}${lines.join('\n')}\n`, line: lineAt(prefix, prefix.length) + mistakeIndex };
}

/** Syntax errors of a text as a file of this name (an injection must add none). */
export function syntaxErrors(fileName: string, text: string): string[] {
  const kind = /\.tsx$/.test(fileName) ? ts.ScriptKind.TSX : /\.[cm]?ts$/.test(fileName) ? ts.ScriptKind.TS : /\.jsx$/.test(fileName) ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const diagnostics = (sourceFile as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/**
 * Chooses what to inject where: files are visited in `order` (already shuffled by the seeded generator),
 * each file takes at most one mistake, and a file goes to the first kind (in MUTATION_KINDS order, the
 * ones that need a fitting spot first) that still needs files and has a site in it. `sitesOf` is only
 * called until every kind has `perKind` files, which keeps the type checker's work small.
 */
export function pickSites<F>(
  order: readonly F[],
  sitesOf: (file: F) => readonly Site[],
  perKind: number,
  random: () => number,
): { file: F; site: Site }[] {
  const needed = new Map<MutationKind, number>(MUTATION_KINDS.map((kind) => [kind, perKind]));
  const picks: { file: F; site: Site }[] = [];
  for (const file of order) {
    if ([...needed.values()].every((n) => n === 0)) break;
    const sites = sitesOf(file);
    const kind = MUTATION_KINDS.find((k) => needed.get(k)! > 0 && sites.some((s) => s.kind === k));
    if (!kind) continue;
    const ofKind = sites.filter((s) => s.kind === kind);
    picks.push({ file, site: ofKind[Math.floor(random() * ofKind.length)] });
    needed.set(kind, needed.get(kind)! - 1);
  }
  return picks;
}

/** A copy of `items` in an order drawn from `random` (Fisher-Yates). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A seed for one package: the run's seed mixed with the package's name, so adding a package moves no other's picks. */
export function packageSeed(seed: number, name: string): number {
  let hash = seed >>> 0;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
