import { ts } from 'ts-morph';

/**
 * Type questions the promise rules ask the checker. A "promise" is the built-in Promise (or a class
 * deriving from it), recognized by its declaration in a default library file, never by name alone:
 * a user's own `class Promise` is not the built-in one.
 */
export class PromiseTypes {
  private readonly builtinCache = new Map<ts.Type, boolean>();

  constructor(
    private readonly program: ts.Program,
    private readonly checker: ts.TypeChecker,
  ) {}

  /** True when the type is, or may be (one member of a union), a built-in Promise. */
  isPromise(type: ts.Type): boolean {
    return this.someConstituent(type, (part) => this.isBuiltinPromise(part, 0));
  }

  /** True when the type is, or may be, any object with a callable `then` (PromiseLike included). */
  isThenable(type: ts.Type): boolean {
    return this.someConstituent(type, (part) => {
      const then = part.getProperty('then');
      if (!then) return false;
      const thenType = this.checker.getTypeOfSymbol(then);
      return thenType.getCallSignatures().length > 0;
    });
  }

  private someConstituent(type: ts.Type, test: (part: ts.Type) => boolean): boolean {
    if (type.isUnion() || type.isIntersection()) {
      return type.types.some((part) => this.someConstituent(part, test));
    }
    if (type.flags & ts.TypeFlags.TypeParameter) {
      const constraint = this.checker.getBaseConstraintOfType(type);
      return constraint !== undefined && constraint !== type && this.someConstituent(constraint, test);
    }
    return test(type);
  }

  private isBuiltinPromise(type: ts.Type, depth: number): boolean {
    const cached = this.builtinCache.get(type);
    if (cached !== undefined) return cached;
    // Class hierarchies are shallow; the bound guards against pathological declarations.
    if (depth > 8) return false;
    let result = false;
    const symbol = type.getSymbol();
    if (symbol && symbol.getName() === 'Promise' && this.isDeclaredInDefaultLibrary(symbol)) {
      result = true;
    } else if (type.flags & ts.TypeFlags.Object) {
      const target = (type as ts.TypeReference).target ?? type;
      if (target.isClassOrInterface()) {
        result = (this.checker.getBaseTypes(target) ?? []).some((base) => this.isBuiltinPromise(base, depth + 1));
      }
    }
    this.builtinCache.set(type, result);
    return result;
  }

  private isDeclaredInDefaultLibrary(symbol: ts.Symbol): boolean {
    return (symbol.getDeclarations() ?? []).some((declaration) =>
      this.program.isSourceFileDefaultLibrary(declaration.getSourceFile()),
    );
  }
}
