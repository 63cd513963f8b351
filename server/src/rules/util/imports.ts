import { ts } from '../../typescript';
import type { TextEdit } from '../types';
import { forEachNode, skipParentheses } from './ast';
import { isNodeBuiltinModule, normalizeModuleName } from './declarations';
import { fileStyle, statementEnd } from './fixText';
import { firstFreeName, namesInUse } from './names';

/** A binding of a module's export: `{ name }` or `{ name as local }` of an import, `{ name: local }` of a require. */
type BindingList = ts.NamedImports | ts.ObjectBindingPattern;

interface ListChange {
  list: BindingList;
  statement: ts.ImportDeclaration | ts.VariableStatement;
  removed: Set<ts.Node>;
  added: string[];
}

interface NewStatement {
  module: string;
  /** The local name of the module's default export, when the statement imports it. */
  defaultName?: string;
  specifiers: string[];
}

/**
 * The one way a fix adds or drops an import: reuses what the file already imports, merges a new name
 * into an existing import of the same module, or adds an import (an `import` in ES modules, a `require`
 * in CommonJS files) in the file's quotes and semicolons, and drops a binding the fix leaves unused.
 * Type-only imports are never reused nor merged into. `edits()` gives non-overlapping edits.
 */
export class ImportEditor {
  private readonly changes = new Map<BindingList, ListChange>();
  private readonly newStatements: NewStatement[] = [];
  private readonly claimedNames = new Set<string>();
  /** Names this fix imports, by module and exported name. */
  private readonly planned = new Map<string, string>();

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly checker: ts.TypeChecker,
  ) {}

  /**
   * An expression naming `name` exported by `module` (a Node.js built-in, without `node:`), adding an
   * import when needed under the first free local name of `localNames`. Undefined when every name is taken.
   */
  reference(module: string, name: string, localNames: readonly string[] = [name]): string | undefined {
    const existing = this.existingReference(module, name);
    if (existing) return existing;
    const key = `${module}\0${name}`;
    const planned = this.planned.get(key);
    if (planned) return planned;
    const local = this.claimName(key, localNames);
    if (local === undefined) return undefined;
    const esm = this.usesEsmSyntax();
    const specifier = local === name ? name : esm ? `${name} as ${local}` : `${name}: ${local}`;
    const list = this.mergeableList(module, esm);
    const pending = this.newStatements.find((statement) => statement.module === module);
    if (list) this.changeFor(list).added.push(specifier);
    else if (pending) pending.specifiers.push(specifier);
    else this.newStatements.push({ module, specifiers: [specifier] });
    return local;
  }

  /**
   * The local name of the default export of `module` (a package), adding `import name from 'module'`
   * under the first free local name of `localNames` when the file does not import it yet (with none,
   * only an existing import is used). Undefined when every name is taken, or in a CommonJS file (what
   * `require` gives is not the default export).
   */
  defaultReference(module: string, localNames: readonly string[]): string | undefined {
    const existing = this.existingDefaultReference(module);
    if (existing) return existing;
    const key = `${module}\0default`;
    const planned = this.planned.get(key);
    if (planned) return planned;
    if (!this.usesEsmSyntax()) return undefined;
    const local = this.claimName(key, localNames);
    if (local === undefined) return undefined;
    const pending = this.newStatements.find((statement) => statement.module === module);
    if (pending) pending.defaultName = local;
    else this.newStatements.push({ module, defaultName: local, specifiers: [] });
    return local;
  }

  /** Drops an import or require binding if `use` is its only reference in the file. */
  removeIfOnlyUse(use: ts.Identifier): void {
    const symbol = this.checker.getSymbolAtLocation(use);
    const declaration = symbol?.declarations?.[0];
    if (!declaration || declaration.getSourceFile() !== this.sourceFile) return;
    let list: BindingList | undefined;
    if (ts.isImportSpecifier(declaration)) list = declaration.parent;
    else if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent) && !declaration.dotDotDotToken) {
      const variable = declaration.parent.parent;
      if (ts.isVariableDeclaration(variable) && variable.initializer && isRequireCall(variable.initializer)) list = declaration.parent;
    }
    if (!list || !statementOf(list)) return;
    if (this.referencesOf(symbol!, use.text) !== 1) return;
    this.changeFor(list).removed.add(declaration);
  }

  edits(): TextEdit[] {
    const edits: TextEdit[] = [];
    const text = this.sourceFile.text;
    const { newline } = fileStyle(this.sourceFile);
    const deletedStatements: ts.Statement[] = [];
    for (const change of this.changes.values()) {
      const kept = (change.list.elements as ts.NodeArray<ts.Node>).filter((element) => !change.removed.has(element));
      if (kept.length === 0 && change.added.length === 0) {
        const whole = this.removalOfEmptyList(change);
        if (whole === 'statement') deletedStatements.push(change.statement);
        else edits.push(whole);
      } else if (change.removed.size === 0) {
        const last = change.list.elements[change.list.elements.length - 1];
        const at = last ? last.end : change.list.getStart(this.sourceFile) + 1;
        edits.push({ start: at, end: at, newText: `${last ? ', ' : ' '}${change.added.join(', ')}${last ? '' : ' '}` });
      } else {
        // The new names take the place of the first removed one: `{ execSync, x }` becomes `{ exec, x }`.
        const specifiers: string[] = [];
        let placed = false;
        for (const element of change.list.elements as ts.NodeArray<ts.Node>) {
          if (!change.removed.has(element)) specifiers.push(element.getText(this.sourceFile));
          else if (!placed) {
            specifiers.push(...change.added);
            placed = true;
          }
        }
        edits.push({ start: change.list.getStart(this.sourceFile), end: change.list.end, newText: `{ ${specifiers.join(', ')} }` });
      }
    }
    const newTexts = this.newStatements.map((statement) => this.statementText(statement));
    const deletions: TextEdit[] = deletedStatements.map((statement) => ({
      start: statement.getStart(this.sourceFile),
      end: lineEndAfter(text, statement.end),
      newText: '',
    }));
    if (newTexts.length > 0) {
      const anchor = this.anchorStatement(new Set(deletedStatements));
      if (anchor) {
        edits.push({ start: anchor.end, end: anchor.end, newText: newTexts.map((line) => `${newline}${line}`).join('') });
      } else if (deletions.length > 0) {
        // Every import goes away: the new one takes the place of the first.
        const first = deletions.shift()!;
        edits.push({ start: first.start, end: deletedStatements[0].end, newText: newTexts.join(newline) });
      } else {
        const at = this.topInsertionPoint();
        const next = this.sourceFile.statements.find((statement) => statement.getStart(this.sourceFile) >= at);
        const blankLine = next && !ts.isImportDeclaration(next) && !isRequireStatement(next) && !this.packsStatements() ? newline : '';
        edits.push({ start: at, end: at, newText: `${newTexts.join(newline)}${newline}${blankLine}` });
      }
    }
    edits.push(...deletions);
    return edits;
  }

  private claimName(key: string, localNames: readonly string[]): string | undefined {
    const local = firstFreeName(localNames, namesInUse(this.sourceFile), this.claimedNames);
    if (local === undefined) return undefined;
    this.claimedNames.add(local);
    this.planned.set(key, local);
    return local;
  }

  /** The name the file gives `module`'s default export: `import name from`, `import name = require(...)`, `const name = require(...)`. */
  private existingDefaultReference(module: string): string | undefined {
    for (const statement of this.sourceFile.statements) {
      if (ts.isImportDeclaration(statement)) {
        const clause = statement.importClause;
        if (clause?.name && !clause.isTypeOnly && sameModule(statement.moduleSpecifier, module)) return clause.name.text;
      } else if (ts.isImportEqualsDeclaration(statement)) {
        const reference = statement.moduleReference;
        if (!statement.isTypeOnly && ts.isExternalModuleReference(reference) && sameModule(reference.expression, module)) return statement.name.text;
      } else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name) && declaration.initializer && isRequireCall(declaration.initializer, module)) return declaration.name.text;
        }
      }
    }
    return undefined;
  }

  private existingReference(module: string, name: string): string | undefined {
    for (const statement of this.sourceFile.statements) {
      if (ts.isImportDeclaration(statement)) {
        const clause = statement.importClause;
        if (!clause || clause.isTypeOnly || !sameModule(statement.moduleSpecifier, module)) continue;
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) return `${bindings.name.text}.${name}`;
        if (bindings && ts.isNamedImports(bindings)) {
          const found = bindings.elements.find((element) => !element.isTypeOnly && (element.propertyName ?? element.name).text === name);
          if (found) return found.name.text;
        }
        if (clause.name && isNodeBuiltinModule(module)) return `${clause.name.text}.${name}`;
      } else if (ts.isImportEqualsDeclaration(statement)) {
        const reference = statement.moduleReference;
        if (ts.isExternalModuleReference(reference) && sameModule(reference.expression, module)) return `${statement.name.text}.${name}`;
      } else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (!declaration.initializer || !isRequireCall(declaration.initializer, module)) continue;
          if (ts.isIdentifier(declaration.name)) return `${declaration.name.text}.${name}`;
          if (ts.isObjectBindingPattern(declaration.name)) {
            const found = declaration.name.elements.find(
              (element) => !element.dotDotDotToken && ts.isIdentifier(element.name) && ((element.propertyName ?? element.name) as ts.Identifier).text === name,
            );
            if (found) return (found.name as ts.Identifier).text;
          }
        }
      }
    }
    return undefined;
  }

  /** An existing `import { ... } from 'module'` (or `const { ... } = require('module')`) to add a name to. */
  private mergeableList(module: string, esm: boolean): BindingList | undefined {
    for (const statement of this.sourceFile.statements) {
      if (esm && ts.isImportDeclaration(statement)) {
        const clause = statement.importClause;
        if (clause && !clause.isTypeOnly && clause.namedBindings && ts.isNamedImports(clause.namedBindings) && sameModule(statement.moduleSpecifier, module)) {
          return clause.namedBindings;
        }
      } else if (!esm && ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
        const [declaration] = statement.declarationList.declarations;
        if (declaration.initializer && isRequireCall(declaration.initializer, module) && ts.isObjectBindingPattern(declaration.name)) {
          return declaration.name;
        }
      }
    }
    return undefined;
  }

  private changeFor(list: BindingList): ListChange {
    let change = this.changes.get(list);
    if (!change) {
      change = { list, statement: statementOf(list)!, removed: new Set(), added: [] };
      this.changes.set(list, change);
    }
    return change;
  }

  /** Removing the last binding: `import fs, { x } from` keeps `import fs from`; otherwise the statement goes. */
  private removalOfEmptyList(change: ListChange): TextEdit | 'statement' {
    const { statement, list } = change;
    if (ts.isImportDeclaration(statement) && statement.importClause?.name) {
      return { start: statement.importClause.name.end, end: list.end, newText: '' };
    }
    return 'statement';
  }

  /** ES module syntax when the file has imports or exports, or is TypeScript or .mjs without any require. */
  private usesEsmSyntax(): boolean {
    const statements = this.sourceFile.statements;
    if (statements.some((statement) => ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) || ts.isExportAssignment(statement))) {
      return true;
    }
    if (statements.some((statement) => ts.isImportEqualsDeclaration(statement))) return true;
    if (statements.some(isRequireStatement)) return false;
    return !/\.(c?jsx?)$/.test(this.sourceFile.fileName);
  }

  private statementText({ module, defaultName, specifiers }: NewStatement): string {
    const quote = this.quote();
    const semicolon = this.semicolon();
    const specifier = `${quote}${this.specifierFor(module)}${quote}`;
    if (!this.usesEsmSyntax()) return `const { ${specifiers.join(', ')} } = require(${specifier})${semicolon}`;
    const bindings = [defaultName, specifiers.length > 0 ? `{ ${specifiers.join(', ')} }` : undefined].filter((part) => part !== undefined);
    return `import ${bindings.join(', ')} from ${specifier}${semicolon}`;
  }

  /** `node:x` for built-ins, unless the file imports built-ins and never with the prefix. */
  private specifierFor(module: string): string {
    if (!isNodeBuiltinModule(module)) return module;
    const builtinSpecifiers = this.moduleSpecifiers().filter(isNodeBuiltinModule);
    const bare = builtinSpecifiers.length > 0 && builtinSpecifiers.every((specifier) => !specifier.startsWith('node:'));
    return bare ? module : `node:${module}`;
  }

  private moduleSpecifiers(): string[] {
    const specifiers: string[] = [];
    for (const statement of this.sourceFile.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteralLike(statement.moduleSpecifier)) specifiers.push(statement.moduleSpecifier.text);
      else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          const call = declaration.initializer && skipParentheses(declaration.initializer);
          if (call && isRequireCall(call) && ts.isCallExpression(call) && ts.isStringLiteralLike(call.arguments[0])) specifiers.push(call.arguments[0].text);
        }
      }
    }
    return specifiers;
  }

  /** The quotes of the file's imports, else the file's own. */
  private quote(): string {
    for (const statement of this.sourceFile.statements) {
      const literal = ts.isImportDeclaration(statement) ? statement.moduleSpecifier : undefined;
      if (literal) return this.sourceFile.text[literal.getStart(this.sourceFile)] === '"' ? '"' : "'";
    }
    return fileStyle(this.sourceFile).quote;
  }

  /** `;` where the file's first import ends with one, else where the file ends its statements with one. */
  private semicolon(): string {
    const first = this.sourceFile.statements.find((statement) => ts.isImportDeclaration(statement) || isRequireStatement(statement));
    if (!first) return statementEnd(this.sourceFile);
    return this.sourceFile.text.slice(first.getStart(this.sourceFile), first.end).trimEnd().endsWith(';') ? ';' : '';
  }

  /** The last import (or top-level require) that stays: new imports go after it. */
  private anchorStatement(deleted: ReadonlySet<ts.Statement>): ts.Statement | undefined {
    let anchor: ts.Statement | undefined;
    const esm = this.usesEsmSyntax();
    for (const statement of this.sourceFile.statements) {
      const isImport = esm ? ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement) : isRequireStatement(statement);
      if (isImport && !deleted.has(statement)) anchor = statement;
    }
    return anchor;
  }

  /** Whether the file writes its top-level statements line after line, never with a blank line between two. */
  private packsStatements(): boolean {
    const { statements } = this.sourceFile;
    if (statements.length < 2) return false;
    const text = this.sourceFile.text;
    return statements.every((statement, index) => index === 0 || !/\n[ \t]*\r?\n/.test(text.slice(statements[index - 1].end, statement.getStart(this.sourceFile))));
  }

  /** After a shebang, the directive prologue ('use strict') and a header comment set off by a blank line. */
  private topInsertionPoint(): number {
    const text = this.sourceFile.text;
    let position = 0;
    if (text.startsWith('#!')) position = lineEndAfter(text, 0);
    let lastDirective: ts.Statement | undefined;
    for (const statement of this.sourceFile.statements) {
      if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
      lastDirective = statement;
    }
    if (lastDirective) return lineEndAfter(text, lastDirective.end);
    for (const comment of ts.getLeadingCommentRanges(text, position) ?? []) {
      const after = text.slice(comment.end, comment.end + 4);
      if (/^\r?\n\r?\n/.test(after)) position = lineEndAfter(text, comment.end) + (after.startsWith('\r\n') ? 2 : 1);
    }
    return position;
  }

  private referencesOf(symbol: ts.Symbol, name: string): number {
    let count = 0;
    forEachNode(this.sourceFile, (node) => {
      if (!ts.isIdentifier(node) || node.text !== name || isDeclarationName(node)) return;
      let found = this.checker.getSymbolAtLocation(node);
      if (!found && ts.isShorthandPropertyAssignment(node.parent)) found = this.checker.getShorthandAssignmentValueSymbol(node.parent);
      if (found === symbol) count++;
    });
    return count;
  }
}

