import { ts } from '../../typescript';
import { isAsyncFunction } from './ast';

/**
 * How much of a value's type a question depends on.
 * - `shallow`: only what the value itself is (a promise? a thenable? callable?): `Promise<T[]>` answers
 *   that whatever `T` turns out to be.
 * - `deep`: also what it holds (the elements of an array, the members of a tuple).
 */
export type TypeDepth = 'shallow' | 'deep';

/**
 * The type of a value, asked so that the checker does as little as the question needs.
 *
 * Asking the checker for the type of a call makes it resolve the call: check every argument against
 * the parameters, infer type arguments, and type callback bodies for their return types. That is most
 * of a full type-check, and the promise rules ask about nearly every call. Where the callee has a single
 * signature whose declared return type does not depend on the call (no type parameter of the signature
 * in it, as far as the question looks), that return type is the call's type, and the arguments are left
 * alone. Everything else goes to the checker as before.
 */
export class ValueTypes {
  constructor(private readonly checker: ts.TypeChecker) {}

  typeOf(expression: ts.Expression, depth: TypeDepth): ts.Type {
    if (ts.isCallExpression(expression)) {
      const declared = this.declaredTypeOfCall(expression, depth);
      if (declared) return declared;
    } else if (ts.isVoidExpression(expression)) {
      return this.checker.getUndefinedType();
    } else if (ts.isAwaitExpression(expression)) {
      // `await f()`: what f's promise holds, which only a return type settled at every depth tells.
      const operand = expression.expression;
      const declared = ts.isCallExpression(operand) ? this.declaredTypeOfCall(operand, 'deep') : undefined;
      const awaited = declared && this.checker.getAwaitedType(declared);
      if (awaited) return awaited;
    }
    return this.checker.getTypeAtLocation(expression);
  }

  private declaredTypeOfCall(call: ts.CallExpression, depth: TypeDepth): ts.Type | undefined {
    // Optional calls add `undefined`; `super(...)`, `import(...)` and `require(...)` are typed specially.
    if (ts.isOptionalChain(call)) return undefined;
    const callee = call.expression;
    if (callee.kind === ts.SyntaxKind.SuperKeyword || callee.kind === ts.SyntaxKind.ImportKeyword) return undefined;
    if (ts.isIdentifier(callee) && callee.text === 'require') return undefined;
    const calleeType = this.checker.getTypeAtLocation(callee);
    // Calling an `any` gives `any`, whatever the arguments.
    if (calleeType.flags & ts.TypeFlags.Any) return calleeType;
    if (calleeType.isIntersection()) return undefined;
    // A union's signatures are TypeScript's own combination of its members' (each returning the union of
    // their returns), and none when the union cannot be called.
    const signatures = calleeType.getCallSignatures();
    const returnTypes: ts.Type[] = [];
    for (const signature of signatures) {
      // An async function without a declared return type returns a promise, whatever its body: a shallow
      // question needs no inference of that body.
      const returnType = (depth === 'shallow' && isUnannotatedAsyncFunction(signature.getDeclaration()) && this.promiseType()) || this.checker.getReturnTypeOfSignature(signature);
      if (isThisType(returnType)) {
        // `map.set(k, v)` returns `this`: the receiver's own type.
        return signatures.length === 1 && ts.isPropertyAccessExpression(callee) ? this.checker.getTypeAtLocation(callee.expression) : undefined;
      }
      const generic = (signature.getTypeParameters()?.length ?? 0) > 0;
      if (generic && dependsOnTypeParameters(this.checker, returnType, depth)) return undefined;
      returnTypes.push(returnType);
    }
    if (returnTypes.length === 0) return undefined;
    // Overloads settle the question when all of them return the same type (`clearTimeout`'s void), or,
    // for a shallow one, the same kind of thing: `readFile` returns `Promise<string>` or `Promise<Buffer>`.
    const alike = depth === 'deep' ? (type: ts.Type) => type === returnTypes[0] : (type: ts.Type) => sameKind(type, returnTypes[0]);
    if (!returnTypes.every(alike)) return undefined;
    return returnTypes[0];
  }

  private promise: ts.Type | null | undefined;

  /** The built-in `Promise<T>` (null when no lib declares it). */
  private promiseType(): ts.Type | undefined {
    if (this.promise === undefined) {
      const symbol = this.checker.resolveName('Promise', undefined, ts.SymbolFlags.Interface, false);
      this.promise = symbol ? this.checker.getDeclaredTypeOfSymbol(symbol) : null;
    }
    return this.promise ?? undefined;
  }
}

const DEPENDENT_TYPE_FLAGS =
  ts.TypeFlags.TypeParameter |
  ts.TypeFlags.IndexedAccess |
  ts.TypeFlags.Conditional |
  ts.TypeFlags.Substitution |
  ts.TypeFlags.Index |
  ts.TypeFlags.TemplateLiteral |
  ts.TypeFlags.StringMapping;

/** The same type, or references to the same generic type (`Promise<string>` and `Promise<Buffer>`). */
function sameKind(type: ts.Type, other: ts.Type): boolean {
  if (type === other) return true;
  const target = (candidate: ts.Type) =>
    candidate.flags & ts.TypeFlags.Object && (candidate as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference ? (candidate as ts.TypeReference).target : undefined;
  return target(type) !== undefined && target(type) === target(other);
}

function isUnannotatedAsyncFunction(declaration: ts.Declaration | undefined): boolean {
  if (!declaration || !ts.isFunctionLike(declaration) || declaration.type) return false;
  const fn = declaration as ts.FunctionLikeDeclaration;
  return fn.body !== undefined && fn.asteriskToken === undefined && isAsyncFunction(fn);
}

function isThisType(type: ts.Type): boolean {
  return (type.flags & ts.TypeFlags.TypeParameter) !== 0 && (type as ts.TypeParameter & { isThisType?: boolean }).isThisType === true;
}

/** Whether a generic signature's return type may change with its type arguments, where the question looks. */
export function dependsOnTypeParameters(checker: ts.TypeChecker, type: ts.Type, depth: TypeDepth, level = 0): boolean {
  if (level > 8) return true;
  if (type.flags & DEPENDENT_TYPE_FLAGS) return true;
  if (type.isUnion() || type.isIntersection()) return type.types.some((part) => dependsOnTypeParameters(checker, part, depth, level + 1));
  if (!(type.flags & ts.TypeFlags.Object)) return false;
  const objectFlags = (type as ts.ObjectType).objectFlags;
  // Object literal types and mapped types may have members of any type: leave them to the checker.
  if (objectFlags & (ts.ObjectFlags.Anonymous | ts.ObjectFlags.Mapped)) return true;
  // A reference (`Promise<T>`, `T[]`, `Map<K, V>`) is the same kind of thing whatever its arguments.
  if (depth === 'shallow' || !(objectFlags & ts.ObjectFlags.Reference)) return false;
  return checker.getTypeArguments(type as ts.TypeReference).some((argument) => dependsOnTypeParameters(checker, argument, depth, level + 1));
}
