import { ts } from '../../typescript';
import { PATTERN_SOURCES } from '../../patterns/sources';
import type { TextEdit } from '../types';
import { forEachNode, isAsyncFunction } from './ast';
import { unwrapExpression } from './concurrency';
import { isProjectFile, normalizeModuleName, packageOfFile } from './declarations';
import { fileStyle, lineIndent, statementEnd, styledCode } from './fixText';
import { ImportEditor } from './imports';
import { freeName, freshName, namesInUse } from './names';
import { isTypeScriptFile } from './promiseFixes';
import { PromiseTypes } from './promiseTypes';

/**
 * Writes bounded concurrency into a file for the fixes of unbounded-fan-out and sequential-await:
 * `mapWithConcurrency(items, limit, fn)` with the helper added to the file once (the same source the
 * snippets use), or p-limit where the project already uses it.
 */

export const HELPER_NAME = 'mapWithConcurrency';
const P_LIMIT = 'p-limit';

/** How the file gets bounded concurrency, and the edits that make it available. */
export type BoundedStyle =
  | { kind: 'helper'; edits: TextEdit[] }
  | { kind: 'p-limit'; factory: string; edits: TextEdit[] };

let javascriptHelper: string | undefined;

/** The helper's source for this file: as written for TypeScript, with the types taken out for JavaScript. */
export function helperSource(sourceFile: ts.SourceFile): string {
  const typescript = PATTERN_SOURCES.mapWithConcurrency;
  if (isTypeScriptFile(sourceFile)) return typescript;
  javascriptHelper ??= ts
    .transpileModule(typescript, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false } })
    .outputText.replace(/^"use strict";\n/, '')
    .replace(/^export \{\};\s*$/m, '')
    // The printer indents by four spaces; the pattern sources use two.
    .replace(/^((?: {4})+)/gm, (indent: string) => ' '.repeat(indent.length / 2))
    .trimEnd()
    .concat('\n');
  return javascriptHelper;
}

/** The statement around `node` that sits directly in a statement list (where a new statement can go before it). */
export function statementInList(node: ts.Node): ts.Statement | undefined {
  for (let current: ts.Node = node; current.parent; current = current.parent) {
    const parent = current.parent;
    if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isModuleBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
      return current as ts.Statement;
    }
  }
  return undefined;
}

/**
 * What `projectPLimitName` reads of a project file (RuleMeta.projectWide): a file that mentions p-limit
 * may hold the import whose name fixes elsewhere use (a fact of its own, naming the file and its text).
 */
export function pLimitProjectInput(fileName: string, text: string): readonly string[] {
  return text.includes(P_LIMIT) ? [`${fileName}\n${text}`] : [];
}

const pLimitNames = new WeakMap<ts.Program, string | null>();

/**
 * The local name the project gives p-limit's default export when it already uses p-limit: the name
 * of an existing import (in another of its files), `pLimit` when only its types are present, or
 * undefined when the project does not use p-limit.
 */
