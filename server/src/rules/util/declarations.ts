import { ts } from '../../typescript';

/**
 * Where library functions come from, asked of the checker: a call is recognized by the module that
 * declares the function it calls, never by the callee's name alone (a local `fetch` or a method named
 * `limit` is not the library's).
 */

/** The package a file under node_modules belongs to: `@scope/name` or `name`. */
export function packageOfFile(fileName: string): string | undefined {
  const normalized = fileName.replace(/\\/g, '/');
  const index = normalized.lastIndexOf('/node_modules/');
  if (index === -1) return undefined;
  const parts = normalized.slice(index + '/node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** `node:http` is `http`; `@types/foo` declares `foo` and `@types/scope__name` declares `@scope/name`. */
export function normalizeModuleName(name: string): string {
  return name
    .replace(/^node:/, '')
    .replace(/^@types\/([^/]+)__([^/]+)$/, '@$1/$2')
    .replace(/^@types\//, '');
}

/**
 * The module that declares a node: the name of the innermost `declare module "name" { ... }` around
 * it, else the package of its file when that lies under node_modules, else `lib` for TypeScript's
 * default library. Undefined for the project's own code.
 */
export function moduleOfDeclaration(program: ts.Program, declaration: ts.Node): string | undefined {
  for (let current: ts.Node | undefined = declaration; current; current = current.parent) {
    if (ts.isModuleDeclaration(current) && ts.isStringLiteral(current.name)) return normalizeModuleName(current.name.text);
  }
  const file = declaration.getSourceFile();
  if (program.isSourceFileDefaultLibrary(file)) return 'lib';
  const packageName = packageOfFile(file.fileName);
  return packageName === undefined ? undefined : normalizeModuleName(packageName);
}

/** The declaration of the signature a call resolves to (a function, a method or a call signature). */
export function calledDeclaration(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): ts.Declaration | undefined {
  const declaration = checker.getResolvedSignature(call)?.getDeclaration();
  // JSDoc signatures and the checker's synthetic "unknown" signature have no usable declaration.
  return declaration && !ts.isJSDocSignature(declaration) ? declaration : undefined;
}

/** The module that declares what a call calls, or undefined for the project's own functions and unresolved calls. */
export function calledModule(program: ts.Program, checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): string | undefined {
  const declaration = calledDeclaration(checker, call);
  return declaration ? moduleOfDeclaration(program, declaration) : undefined;
}

/** The symbol an expression names, with import aliases followed to what they import. */
export function resolvedSymbol(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  let symbol = checker.getSymbolAtLocation(node);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol;
}

/** Whether a file of the program belongs to the project (not a library, not a declaration file). */
export function isProjectFile(program: ts.Program, file: ts.SourceFile): boolean {
  return !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file) && !file.fileName.includes('/node_modules/');
}
