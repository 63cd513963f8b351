import * as path from 'node:path';
import { ts } from '../../typescript';
import { calleeExpression, calleeNameNode, skipParentheses } from './ast';
import { aliasTarget, declaringModule, isLibraryFile, normalizeModuleName, resolvedSymbol } from './declarations';

/** What a call runs, as far as the checker (or, for untyped packages, the import) tells. */
export interface CallTarget {
  /**
   * The module that declares it: a Node.js module without its `node:` prefix ('fs', 'child_process'),
   * a package name ('fs-extra'), '' for a global of the default library, or for the project's own
   * code its path relative to the project directory without extension ('./src/db').
   */
  module: string;
  /** The declared name ('readFileSync'), whatever local name the call uses. */
  name: string;
  /** The name with its containers ('Atomics.wait', 'Dir.readSync', 'deasync.loopWhile'). */
  qualifiedName: string;
  /** Declared by a library (a declaration file, node_modules) rather than by the project's own code. */
  library: boolean;
}

/** Resolves calls to their declarations: never by the callee's local name alone. */
export class CallTargets {
  private readonly cache = new Map<ts.Node, CallTarget | undefined>();
  /** The project-relative module name of each file, computed once per file. */
  private readonly localModuleNames = new Map<string, string>();

  constructor(
    private readonly program: ts.Program,
    private readonly checker: ts.TypeChecker,
  ) {}

  /** What the callee of a call (or any callee expression) resolves to. */
  resolve(callee: ts.Expression): CallTarget | undefined {
    const expression = calleeExpression(callee);
    if (this.cache.has(expression)) return this.cache.get(expression);
    const target = this.resolveExpression(expression, 0);
    this.cache.set(expression, target);
    return target;
  }

  /** What a declared name (a variable or a binding element) resolves to when a call goes through it. */
  resolveDeclaredName(name: ts.Identifier): CallTarget | undefined {
    const symbol = this.checker.getSymbolAtLocation(name);
    return symbol ? this.resolveSymbol(symbol, 0) : undefined;
  }

  /** The declaration an identifier's value comes from, through imports. */
  valueDeclarationOf(identifier: ts.Identifier): ts.Declaration | undefined {
    return resolvedSymbol(this.checker, identifier)?.valueDeclaration;
  }

  private resolveExpression(expression: ts.Expression, depth: number): CallTarget | undefined {
    const nameNode = calleeNameNode(expression);
    if (!nameNode || depth > 3) return undefined;
    const symbol = this.checker.getSymbolAtLocation(nameNode);
    const resolved = symbol ? this.resolveSymbol(symbol, depth) : undefined;
    return resolved ?? this.importOrigin(expression);
  }

