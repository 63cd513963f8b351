import { builtinModules } from 'node:module';
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

const NODE_BUILTINS: ReadonlySet<string> = new Set(builtinModules);

/** Whether a module specifier names a Node.js built-in: `fs`, `node:fs`, `node:test`. */
export function isNodeBuiltinModule(specifier: string): boolean {
  return specifier.startsWith('node:') || NODE_BUILTINS.has(specifier);
}

/** The name of the innermost `declare module "name" { ... }` block around a node, as written. */
export function ambientModuleName(node: ts.Node): string | undefined {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (ts.isModuleDeclaration(current) && ts.isStringLiteral(current.name)) return current.name.text;
  }
  return undefined;
}

/**
 * The module that declares a node, normalized: the name of the innermost `declare module "name" { ... }`
 * around it, else the package of its file when that lies under node_modules; '' for TypeScript's default
 * library (no module has that name); undefined for the project's own code.
 */
export function declaringModule(program: ts.Program, declaration: ts.Node): string | undefined {
  const ambient = ambientModuleName(declaration);
  if (ambient !== undefined) return normalizeModuleName(ambient);
  const file = declaration.getSourceFile();
  if (program.isSourceFileDefaultLibrary(file)) return '';
  const packageName = packageOfFile(file.fileName);
  return packageName === undefined ? undefined : normalizeModuleName(packageName);
}

/** declaringModule with `lib` for TypeScript's default library. */
export function moduleOfDeclaration(program: ts.Program, declaration: ts.Node): string | undefined {
  const module = declaringModule(program, declaration);
  return module === '' ? 'lib' : module;
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

/** A symbol with an import alias followed to what it imports. */
export function aliasTarget(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** The symbol an expression names, with import aliases followed to what they import. */
export function resolvedSymbol(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  const symbol = checker.getSymbolAtLocation(node);
  return symbol && aliasTarget(checker, symbol);
}

/** Whether a file belongs to an installed package: resolved from node_modules, or lying under it. */
export function isPackageFile(program: ts.Program, file: ts.SourceFile): boolean {
  return program.isSourceFileFromExternalLibrary(file) || file.fileName.includes('/node_modules/');
}

/** Whether a file is library code: a declaration file, or a file of an installed package. */
export function isLibraryFile(program: ts.Program, file: ts.SourceFile): boolean {
  return file.isDeclarationFile || isPackageFile(program, file);
}

/** Whether a file of the program belongs to the project (not a library, not a declaration file). */
export function isProjectFile(program: ts.Program, file: ts.SourceFile): boolean {
  return !isLibraryFile(program, file);
}

/** Whether a file declares the platform: TypeScript's default library or Node.js's own types (@types/node). */
export function isPlatformFile(program: ts.Program, file: ts.SourceFile): boolean {
  return program.isSourceFileDefaultLibrary(file) || packageOfFile(file.fileName) === '@types/node';
}

/**
 * Whether TypeScript's default library declares a symbol: one of its declarations is there (`some`), or
 * all of them are (`every`: a declaration of the project's own, such as an augmentation, makes it not the built-in).
 */
export function isDefaultLibrarySymbol(program: ts.Program, symbol: ts.Symbol | undefined, which: 'some' | 'every' = 'some'): boolean {
  const declarations = symbol?.getDeclarations() ?? [];
  const inDefaultLibrary = (declaration: ts.Declaration) => program.isSourceFileDefaultLibrary(declaration.getSourceFile());
  return which === 'some' ? declarations.some(inDefaultLibrary) : declarations.length > 0 && declarations.every(inDefaultLibrary);
}
