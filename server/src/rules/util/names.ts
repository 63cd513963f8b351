import { ts } from '../../typescript';
import { forEachNode } from './ast';

/**
 * Picking a name for what a fix declares or imports: one that no identifier of the file (or of the
 * code the name will be seen from) already uses, so it can neither capture nor shadow anything.
 */

const fileNames = new WeakMap<ts.SourceFile, ReadonlySet<string>>();

/**
 * The names that the identifiers in `node` bind or refer to. Names of properties (`a.name`,
 * `{ name: 1 }`, `name() {}`) are left out: a new binding of that name changes nothing they mean.
 * Read once per file when `node` is a whole file.
 */
export function namesInUse(node: ts.Node): ReadonlySet<string> {
  const cached = ts.isSourceFile(node) ? fileNames.get(node) : undefined;
  if (cached) return cached;
  const names = new Set<string>();
  forEachNode(node, (child) => {
    if (ts.isIdentifier(child) && !isPropertyNamePosition(child)) names.add(child.text);
  });
  if (ts.isSourceFile(node)) fileNames.set(node, names);
  return names;
}

/** The first of the candidates that none of the `taken` sets holds, or undefined when every one is taken. */
export function firstFreeName(candidates: readonly string[], ...taken: readonly ReadonlySet<string>[]): string | undefined {
  return candidates.find((name) => isFree(name, taken));
}

/** The first of the candidates that is not taken, else the first free numbered variant of the first (`limit2`, `limit3`, ...). */
export function freeName(candidates: readonly string[], ...taken: readonly ReadonlySet<string>[]): string {
  const found = firstFreeName(candidates, ...taken);
  if (found !== undefined) return found;
  for (let index = 2; ; index++) if (isFree(`${candidates[0]}${index}`, taken)) return `${candidates[0]}${index}`;
}

/** A name for a new declaration anywhere in the file: free in the whole file. */
export function freshName(sourceFile: ts.SourceFile, candidates: readonly string[]): string {
  return freeName(candidates, namesInUse(sourceFile));
}

function isFree(name: string, taken: readonly ReadonlySet<string>[]): boolean {
  return taken.every((names) => !names.has(name));
}

/** Identifiers that name a property rather than refer to a binding (`a.name`, `{ name: 1 }`, `name() {}`). */
function isPropertyNamePosition(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return true;
  if (ts.isQualifiedName(parent) && parent.right === node) return true;
  if (
    (ts.isPropertyAssignment(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isMethodSignature(parent) ||
      ts.isGetAccessor(parent) ||
      ts.isSetAccessor(parent)) &&
    parent.name === node
  ) {
    return true;
  }
  if (ts.isImportSpecifier(parent) && parent.propertyName === node) return true;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return true;
  return false;
}
