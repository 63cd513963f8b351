import { ts } from '../../typescript';
import type { OptionSpec } from '../types';
import { ambientModuleName, isPackageFile, normalizeModuleName, packageOfFile, resolvedSymbol } from './declarations';

/**
 * Names a type or a function, optionally with where it is declared, in the form typescript-eslint's
 * options use: a plain name matches wherever it is declared.
 */
export type Specifier =
  | string
  | { from: 'file'; name: string | string[]; path?: string }
  | { from: 'lib'; name: string | string[] }
  | { from: 'package'; name: string | string[]; package: string };

const nameSchema = {
  oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true }],
};

export function specifierListOption(description: string, defaultValue: Specifier[]): OptionSpec<Specifier[]> {
  return {
    description,
    default: defaultValue,
    schema: {
      type: 'array',
      description,
      default: defaultValue,
      items: {
        oneOf: [
          { type: 'string' },
          {
            type: 'object',
            properties: { from: { enum: ['file'] }, name: nameSchema, path: { type: 'string' } },
            required: ['from', 'name'],
            additionalProperties: false,
          },
          {
            type: 'object',
            properties: { from: { enum: ['lib'] }, name: nameSchema },
            required: ['from', 'name'],
            additionalProperties: false,
          },
          {
            type: 'object',
            properties: { from: { enum: ['package'] }, name: nameSchema, package: { type: 'string' } },
            required: ['from', 'name', 'package'],
            additionalProperties: false,
          },
        ],
      },
    },
    validate: (value) => {
      if (!Array.isArray(value)) return 'must be a list of names or {from, name} objects';
      for (const [index, item] of value.entries()) {
        const problem = specifierProblem(item);
        if (problem) return `item ${index} ${problem}`;
      }
      return undefined;
    },
  };
}

function specifierProblem(item: unknown): string | undefined {
  if (typeof item === 'string') return item.length > 0 ? undefined : 'must not be empty';
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return 'must be a name or a {from, name} object';
  const record = item as Record<string, unknown>;
  const allowed: Record<string, string[]> = { file: ['from', 'name', 'path'], lib: ['from', 'name'], package: ['from', 'name', 'package'] };
  const keys = allowed[record.from as string];
  if (!keys) return 'must have "from": "file", "lib" or "package"';
  const unknown = Object.keys(record).find((key) => !keys.includes(key));
  if (unknown) return `has an unknown key "${unknown}" for "from": "${String(record.from)}"`;
  const names = record.name;
  const validName = typeof names === 'string' || (Array.isArray(names) && names.length > 0 && names.every((n) => typeof n === 'string'));
  if (!validName) return 'must have a "name" (a string or a list of strings)';
  if (record.from === 'package' && typeof record.package !== 'string') return 'must have a "package" (a string)';
  if (record.from === 'file' && record.path !== undefined && typeof record.path !== 'string') return 'has a "path" that is not a string';
  return undefined;
}

export function namesOf(specifier: Specifier): string[] {
  if (typeof specifier === 'string') return [specifier];
  return typeof specifier.name === 'string' ? [specifier.name] : specifier.name;
}

/** Answers whether a type, or the function a call calls, is one that a list of specifiers names. */
export class SpecifierMatcher {
  constructor(
    private readonly program: ts.Program,
    private readonly checker: ts.TypeChecker,
  ) {}

  /** A union matches when all its members do; an intersection when it or one of its members does. */
  typeMatches(type: ts.Type, specifiers: readonly Specifier[]): boolean {
    if (specifiers.length === 0) return false;
    if (type.isUnion()) return type.types.every((part) => this.typeMatches(part, specifiers));
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const intrinsicName = (type as { intrinsicName?: string }).intrinsicName;
    const candidates = [symbol?.getName(), intrinsicName].filter((name): name is string => name !== undefined && name !== 'error');
    const whole = specifiers.some(
      (specifier) => namesOf(specifier).some((name) => candidates.includes(name)) && this.sourceMatches(specifier, symbol),
    );
    if (whole) return true;
    return type.isIntersection() && type.types.some((part) => this.typeMatches(part, specifiers));
  }