function sameModule(specifier: ts.Expression, module: string): boolean {
  return ts.isStringLiteralLike(specifier) && normalizeModuleName(specifier.text) === module;
}

/** Whether an expression is `require('module')` (any module when none is given). */
export function isRequireCall(expression: ts.Expression, module?: string): boolean {
  const call = skipParentheses(expression);
  return (
    ts.isCallExpression(call) &&
    ts.isIdentifier(call.expression) &&
    call.expression.text === 'require' &&
    call.arguments.length === 1 &&
    (module === undefined || sameModule(call.arguments[0], module))
  );
}

function isRequireStatement(statement: ts.Statement): boolean {
  return (
    ts.isVariableStatement(statement) &&
    statement.declarationList.declarations.some((declaration) => declaration.initializer !== undefined && isRequireCall(declaration.initializer))
  );
}

function statementOf(list: BindingList): ts.ImportDeclaration | ts.VariableStatement | undefined {
  if (ts.isNamedImports(list)) return ts.isImportDeclaration(list.parent.parent) ? list.parent.parent : undefined;
  const variableList = list.parent.parent;
  if (!ts.isVariableDeclarationList(variableList) || variableList.declarations.length !== 1) return undefined;
  return ts.isVariableStatement(variableList.parent) ? variableList.parent : undefined;
}

/** The end of the line that `position` is on, past its line break. */
function lineEndAfter(text: string, position: number): number {
  const newline = text.indexOf('\n', position);
  return newline === -1 ? text.length : newline + 1;
}

function isDeclarationName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (ts.isImportSpecifier(parent) || ts.isBindingElement(parent)) && parent.name === node;
}
