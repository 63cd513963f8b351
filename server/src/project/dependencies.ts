import * as path from 'node:path';
import { ts } from '../typescript';

/**
 * Which files a file imports, resolved by the checker: import and export declarations (type-only ones
 * too), `import x = require()`, `import()` calls and `import("...")` types, and `require()` calls in
 * JavaScript (in TypeScript, `require()` is a plain function whose result the checker does not type
 * from the module). Cached per ts.SourceFile object: the program reuses the objects of unchanged files
 * across edits, so only edited files are looked at again.
 */
const directImports = new WeakMap<ts.SourceFile, string[]>();

export function importsOf(checker: ts.TypeChecker, sourceFile: ts.SourceFile): string[] {
  const cached = directImports.get(sourceFile);
  if (cached) return cached;
  const files = new Set<string>();
  for (const specifier of moduleSpecifiers(sourceFile)) {
    const target = checker.getSymbolAtLocation(specifier)?.valueDeclaration;
    if (target && ts.isSourceFile(target)) files.add(target.fileName);
  }
  const result = [...files];
  directImports.set(sourceFile, result);
  return result;
}

/** The module names a file uses that the checker resolves to no module at all (no file, no ambient declaration). */
export function unresolvedImports(checker: ts.TypeChecker, sourceFile: ts.SourceFile): string[] {
  return moduleSpecifiers(sourceFile)
    .filter((specifier) => checker.getSymbolAtLocation(specifier) === undefined)
    .map((specifier) => specifier.text);
}

/** A call of `import()` or `require()`, an `import("...")` type or a JSDoc `@import` may be somewhere in the text. */
const CALL_OR_TYPE_IMPORT = /\b(?:import|require)\s*\(|@import\b/;

/**
 * The string literals that name a module: those of the import and export declarations (also in
 * `declare module` blocks), and, when the text has any, those of `import()`/`require()` calls,
 * `import("...")` types and JSDoc `@import` tags anywhere. Iterative: deeply nested code must not overflow the stack.
 */
function moduleSpecifiers(sourceFile: ts.SourceFile): ts.StringLiteralLike[] {
  const found: ts.StringLiteralLike[] = [];
  const add = (specifier: ts.Node | undefined) => {
    if (specifier && ts.isStringLiteralLike(specifier)) found.push(specifier);
  };
  const everywhere = CALL_OR_TYPE_IMPORT.test(sourceFile.text);
  const isJavaScript = /\.[cm]?jsx?$/i.test(sourceFile.fileName);
  const stack: ts.Node[] = [...sourceFile.statements];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isJSDocImportTag(node)) add(node.moduleSpecifier);
    else if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = isJavaScript && ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isImport || isRequire) add(node.arguments[0]);
    }
    if (everywhere) {
      ts.forEachChild(node, (child) => {
        stack.push(child);
      });
      // Types in JavaScript live in JSDoc, which is not among a node's children.
      if (isJavaScript) stack.push(...((node as { jsDoc?: ts.Node[] }).jsDoc ?? []));
    } else if (ts.isModuleDeclaration(node) && node.body && ts.isModuleBlock(node.body)) {
      stack.push(...node.body.statements);
    }
  }
  return found;
}

/**
 * The files of the program that import one of `changed`, directly or through other files. One pass
 * over the program's own sources (declaration files of packages cannot import the user's sources).
 */
export function filesImporting(program: ts.Program, changed: ReadonlySet<string>): Set<string> {
  const changedFileNames = [...changed].map(toFileName);
  // A program that does not hold a changed file has nothing that imports it.
  if (!changedFileNames.some((fileName) => program.getSourceFile(fileName))) return new Set();
  const checker = program.getTypeChecker();
  const importers = new Map<string, string[]>();
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    for (const imported of importsOf(checker, sourceFile)) {
      let list = importers.get(imported);
      if (!list) importers.set(imported, (list = []));
      list.push(sourceFile.fileName);
    }
  }
  const reached = new Set<string>();
  const queue = changedFileNames;
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const importer of importers.get(next) ?? []) {
      if (reached.has(importer)) continue;
      reached.add(importer);
      queue.push(importer);
    }
  }
  return new Set([...reached].map(fromFileName));
}

/** TypeScript names files with forward slashes; callers give platform paths. */
function toFileName(filePath: string): string {
  return path.sep === '/' ? filePath : filePath.split(path.sep).join('/');
}

function fromFileName(fileName: string): string {
  return path.normalize(fileName);
}
