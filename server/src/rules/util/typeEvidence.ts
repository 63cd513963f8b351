import { ts } from '../../typescript';
import { hasPrimitiveValue, isAsyncFunction, skipParentheses } from './ast';
import { readCodeOf } from './crossFileReads';
import { resolvedSymbol } from './declarations';
import { dependsOnTypeParameters, type TypeDepth } from './valueTypes';

/**
 * How much of a value a question about its type depends on: `shallow`, what the value itself is (a
 * promise or not); `deep`, also what it holds (the elements of an array).
 */
export type EvidenceDepth = TypeDepth;

const JS_FILE = /\.(?:js|cjs|mjs|jsx)$/i;

export function isJavaScriptFile(sourceFile: ts.SourceFile): boolean {
  return JS_FILE.test(sourceFile.fileName);
}

/**
 * Whether the checker's type of an expression can be taken as evidence about the value at run time.
 *
 * TypeScript code is checked against its declarations, so its types are (we trust the compiler). In
 * JavaScript nothing is checked: the types are TypeScript's inference over code that was never written
 * for it, and they are narrower than reality where it cannot see: a `let` assigned inside a closure
 * keeps its initial type, a JSDoc comment describes part of what a parameter receives, `reduce`'s result
 * type comes from its seed, a computed key finds the wrong member, a base class's stub stands for the
 * subclass's async override. So an expression whose type rests on JavaScript counts only when:
 * - its syntax fixes what it is (a literal, arithmetic, a comparison, a function or object literal);
 * - it names something declared in TypeScript or a declaration file (the library, `@types/node`), or a
 *   JavaScript `const` whose initializer counts, or a function or class declaration (a function value);
 * - it calls a function declared in TypeScript or a declaration file, where the return type does not
 *   depend on type arguments inferred from the JavaScript call; or a JavaScript function without a JSDoc
 *   return type, not a stub, whose every `return` counts (none at all: it returns undefined).
 */
export class TypeEvidence {
  constructor(private readonly checker: ts.TypeChecker) {}

