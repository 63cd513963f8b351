import { ts } from '../typescript';

/**
 * Which files a file imports, resolved by the checker. Cached per ts.SourceFile object: the program
 * reuses the objects of unchanged files across edits, so only edited files are looked at again.
 * (File creation and deletion reload the projects, which drops these objects and their entries.)
 */
const directImports = new WeakMap<ts.SourceFile, string[]>();

function importsOf(checker: ts.TypeChecker, sourceFile: ts.SourceFile): string[] {
  const cached = directImports.get(sourceFile);
  if (cached) return cached;
  const files = new Set<string>();
  const add = (specifier: ts.Expression | undefined) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const target = checker.getSymbolAtLocation(specifier)?.valueDeclaration;
    if (target && ts.isSourceFile(target)) files.add(target.fileName);
  };
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) add(statement.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) add(statement.moduleReference.expression);
  }
  const result = [...files];
  directImports.set(sourceFile, result);
  return result;
}

/** Whether `from` imports `to`, directly or through other files of the program (bounded walk). */
export function dependsOn(program: ts.Program, from: string, to: string, maxFiles = 20000): boolean {
  const start = program.getSourceFile(from);
  if (!start || from === to) return false;
  const checker = program.getTypeChecker();
  const seen = new Set<string>([from]);
  const queue = [start];
  while (queue.length > 0 && seen.size <= maxFiles) {
    const file = queue.shift()!;
    for (const imported of importsOf(checker, file)) {
      if (imported === to) return true;
      if (seen.has(imported)) continue;
      seen.add(imported);
      const next = program.getSourceFile(imported);
      // Declaration files of packages cannot import the user's sources.
      if (next && !next.isDeclarationFile) queue.push(next);
    }
  }
  return false;
}