  private resolveSymbol(symbol: ts.Symbol, depth: number): CallTarget | undefined {
    const target = aliasTarget(this.checker, symbol);
    const declaration = target.declarations?.[0];
    if (!declaration) return undefined;
    const file = declaration.getSourceFile();
    if (isLibraryFile(this.program, file)) {
      return {
        module: this.moduleOfDeclaration(declaration),
        name: target.getName(),
        qualifiedName: qualifiedNameOf(declaration, target.getName()),
        library: true,
      };
    }
    // `const { readFileSync } = fs` and `const read = fs.readFileSync`: follow the value to its origin.
    if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)) {
      const variable = declaration.parent.parent;
      const propertyName = declaration.propertyName ?? declaration.name;
      if (ts.isVariableDeclaration(variable) && variable.initializer && isConst(variable) && (ts.isIdentifier(propertyName) || ts.isStringLiteral(propertyName))) {
        const property = this.checker.getTypeAtLocation(variable.initializer).getProperty(propertyName.text);
        if (property) {
          const origin = this.resolveSymbol(property, depth + 1);
          if (origin) return origin;
        }
        const origin = this.originOfRequire(variable.initializer);
        if (origin) return packageTarget(origin, propertyName.text);
      }
    }
    if (ts.isVariableDeclaration(declaration) && declaration.initializer && isConst(declaration)) {
      const initializer = skipParentheses(declaration.initializer);
      if (ts.isIdentifier(initializer) || ts.isPropertyAccessExpression(initializer)) {
        const origin = this.resolveExpression(initializer, depth + 1);
        if (origin) return origin;
      }
    }
    return {
      module: this.localModuleName(file.fileName),
      name: target.getName(),
      qualifiedName: qualifiedNameOf(declaration, target.getName()),
      library: false,
    };
  }

  /** For untyped packages (no declaration to resolve to): the import or require that binds the callee's root. */
  private importOrigin(expression: ts.Expression): CallTarget | undefined {
    const chain: string[] = [];
    let root: ts.Expression = expression;
    while (ts.isPropertyAccessExpression(root)) {
      chain.unshift(root.name.text);
      root = skipParentheses(root.expression);
    }
    if (!ts.isIdentifier(root)) return undefined;
    const symbol = this.checker.getSymbolAtLocation(root);
    const declaration = symbol?.declarations?.[0];
    if (!declaration) return undefined;
    let module: string | undefined;
    let names: string[] = chain;
    if (ts.isImportSpecifier(declaration)) {
      module = moduleSpecifierText(declaration.parent.parent.parent.moduleSpecifier);
      names = [(declaration.propertyName ?? declaration.name).text, ...chain];
    } else if (ts.isNamespaceImport(declaration) || ts.isImportClause(declaration)) {
      const importDeclaration = ts.isNamespaceImport(declaration) ? declaration.parent.parent : declaration.parent;
      module = moduleSpecifierText(importDeclaration.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(declaration) && ts.isExternalModuleReference(declaration.moduleReference)) {
      module = moduleSpecifierText(declaration.moduleReference.expression);
    } else if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
      module = this.originOfRequire(declaration.initializer);
      const helper = interopHelperOf(declaration.initializer);
      if (module === undefined && helper) {
        module = this.originOfRequire(helper.argument);
        // `__importDefault(require('fs')).default` is the module itself (a CommonJS module has no default of its own).
        if (names[0] === 'default' && (helper.name === '__importDefault' || helper.name === '__importStar')) names = names.slice(1);
      }
    } else if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)) {
      const variable = declaration.parent.parent;
      const propertyName = declaration.propertyName ?? declaration.name;
      if (ts.isVariableDeclaration(variable) && variable.initializer && ts.isIdentifier(propertyName)) {
        module = this.originOfRequire(variable.initializer);
        names = [propertyName.text, ...chain];
      }
    }
    if (module === undefined || module.startsWith('.') || names.length === 0) {
      // A default import or a required module called directly: `deasync(fn)`.
      return module !== undefined && !module.startsWith('.') && names.length === 0 ? packageTarget(module, module) : undefined;
    }
    return { module, name: names[names.length - 1], qualifiedName: names.join('.'), library: true };
  }

  /** The module of `require('m')` (also `require('m').default`), normalized. */
  private originOfRequire(expression: ts.Expression): string | undefined {
    let target = skipParentheses(expression);
    if (ts.isPropertyAccessExpression(target) && target.name.text === 'default') target = skipParentheses(target.expression);
    if (!ts.isCallExpression(target) || !ts.isIdentifier(target.expression) || target.expression.text !== 'require') return undefined;
    const [argument] = target.arguments;
    return argument && ts.isStringLiteralLike(argument) ? normalizeModuleName(argument.text) : undefined;
  }

  private moduleOfDeclaration(declaration: ts.Node): string {
    return declaringModule(this.program, declaration) ?? this.localModuleName(declaration.getSourceFile().fileName);
  }

  private localModuleName(fileName: string): string {
    let name = this.localModuleNames.get(fileName);
    if (name === undefined) this.localModuleNames.set(fileName, (name = this.computeLocalModuleName(fileName)));
    return name;
  }

  private computeLocalModuleName(fileName: string): string {
    const relative = path.posix.relative(this.program.getCurrentDirectory().split(path.sep).join('/'), fileName);
    const withoutExtension = relative.replace(/(\.d)?\.[cm]?[jt]sx?$/, '');
    return withoutExtension.startsWith('.') ? withoutExtension : `./${withoutExtension}`;
  }
}

/**
 * The interop helper TypeScript emits around a `require` when it compiles an import to CommonJS
 * (`tslib_1.__importDefault(require("fs"))`, `__importStar(require("fs"))`), with its argument.
 */
function interopHelperOf(expression: ts.Expression): { name: string; argument: ts.Expression } | undefined {
  const call = skipParentheses(expression);
  if (!ts.isCallExpression(call) || call.arguments.length !== 1) return undefined;
  const callee = skipParentheses(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name === '__importDefault' || name === '__importStar' ? { name, argument: call.arguments[0] } : undefined;
}

function packageTarget(module: string, name: string): CallTarget {
  return { module, name, qualifiedName: name, library: true };
}

function moduleSpecifierText(specifier: ts.Expression): string | undefined {
  return ts.isStringLiteralLike(specifier) ? normalizeModuleName(specifier.text) : undefined;
}

function isConst(declaration: ts.VariableDeclaration): boolean {
  return (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0;
}

/** `Atomics.wait`, `Dir.readSync`: the declared name with the classes, interfaces and namespaces around it. */
function qualifiedNameOf(declaration: ts.Node, name: string): string {
  const names = [name];
  for (let current = declaration.parent; current; current = current.parent) {
    if (
      (ts.isClassDeclaration(current) || ts.isInterfaceDeclaration(current) || (ts.isModuleDeclaration(current) && ts.isIdentifier(current.name))) &&
      current.name
    ) {
      if (ts.isModuleDeclaration(current) && current.name.text === 'global') continue;
      names.unshift(current.name.text);
    }
  }
  return names.join('.');
}