  /**
   * Whether the function that `call` calls is named by a specifier (by its name and where it is declared).
   * A method of a class or interface matches plain names, or objects that name it with its owner
   * (`Class.method`, see `memberMatches`): `{from: "package", name: "test", package: "node:test"}` names
   * node:test's `test()`, not the `t.test()` subtests of its test context.
   */
  callMatches(call: ts.CallExpression, allSpecifiers: readonly Specifier[]): boolean {
    if (allSpecifiers.length === 0) return false;
    const callee = skipOuter(call.expression);
    const nameNode = ts.isIdentifier(callee)
      ? callee
      : ts.isPropertyAccessExpression(callee)
        ? callee.name
        : ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)
          ? callee.argumentExpression
          : undefined;
    if (nameNode) {
      const name = ts.isIdentifier(nameNode) || ts.isPrivateIdentifier(nameNode) ? nameNode.text : (nameNode as ts.StringLiteralLike).text;
      const symbol = resolvedSymbol(this.checker, nameNode);
      if (symbol && isMember(symbol)) {
        return allSpecifiers.some((specifier) => (typeof specifier === 'string' ? specifier === name : this.memberMatches(specifier, symbol)));
      }
      const byName = allSpecifiers.some((specifier) => namesOf(specifier).includes(name) && this.sourceMatches(specifier, symbol));
      if (byName) return true;
    }
    return this.typeMatches(this.checker.getTypeAtLocation(callee), allSpecifiers);
  }

  /**
   * Whether a method is named `Owner.member` by an object specifier: every declaration of it (a union's
   * member has one per type) is a member of a class or interface called `Owner` declared where the
   * specifier says. A subclass that does not override the method resolves to the owner's declaration.
   */
  private memberMatches(specifier: Exclude<Specifier, string>, symbol: ts.Symbol): boolean {
    const declarations = symbol.getDeclarations() ?? [];
    if (declarations.length === 0) return false;
    return declarations.every((declaration) => {
      const owner = declaration.parent;
      if (!(ts.isClassLike(owner) || ts.isInterfaceDeclaration(owner)) || !owner.name) return false;
      const qualified = `${owner.name.text}.${symbol.getName()}`;
      const ownerSymbol = this.checker.getSymbolAtLocation(owner.name);
      return namesOf(specifier).includes(qualified) && ownerSymbol !== undefined && this.sourceMatches(specifier, ownerSymbol);
    });
  }

  /** Whether a symbol is declared where the specifier says (any place for a plain name). */
  sourceMatches(specifier: Specifier, symbol: ts.Symbol | undefined): boolean {
    if (typeof specifier === 'string') return true;
    const declarations = symbol?.getDeclarations() ?? [];
    const files = declarations.map((declaration) => declaration.getSourceFile());
    switch (specifier.from) {
      case 'lib':
        // Intrinsic types (string, number, ...) have no declaration: they count as the library's.
        return files.length === 0 || files.some((file) => this.program.isSourceFileDefaultLibrary(file));
      case 'file':
        return files.some((file) => {
          if (this.program.isSourceFileDefaultLibrary(file) || isPackageFile(this.program, file)) return false;
          if (specifier.path === undefined) return true;
          const wanted = specifier.path.replace(/\\/g, '/').replace(/^\.\//, '');
          return file.fileName === wanted || file.fileName.endsWith(`/${wanted}`);
        });
      case 'package':
        return (
          declarations.some((declaration) => samePackage(ambientModuleName(declaration), specifier.package)) ||
          files.some((file) => samePackage(packageOfFile(file.fileName), specifier.package))
        );
    }
  }
}

function isMember(symbol: ts.Symbol): boolean {
  return (symbol.getDeclarations() ?? []).some(
    (declaration) =>
      (ts.isMethodSignature(declaration) || ts.isMethodDeclaration(declaration) || ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) &&
      (ts.isClassLike(declaration.parent) || ts.isInterfaceDeclaration(declaration.parent) || ts.isTypeLiteralNode(declaration.parent)),
  );
}

function skipOuter(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
  return current;
}

/** `node:test` and `test` name the same built-in module; `@types/foo` declares package `foo`. */
function samePackage(found: string | undefined, wanted: string): boolean {
  if (found === undefined) return false;
  const a = normalizeModuleName(found);
  const b = normalizeModuleName(wanted);
  return a === b || a.startsWith(`${b}/`);
}

