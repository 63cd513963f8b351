// Turns TypeScript into the JavaScript a person would write: the type syntax is cut out of the text
// and everything else (comments, blank lines, indentation) stays as it was, which ts.transpileModule's
// printer would not keep. `checkStripped` proves the result is the same program TypeScript emits.
import * as ts from 'typescript';

interface Cut {
  start: number;
  end: number;
}

const DROPPED_MODIFIERS = new Set([
  ts.SyntaxKind.PrivateKeyword,
  ts.SyntaxKind.ProtectedKeyword,
  ts.SyntaxKind.PublicKeyword,
  ts.SyntaxKind.ReadonlyKeyword,
  ts.SyntaxKind.OverrideKeyword,
]);

function parse(text: string, fileName: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
}

/** Whole statements and class members that exist only for the type checker. */
function isTypeOnlyDeclaration(node: ts.Node): boolean {
  if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isIndexSignatureDeclaration(node)) return true;
  if (ts.isImportDeclaration(node)) return node.importClause?.isTypeOnly === true;
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node)) && !node.body) return true;
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
}

function unsupported(node: ts.Node, sourceFile: ts.SourceFile, what: string): never {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  throw new Error(`${sourceFile.fileName}:${line + 1}:${character + 1}: ${what} has no plain-JavaScript form here; write it another way`);
}

/** The `<...>` around a type parameter or type argument list. */
function angleBrackets(list: ts.NodeArray<ts.Node>, text: string): Cut {
  return { start: text.lastIndexOf('<', list.pos), end: text.indexOf('>', list.end) + 1 };
}

export function stripTypes(text: string, fileName = 'snippet.ts'): string {
  const sourceFile = parse(text, fileName);
  const cuts: Cut[] = [];
  const cutToken = (token: ts.Node | undefined): void => {
    if (token) cuts.push({ start: token.getStart(sourceFile), end: token.end });
  };
  /** `: Type` after a name, a parameter list or a `?`. */
  const cutAnnotation = (type: ts.TypeNode | undefined): void => {
    if (!type) return;
    let colon = type.getStart(sourceFile) - 1;
    while (/\s/.test(text[colon])) colon--;
    if (text[colon] !== ':') unsupported(type, sourceFile, 'a type annotation without its colon');
    cuts.push({ start: colon, end: type.end });
  };

  const visit = (node: ts.Node): void => {
    if (isTypeOnlyDeclaration(node)) {
      // The declaration, its doc comment and its lines, but not other comments before it.
      let start = node.getStart(sourceFile);
      const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
      const doc = docs[docs.length - 1];
      if (doc && text.slice(doc.end, start).trim() === '') start = doc.getStart(sourceFile);
      while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
      const rest = /^[ \t]*\n/.exec(text.slice(node.end));
      cuts.push({ start, end: node.end + (rest ? rest[0].length : 0) });
      return;
    }
    if (ts.isEnumDeclaration(node) || ts.isModuleDeclaration(node) || ts.isImportEqualsDeclaration(node) || ts.isExportAssignment(node)) {
      unsupported(node, sourceFile, 'an enum, namespace or CommonJS-style import/export');
    }
    if (ts.isTypeAssertionExpression(node)) unsupported(node, sourceFile, 'an angle-bracket type assertion');
    if (ts.isImportSpecifier(node) && node.isTypeOnly) unsupported(node, sourceFile, 'an inline `type` import');

    if (ts.canHaveModifiers(node)) {
      for (const modifier of ts.getModifiers(node) ?? []) {
        if (ts.isParameter(node) && DROPPED_MODIFIERS.has(modifier.kind)) unsupported(node, sourceFile, 'a parameter property');
        if (modifier.kind === ts.SyntaxKind.AbstractKeyword) unsupported(node, sourceFile, 'an abstract class or member');
        if (DROPPED_MODIFIERS.has(modifier.kind)) {
          let end = modifier.end;
          while (/\s/.test(text[end])) end++;
          cuts.push({ start: modifier.getStart(sourceFile), end });
        }
      }
    }
    if (ts.isParameter(node)) {
      if (ts.isIdentifier(node.name) && node.name.text === 'this') unsupported(node, sourceFile, 'a `this` parameter');
      cutToken(node.questionToken);
      cutAnnotation(node.type);
    } else if (ts.isVariableDeclaration(node)) {
      cutToken(node.exclamationToken);
      cutAnnotation(node.type);
    } else if (ts.isPropertyDeclaration(node)) {
      if (node.questionToken) unsupported(node, sourceFile, 'an optional class property');
      cutToken(node.exclamationToken);
      cutAnnotation(node.type);
    } else if (ts.isFunctionLike(node) && !ts.isFunctionTypeNode(node) && !ts.isConstructorTypeNode(node)) {
      if ('questionToken' in node && node.questionToken) unsupported(node, sourceFile, 'an optional method');
      cutAnnotation(node.type);
    }
    if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node)) {
      cuts.push({ start: node.expression.end, end: node.end });
    }
    if (ts.isHeritageClause(node) && node.token === ts.SyntaxKind.ImplementsKeyword) {
      cuts.push({ start: node.getFullStart(), end: node.end });
      return;
    }
    if (ts.isExpressionWithTypeArguments(node)) {
      if (node.typeArguments) cuts.push(angleBrackets(node.typeArguments, text));
      return;
    }
    const typeParameters = (node as { typeParameters?: ts.NodeArray<ts.TypeParameterDeclaration> }).typeParameters;
    if (typeParameters) cuts.push(angleBrackets(typeParameters, text));
    const typeArguments = (node as { typeArguments?: ts.NodeArray<ts.TypeNode> }).typeArguments;
    if (typeArguments && !ts.isTypeNode(node)) cuts.push(angleBrackets(typeArguments, text));

    // Types are cut whole above: nothing inside them needs a look.
    if (ts.isTypeNode(node)) return;
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);

  // Cuts never partly overlap (they follow the syntax tree); drop those inside bigger ones.
  cuts.sort((a, b) => a.start - b.start || b.end - a.end);
  let result = '';
  let position = 0;
  for (const cut of cuts) {
    if (cut.start < position) continue;
    result += text.slice(position, cut.start);
    position = cut.end;
  }
  result += text.slice(position);
  return result.replace(/\n{3,}/g, '\n\n').replace(/^\n+/, '');
}

/** What TypeScript itself emits for a file, comments removed: the program, not its layout. */
function emitted(text: string, fileName: string): string {
  return ts.transpileModule(text, {
    fileName,
    reportDiagnostics: false,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: true, jsx: ts.JsxEmit.Preserve },
  }).outputText;
}

/**
 * Throws unless `javascript` parses as JavaScript with no error and is the same program as the
 * TypeScript it came from (as TypeScript's own emit of each shows).
 */
export function checkStripped(typescript: string, javascript: string, name: string): void {
  const parsed = parse(javascript, `${name}.js`) as ts.SourceFile & { parseDiagnostics: readonly ts.Diagnostic[] };
  if (parsed.parseDiagnostics.length > 0) {
    const message = ts.flattenDiagnosticMessageText(parsed.parseDiagnostics[0].messageText, '\n');
    throw new Error(`${name}: the JavaScript does not parse: ${message}\n${javascript}`);
  }
  const expected = emitted(typescript, `${name}.ts`);
  const actual = emitted(javascript, `${name}.js`);
  if (expected !== actual) {
    throw new Error(`${name}: the JavaScript is not the program TypeScript emits.\n--- TypeScript emits\n${expected}\n--- the JavaScript is\n${actual}`);
  }
}