function projectPLimitName(program: ts.Program, checker: ts.TypeChecker): string | undefined {
  let found = pLimitNames.get(program);
  if (found === undefined) {
    found = null;
    // The first file by name, not by the program's order: the answer stays the same in a program that
    // holds only some of the project's files (see RuleMeta.projectWide).
    let foundIn: string | undefined;
    for (const file of program.getSourceFiles()) {
      if (!isProjectFile(program, file) || !file.text.includes(P_LIMIT) || (foundIn !== undefined && file.fileName >= foundIn)) continue;
      const declaration = file.statements.find(
        (statement): statement is ts.ImportDeclaration =>
          ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === P_LIMIT,
      );
      if (declaration?.importClause?.name && !declaration.importClause.isTypeOnly) {
        found = declaration.importClause.name.text;
        foundIn = file.fileName;
      }
    }
    if (found === null) {
      const declared =
        checker.getAmbientModules().some((symbol) => normalizeModuleName(symbol.getName().replace(/^["']|["']$/g, '')) === P_LIMIT) ||
        program.getSourceFiles().some((file) => packageOfFile(file.fileName) === P_LIMIT);
      if (declared) found = 'pLimit';
    }
    pLimitNames.set(program, found);
  }
  return found ?? undefined;
}

/**
 * Picks how to bound concurrency in this file: an existing `mapWithConcurrency` (in scope or
 * declared in the file), else p-limit when the file or the project already uses it, else the helper
 * appended to the file.
 */
export function boundedStyle(program: ts.Program, checker: ts.TypeChecker, sourceFile: ts.SourceFile, location: ts.Node): BoundedStyle {
  if (checker.resolveName(HELPER_NAME, location, ts.SymbolFlags.Value, false)) return { kind: 'helper', edits: [] };
  const imports = new ImportEditor(sourceFile, checker);
  // An import would turn a script into a module (its top-level names would no longer be global): only modules get one.
  const projectName = ts.isExternalModule(sourceFile) ? projectPLimitName(program, checker) : undefined;
  const localNames = projectName ? [projectName, freeName(['pLimit'], namesInUse(sourceFile))] : [];
  const factory = imports.defaultReference(P_LIMIT, localNames);
  if (factory) return { kind: 'p-limit', factory, edits: imports.edits() };
  const text = sourceFile.text;
  const { newline } = fileStyle(sourceFile);
  const separator = text.length === 0 ? '' : /[\r\n]$/.test(text) ? newline : `${newline}${newline}`;
  // The helper's source ends with a line break: styledCode leaves that last line empty.
  return { kind: 'helper', edits: [{ start: text.length, end: text.length, newText: `${separator}${styledCode(sourceFile, helperSource(sourceFile))}` }] };
}

/** A statement `const limit = pLimit(n);` placed before `statement`, with the name it declares. */
export function limiterDeclaration(
  sourceFile: ts.SourceFile,
  statement: ts.Statement,
  factory: string,
  concurrency: number,
): { name: string; edit: TextEdit } {
  const name = freshName(sourceFile, ['limit', 'limitConcurrency']);
  const start = statement.getStart(sourceFile);
  const indent = lineIndent(sourceFile, start);
  const newText = `const ${name} = ${factory}(${concurrency})${statementEnd(sourceFile)}${fileStyle(sourceFile).newline}${indent}`;
  return { name, edit: { start, end: start, newText } };
}

/** The parameters of a function as they are written, with their parentheses. */
export function parameterListText(sourceFile: ts.SourceFile, fn: ts.SignatureDeclaration): string {
  return `(${sourceFile.text.slice(fn.parameters.pos, fn.parameters.end).trim()})`;
}

function usesThisOrArguments(node: ts.Node): boolean {
  let found = false;
  forEachNode(node, (child) => {
    if (child.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(child) && child.text === 'arguments')) found = true;
  });
  return found;
}

/** How many arguments a callback given to `map` looks at (its largest parameter count), or undefined with a rest parameter. */
export function callbackArity(checker: ts.TypeChecker, callback: ts.Expression): number | undefined {
  const value = unwrapExpression(callback);
  if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) {
    if (value.parameters.some((parameter) => parameter.dotDotDotToken)) return undefined;
    return value.parameters.length;
  }
  const signatures = checker.getTypeAtLocation(value).getCallSignatures();
  if (signatures.length === 0) return undefined;
  let arity = 0;
  for (const signature of signatures) {
    const declaration = signature.getDeclaration() as ts.SignatureDeclaration | undefined;
    if (declaration?.parameters?.some((parameter) => parameter.dotDotDotToken)) return undefined;
    arity = Math.max(arity, signature.getParameters().length);
  }
  return arity;
}

/** Whether every call of the callback returns a promise (as `mapWithConcurrency`'s `fn` must). */
export function returnsPromise(program: ts.Program, checker: ts.TypeChecker, callback: ts.Expression): boolean {
  const promiseTypes = new PromiseTypes(program, checker);
  const signatures = checker.getTypeAtLocation(unwrapExpression(callback)).getCallSignatures();
  return (
    signatures.length > 0 &&
    signatures.every((signature) => {
      const returned = checker.getReturnTypeOfSignature(signature);
      const parts = returned.isUnion() ? returned.types : [returned];
      return parts.every((part) => promiseTypes.isPromise(part));
    })
  );
}

/**
 * The callback rewritten to run under a p-limit limiter: `(x) => limit(async () => body)`, or
 * `(item) => limit(() => fn(item))` for a function reference. Undefined when it cannot be written
 * without changing what `this` or `arguments` mean.
 */
export function limitedCallback(
  sourceFile: ts.SourceFile,
  checker: ts.TypeChecker,
  callback: ts.Expression,
  limit: string,
): string | undefined {
  const value = unwrapExpression(callback);
  if (ts.isArrowFunction(value)) {
    if (value.typeParameters) return undefined;
    const returnType = value.type ? `: ${value.type.getText(sourceFile)}` : '';
    return `${parameterListText(sourceFile, value)} => ${limit}(${isAsyncFunction(value) ? 'async ' : ''}()${returnType} => ${value.body.getText(sourceFile)})`;
  }
  if (ts.isFunctionExpression(value)) {
    if (value.typeParameters || value.asteriskToken || usesThisOrArguments(value.body)) return undefined;
    const returnType = value.type ? `: ${value.type.getText(sourceFile)}` : '';
    return `${parameterListText(sourceFile, value)} => ${limit}(${isAsyncFunction(value) ? 'async ' : ''}()${returnType} => ${value.body.getText(sourceFile)})`;
  }
  if (!ts.isIdentifier(value) && !ts.isPropertyAccessExpression(value)) return undefined;
  const arity = callbackArity(checker, value);
  if (arity === undefined || arity > 2) return undefined;
  // The new parameters are seen only by the reference and the limiter: they must not capture those names.
  const taken = [namesInUse(value), new Set([limit])];
  const item = freeName(['item'], ...taken);
  const index = freeName(['index'], ...taken);
  const parameters = arity >= 2 ? `${item}, ${index}` : item;
  return `(${parameters}) => ${limit}(() => ${value.getText(sourceFile)}(${parameters}))`;
}
