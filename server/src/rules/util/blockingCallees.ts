import { ts } from '../../typescript';
import { calleeExpression, skipParentheses } from './ast';
import type { CallTarget, CallTargets } from './callTargets';
import { isProjectFile } from './declarations';

/**
 * Rules out, without the checker, method calls (`this.repo.save(x)`, `rows.map(f)`) that cannot resolve
 * to a blocking library function, so that only the rest have their callee resolved. blocking-call uses it
 * for its blocking functions, nested-run for the functions that run work to completion synchronously.
 *
 * Why it is exact: `CallTargets.resolve` names a method call's target by its declared name, which is
 * the callee's own property name unless the property's symbol is
 * - an alias: a module's export under another name (`export { readFileSync as read }`, `export default`,
 *   `export import`, `export * as`, a JavaScript `exports.read = fs.readFileSync`), or
 * - a statement-level const (or a binding element of one) in the project's own code, which resolve
 *   follows to its initializer (`export const read = fs.readFileSync`): such a const can be a member of a
 *   module, a namespace or `globalThis`, also under a mapped type's renamed key.
 * So a property name that does not look blocking itself can be ruled out when no export of the program
 * has that name and no such const resolves to a blocking function. Programs with JavaScript files (whose
 * CommonJS exports TypeScript binds as aliases) are not filtered. Plain calls (`read(x)`) are always
 * resolved: their names are bound in many ways, and resolving an identifier is cheap.
 */
export class BlockingCallees {
  private constructor(
    /** Filtering is off for the whole program: see above. */
    private readonly resolveAll: boolean,
    /** Names under which some module of the program exports an alias. */
    private readonly exportedAliasNames: ReadonlySet<string>,
    private readonly looksBlocking: (name: string) => boolean,
  ) {}

  /** Per program, per rule (told apart by its `looksBlocking`). */
  private static readonly byProgram = new WeakMap<ts.Program, Map<(name: string) => boolean, BlockingCallees>>();
  /** Per program: one scan of its statements serves every rule's filter. */
  private static readonly factsByProgram = new WeakMap<ts.Program, ProgramFacts>();

  /**
   * The filter for a program. `isBlockingTarget` says whether a target blocks; `looksBlocking` whether a
   * declared name can be that of a blocking target (every blocking target's name passes it).
   */
  static of(
    program: ts.Program,
    targets: CallTargets,
    isBlockingTarget: (target: CallTarget) => boolean,
    looksBlocking: (name: string) => boolean,
  ): BlockingCallees {
    let ofProgram = BlockingCallees.byProgram.get(program);
    if (!ofProgram) BlockingCallees.byProgram.set(program, (ofProgram = new Map()));
    let filter = ofProgram.get(looksBlocking);
    if (!filter) {
      let facts = BlockingCallees.factsByProgram.get(program);
      if (!facts) BlockingCallees.factsByProgram.set(program, (facts = programFacts(program, targets)));
      filter = new BlockingCallees(facts.hasJavaScript || facts.constTargets.some(isBlockingTarget), facts.exportedAliasNames, looksBlocking);
      ofProgram.set(looksBlocking, filter);
    }
    return filter;
  }

  /** False when the call's target is sure not to block; true when only resolving it can tell. */
  mayBlock(callee: ts.Expression): boolean {
    if (this.resolveAll) return true;
    const expression = calleeExpression(callee);
    let name: string;
    if (ts.isPropertyAccessExpression(expression)) name = expression.name.text;
    else if (ts.isElementAccessExpression(expression) && ts.isStringLiteralLike(expression.argumentExpression)) name = expression.argumentExpression.text;
    else return true;
    return this.looksBlocking(name) || this.exportedAliasNames.has(name);
  }
}

/** What every rule's filter needs to know of a program. */
interface ProgramFacts {
  /** JavaScript files bind CommonJS exports as aliases the scan does not see: no filtering then. */
  hasJavaScript: boolean;
  /** Names under which some module of the program exports an alias. */
  exportedAliasNames: ReadonlySet<string>;
  /** The targets that the project's statement-level consts following another value resolve to. */
  constTargets: readonly CallTarget[];
}

function programFacts(program: ts.Program, targets: CallTargets): ProgramFacts {
  const names = new Set<string>(['default']);
  const constTargets: CallTarget[] = [];
  for (const file of program.getSourceFiles()) {
    if (!file.isDeclarationFile && /\.[cm]?jsx?$/i.test(file.fileName)) return { hasJavaScript: true, exportedAliasNames: names, constTargets };
    const ownCode = isProjectFile(program, file);
    forEachStatement(file, (statement) => {
      addExportedAliasNames(statement, names);
      if (ownCode && ts.isVariableStatement(statement) && ts.getCombinedNodeFlags(statement.declarationList) & ts.NodeFlags.Const) {
        for (const declaration of statement.declarationList.declarations) {
          for (const name of followedNames(declaration)) {
            const target = targets.resolveDeclaredName(name);
            if (target) constTargets.push(target);
          }
        }
      }
    });
  }
  return { hasJavaScript: false, exportedAliasNames: names, constTargets };
}

/** The statements of a file and of the namespaces and module declarations in it. */
function forEachStatement(file: ts.SourceFile, visit: (statement: ts.Statement) => void): void {
  const pending: ts.Statement[] = [...file.statements];
  while (pending.length > 0) {
    const statement = pending.pop()!;
    visit(statement);
    if (ts.isModuleDeclaration(statement)) {
      let body = statement.body;
      while (body && ts.isModuleDeclaration(body)) body = body.body;
      if (body && ts.isModuleBlock(body)) pending.push(...body.statements);
    }
  }
}

function addExportedAliasNames(statement: ts.Statement, names: Set<string>): void {
  if (ts.isExportDeclaration(statement)) {
    const clause = statement.exportClause;
    if (clause && ts.isNamedExports(clause)) for (const specifier of clause.elements) names.add(specifier.name.text);
    else if (clause && ts.isNamespaceExport(clause)) names.add(clause.name.text);
  } else if (ts.isImportEqualsDeclaration(statement) || ts.isNamespaceExportDeclaration(statement)) {
    names.add(statement.name.text);
  }
}

/**
 * The names of a const declaration that resolve follows to another value: a destructured name, or a
 * name whose initializer is a name or a property access (any other const is a target of its own).
 */
function followedNames(declaration: ts.VariableDeclaration): ts.Identifier[] {
  if (!ts.isIdentifier(declaration.name)) return boundNames(declaration.name);
  const initializer = declaration.initializer && skipParentheses(declaration.initializer);
  return initializer && (ts.isIdentifier(initializer) || ts.isPropertyAccessExpression(initializer)) ? [declaration.name] : [];
}

/** The identifiers a binding name binds, through nested patterns. */
function boundNames(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}