  isTrusted(expression: ts.Expression, depth: EvidenceDepth, level = 0): boolean {
    // Chains of constants and returns are short in real code; the bound guards against cycles.
    if (level > 6) return false;
    const next = level + 1;
    const node = skipParentheses(expression);
    if (node !== expression && isJavaScriptFile(expression.getSourceFile()) && hasJSDocCast(expression)) return false;
    if (hasPrimitiveValue(node)) return true;
    if (ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isClassExpression(node) || ts.isObjectLiteralExpression(node)) return true;
    if (ts.isArrayLiteralExpression(node)) {
      return depth === 'shallow' || node.elements.every((element) => ts.isOmittedExpression(element) || this.isTrusted(ts.isSpreadElement(element) ? element.expression : element, depth, next));
    }
    if (ts.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      if (operator === ts.SyntaxKind.CommaToken || operator === ts.SyntaxKind.EqualsToken) return this.isTrusted(node.right, depth, next);
      if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken) {
        return this.isTrusted(node.left, depth, next) && this.isTrusted(node.right, depth, next);
      }
    }
    if (ts.isConditionalExpression(node)) return this.isTrusted(node.whenTrue, depth, next) && this.isTrusted(node.whenFalse, depth, next);
    if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return this.isTrustedReference(node, depth, next);
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) return this.isTrustedCall(node, depth, next);
    // Anything else (an assertion, `this`, a tagged template, ...): TypeScript's own word, not JavaScript's.
    return !isJavaScriptFile(node.getSourceFile());
  }

  private isTrustedReference(node: ts.Identifier | ts.PropertyAccessExpression | ts.ElementAccessExpression, depth: EvidenceDepth, level: number): boolean {
    if (ts.isElementAccessExpression(node) && !ts.isStringLiteralLike(node.argumentExpression) && !ts.isNumericLiteral(node.argumentExpression)) {
      // `this[KEY]` with a key of type `symbol` finds any symbol-keyed member, or none.
      if (isJavaScriptFile(node.getSourceFile())) return false;
    }
    const symbol = this.resolvedSymbol(node);
    const declarations = symbol?.getDeclarations() ?? [];
    // No declaration: `undefined`, an index signature's or a mapped type's member. TypeScript checked
    // what it is in TypeScript code; in JavaScript only `undefined` is known.
    if (declarations.length === 0) return !isJavaScriptFile(node.getSourceFile()) || (ts.isIdentifier(node) && node.text === 'undefined');
    return declarations.every((declaration) => {
      if (!isJavaScriptFile(declaration.getSourceFile())) return true;
      // A function or a class is a function value, whatever its body does (`await load` lacks a call).
      if (ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return !hasComputedName(declaration);
      // A JavaScript const is what its initializer is; its elements may change (`push`) unseen.
      if (depth === 'shallow' && ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name) && declaration.initializer) {
        const list = declaration.parent;
        return ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0 && this.isTrusted(declaration.initializer, depth, level);
      }
      return false;
    });
  }

  private isTrustedCall(node: ts.CallExpression | ts.NewExpression, depth: EvidenceDepth, level: number): boolean {
    const callee = skipParentheses(node.expression);
    if (callee.kind === ts.SyntaxKind.ImportKeyword || callee.kind === ts.SyntaxKind.SuperKeyword) return false;
    if (ts.isIdentifier(callee) && callee.text === 'require') return false;
    const javaScriptCall = isJavaScriptFile(node.getSourceFile());
    if (javaScriptCall && ts.isElementAccessExpression(callee) && !ts.isStringLiteralLike(callee.argumentExpression)) return false;
    // An instance of a class is that class's instance, whatever the arguments (its members say whether it is thenable).
    if (ts.isNewExpression(node) && depth === 'shallow') return true;
    const declaration = this.checker.getResolvedSignature(node)?.getDeclaration();
    if (!declaration) return false;
    if (!isJavaScriptFile(declaration.getSourceFile())) {
      if (!javaScriptCall) return true;
      // A generic's result follows the type arguments inferred from the call, unchecked in JavaScript:
      // `reduce(async (a, b) => ..., seed)` is typed by its seed.
      const signature = this.checker.getSignatureFromDeclaration(declaration);
      if (!signature || (signature.getTypeParameters()?.length ?? 0) === 0) return true;
      return !dependsOnTypeParameters(this.checker, signature.getReturnType(), depth);
    }
    if (!ts.isFunctionLike(declaration) || hasComputedName(declaration)) return false;
    const fn = declaration as ts.SignatureDeclaration;
    if (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn) || ts.isMethodDeclaration(fn)) {
      const body = fn.body;
      if (!body) return false;
      // Async functions and generators are typed by their kind, not by their bodies.
      if (isAsyncFunction(fn) || fn.asteriskToken) return true;
      // A JSDoc return type says what the function is meant to return, not what it does.
      if (ts.getJSDocReturnType(fn) || ts.getJSDocType(fn)) return false;
      readCodeOf(fn);
      if (!ts.isBlock(body)) return this.isTrusted(body, depth, level);
      // An empty body or one that only throws is a stub that a subclass or a driver replaces.
      if (body.statements.every((statement) => ts.isThrowStatement(statement))) return false;
      return returnedExpressions(body).every((returned) => this.isTrusted(returned, depth, level));
    }
    return false;
  }

  private resolvedSymbol(node: ts.Expression): ts.Symbol | undefined {
    return resolvedSymbol(this.checker, ts.isElementAccessExpression(node) ? node.argumentExpression : node);
  }
}

function hasComputedName(declaration: ts.Declaration): boolean {
  const name = (declaration as ts.NamedDeclaration).name;
  return name !== undefined && ts.isComputedPropertyName(name);
}

/** `/** @type {T} *\/ (value)`: the parentheses carry a JSDoc cast. */
function hasJSDocCast(expression: ts.Expression): boolean {
  for (let current: ts.Expression = expression; ts.isParenthesizedExpression(current); current = current.expression) {
    if (ts.getJSDocTypeTag(current)) return true;
  }
  return false;
}

/** The expressions of a function body's `return` statements, outside nested functions and classes. */
function returnedExpressions(body: ts.Block): ts.Expression[] {
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}
