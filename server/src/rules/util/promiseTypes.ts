import { ts } from '../../typescript';
import { isDefaultLibrarySymbol } from './declarations';

/** How sure we are that a value of some type needs `await`. */
export type Awaitability = 'always' | 'never' | 'may';

export function unionParts(type: ts.Type): readonly ts.Type[] {
  return type.isUnion() ? type.types : [type];
}

/**
 * Type questions the promise rules ask the checker. A "promise" is the built-in Promise (or a class
 * deriving from it), recognized by its declaration in a default library file, never by name alone:
 * a user's own `class Promise` is not the built-in one. A "thenable" is anything with a `then` method
 * whose first parameter is a callback (PromiseLike, VS Code's Thenable, jQuery deferreds, ...).
 */
export class PromiseTypes {
  private readonly builtinCache = new Map<ts.Type, boolean>();

  constructor(
    private readonly program: ts.Program,
    private readonly checker: ts.TypeChecker,
  ) {}

  /** True when the type is, or may be (one member of a union), a built-in Promise. */
  isPromise(type: ts.Type): boolean {
    return unionParts(this.checker.getApparentType(type)).some((part) => this.isBuiltinPromise(part, 0));
  }

  /** True when every member of the type is a built-in Promise (so `.catch` can be chained on it). */
  isAlwaysPromise(type: ts.Type): boolean {
    return unionParts(this.checker.getApparentType(type)).every((part) => this.isBuiltinPromise(part, 0));
  }

  /** True when the type is, or may be, any object with a callable `then` that takes a callback. */
  isThenable(type: ts.Type, location: ts.Node): boolean {
    return unionParts(this.checker.getApparentType(type)).some((part) => this.hasThenMethod(part, location, 1));
  }

  /**
   * A thenable whose `then` takes a rejection callback too: the only kind whose rejection a
   * `.then(a, b)` can handle (floating-promise's `checkThenables`).
   */
  isRejectableThenable(type: ts.Type, location: ts.Node): boolean {
    return unionParts(this.checker.getApparentType(type)).some((part) => this.hasThenMethod(part, location, 2));
  }

  /** True when every member of the type is thenable: a presence test on a `T | undefined` is not a mistake. */
  isAlwaysThenable(type: ts.Type, location: ts.Node): boolean {
    return unionParts(this.checker.getApparentType(type)).every((part) => this.hasThenMethod(part, location, 1));
  }

  /** Whether awaiting a value of this type does anything: `may` for any, unknown and unconstrained generics. */
  awaitability(type: ts.Type, location: ts.Node): Awaitability {
    let constraint: ts.Type | undefined = type;
    if (type.flags & ts.TypeFlags.TypeParameter) {
      constraint = this.checker.getBaseConstraintOfType(type);
      if (constraint === undefined) return 'may';
    }
    if (constraint.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'may';
    return this.isThenable(constraint, location) ? 'always' : 'never';
  }

  /** Whether some call signature of some member of the type returns a thenable. */
  returnsThenable(type: ts.Type, location: ts.Node): boolean {
    return unionParts(this.checker.getApparentType(type)).some((part) => this.anySignatureReturnsThenable(part, location));
  }

  /** Whether the type is a function type one of whose signatures returns a thenable. */
  isThenableReturningFunction(type: ts.Type, location: ts.Node): boolean {
    return unionParts(type).some((part) => this.anySignatureReturnsThenable(part, location));
  }

  /**
   * Whether the type is a function type that returns `void` and never a thenable: a slot where a
   * promise-returning function's promise would be dropped.
   */
  isVoidReturningFunction(type: ts.Type, location: ts.Node): boolean {
    let hadVoid = false;
    for (const part of unionParts(type)) {
      for (const signature of part.getCallSignatures()) {
        const returnType = signature.getReturnType();
        if (this.isThenable(returnType, location)) return false;
        if (returnType.flags & ts.TypeFlags.Void) hadVoid = true;
      }
    }
    return hadVoid;
  }

  private anySignatureReturnsThenable(type: ts.Type, location: ts.Node): boolean {
    return type.getCallSignatures().some((signature) => this.isThenable(signature.getReturnType(), location));
  }

  /** `then` is callable with `callbacks` leading parameters that are all functions. */
  private hasThenMethod(type: ts.Type, location: ts.Node, callbacks: 1 | 2): boolean {
    const then = type.getProperty('then');
    if (!then) return false;
    const thenType = this.checker.getTypeOfSymbolAtLocation(then, location);
    return unionParts(thenType).some((part) =>
      part.getCallSignatures().some((signature) => {
        if (signature.parameters.length < callbacks) return false;
        for (let index = 0; index < callbacks; index++) {
          if (!this.isCallbackParameter(signature.parameters[index], location)) return false;
        }
        return true;
      }),
    );
  }

  private isCallbackParameter(parameter: ts.Symbol, location: ts.Node): boolean {
    const type = this.checker.getApparentType(this.checker.getTypeOfSymbolAtLocation(parameter, location));
    return unionParts(type).some((part) => part.getCallSignatures().length > 0);
  }

  /**
   * The built-in Promise or something built on it: an intersection with a Promise member, a union
   * whose members all are, a type parameter constrained to one, a class or interface extending one.
   */
  private isBuiltinPromise(type: ts.Type, depth: number): boolean {
    const cached = this.builtinCache.get(type);
    if (cached !== undefined) return cached;
    // Class hierarchies are shallow; the bound guards against pathological declarations.
    if (depth > 16) return false;
    let result = false;
    if (type.isIntersection()) {
      result = type.types.some((part) => this.isBuiltinPromise(part, depth + 1));
    } else if (type.isUnion()) {
      result = type.types.every((part) => this.isBuiltinPromise(part, depth + 1));
    } else if (type.flags & ts.TypeFlags.TypeParameter) {
      const constraint = type.getConstraint();
      result = constraint !== undefined && this.isBuiltinPromise(constraint, depth + 1);
    } else {
      const symbol = type.getSymbol();
      if (symbol && symbol.getName() === 'Promise' && this.isDeclaredInDefaultLibrary(symbol)) {
        result = true;
      } else if (symbol && symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) {
        const declared = this.checker.getDeclaredTypeOfSymbol(symbol);
        if (declared.isClassOrInterface()) {
          result = (this.checker.getBaseTypes(declared) ?? []).some((base) => this.isBuiltinPromise(base, depth + 1));
        }
      }
    }
    this.builtinCache.set(type, result);
    return result;
  }

  isDeclaredInDefaultLibrary(symbol: ts.Symbol): boolean {
    return isDefaultLibrarySymbol(this.program, symbol);
  }
}
