import { ts } from '../../typescript';
import { isPackageFile, isProjectFile } from './declarations';

/**
 * The implementation of a declaration that a declaration file of the project's own (not a package's)
 * makes, in the JavaScript file beside it that the program holds: `lib/tools.d.ts` declares what
 * `lib/tools.js` implements (the compiler emitted both), and the checker resolves imports of the
 * JavaScript file to the declarations. Top-level functions and classes, and the members of such a
 * class, matched by name, kind and staticness. The JavaScript file joins `files`, when given: what is
 * concluded from the body depends on it.
 *
 * The answer depends on the program holding the JavaScript file: a run analyzes its files in the
 * program of all of them (see the CLI's preload), so it does not depend on the order of the files.
 */
export function implementationOf(program: ts.Program, declaration: ts.Node, files?: Set<ts.SourceFile>): ts.Node | undefined {
  const declarationFile = declaration.getSourceFile();
  if (!declarationFile.isDeclarationFile || isPackageFile(program, declarationFile)) return undefined;
  const script = program.getSourceFile(declarationFile.fileName.replace(/\.d(\.[cm]?)ts$/, '$1js'));
  if (!script || script.isDeclarationFile || !isProjectFile(program, script)) return undefined;
  const topLevel = (node: ts.Node): ts.Node | undefined => {
    if (!(ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) || !node.name || node.parent !== declarationFile) return undefined;
    const name = node.name.text;
    const kind = node.kind;
    // The last one: a function's overloads are declared before it, and the JavaScript has one.
    return script.statements.filter((statement) => statement.kind === kind && (statement as ts.FunctionDeclaration | ts.ClassDeclaration).name?.text === name).pop();
  };
  let found: ts.Node | undefined;
  if (ts.isClassElement(declaration) && ts.isClassDeclaration(declaration.parent)) {
    const owner = topLevel(declaration.parent);
    if (!owner || !ts.isClassDeclaration(owner)) return undefined;
    const name = declaration.name && ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
    const isStatic = ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Static;
    found = owner.members.find(
      (member) =>
        member.kind === declaration.kind &&
        (ts.isConstructorDeclaration(member) || (member.name && ts.isIdentifier(member.name) && member.name.text === name)) &&
        (ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Static) === isStatic &&
        (member as ts.FunctionLikeDeclaration).body !== undefined,
    );
  } else {
    found = topLevel(declaration);
  }
  if (found && files && !files.has(script)) files.add(script);
  return found;
}

/**
 * The declaration that runs for a declaration: itself when it has a body, else its implementation beside
 * the project's declaration file (see implementationOf), else itself (a library's, known by its type only).
 */
export function declarationWithBody(program: ts.Program, declaration: ts.Node): ts.Node {
  if (!declaration.getSourceFile().isDeclarationFile) return declaration;
  return implementationOf(program, declaration) ?? declaration;
}
