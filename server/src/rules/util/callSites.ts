import { ts } from '../../typescript';
import { skipParentheses } from './ast';

/**
 * Every call of a function, when all of them are in view: a function that is not exported, named by a
 * function declaration or a `const`, whose every reference in its file is the callee of a call. A
 * reference of any other kind (`module.exports = { f }`, `list.push(f)`, `export { f }`) lets it be
 * called from where we cannot see, and the answer is undefined.
 */
export function callSitesOf(checker: ts.TypeChecker, fn: ts.SignatureDeclaration): ts.CallExpression[] | undefined {
  let name: ts.Identifier | undefined;
  let modifiersOf: ts.Node | undefined;
  if (ts.isFunctionDeclaration(fn)) {
    name = fn.name;
    modifiersOf = fn;
  } else if ((ts.isArrowFunction(fn) || (ts.isFunctionExpression(fn) && !fn.name)) && ts.isVariableDeclaration(fn.parent) && fn.parent.initializer === fn) {
    const declaration = fn.parent;
    if (!ts.isIdentifier(declaration.name) || !(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
    name = declaration.name;
    modifiersOf = declaration.parent.parent;
  }
  if (!name || !modifiersOf || !ts.canHaveModifiers(modifiersOf)) return undefined;
  if ((ts.getModifiers(modifiersOf) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword || modifier.kind === ts.SyntaxKind.DefaultKeyword)) return undefined;
  const symbol = checker.getSymbolAtLocation(name);
  if (!symbol) return undefined;
  const text = name.text;
  const sites: ts.CallExpression[] = [];
  let escapes = false;
  const visit = (node: ts.Node): void => {
    if (escapes) return;
    if (ts.isIdentifier(node) && node !== name && node.text === text) {
      // An export specifier names an alias of the symbol, and `{ f }` the property's: either may hand it out.
      if (ts.isExportSpecifier(node.parent) || ts.isExportAssignment(node.parent) || ts.isShorthandPropertyAssignment(node.parent)) escapes = true;
      else if (checker.getSymbolAtLocation(node) === symbol) {
        if (ts.isCallExpression(node.parent) && node.parent.expression === node) sites.push(node.parent);
        else escapes = true;
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.getSourceFile());
  return escapes ? undefined : sites;
}

/**
 * What the callers pass for a parameter (a plain name, not a rest parameter) of a function whose every
 * call is in view (see `callSitesOf`): one argument per call site, leaving out those that hand the
 * function's own parameter on unchanged (a recursive call adds no new value). Undefined when a call site
 * is out of view, leaves the argument out or spreads before it, or no call site passes a value of its own.
 */
export function argumentsForParameter(checker: ts.TypeChecker, parameter: ts.ParameterDeclaration): ts.Expression[] | undefined {
  if (!ts.isIdentifier(parameter.name) || parameter.dotDotDotToken) return undefined;
  const symbol = checker.getSymbolAtLocation(parameter.name);
  const fn = parameter.parent;
  const index = fn.parameters.indexOf(parameter);
  const sites = callSitesOf(checker, fn);
  if (!symbol || !sites) return undefined;
  const passed: ts.Expression[] = [];
  for (const site of sites) {
    if (site.arguments.slice(0, index + 1).some((argument) => ts.isSpreadElement(argument))) return undefined;
    const argument = site.arguments[index];
    if (!argument) return undefined;
    const value = skipParentheses(argument);
    if (ts.isIdentifier(value) && checker.getSymbolAtLocation(value) === symbol) continue;
    passed.push(value);
  }
  return passed.length > 0 ? passed : undefined;
}

/** The parameter an identifier names, when it names one of a function's parameters. */
export function namedParameter(checker: ts.TypeChecker, expression: ts.Expression): ts.ParameterDeclaration | undefined {
  const value = skipParentheses(expression);
  if (!ts.isIdentifier(value)) return undefined;
  const declaration = checker.getSymbolAtLocation(value)?.valueDeclaration;
  return declaration && ts.isParameter(declaration) ? declaration : undefined;
}
