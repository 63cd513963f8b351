import { ts } from '../typescript';

/**
 * How deep a syntax tree the compiler can bind and check, in units of about one stack frame group of
 * the compiler per level (see `levelCost`). The TypeScript binder and checker walk a tree recursively
 * and overflow the stack at about 1,000 units (a generated chain of 600 `.set(...)` calls, calls nested
 * 400 deep as arguments, a `??` chain of 800 terms); tsc itself crashes on such a file. The bound is half
 * of that, for the frames below the compiler's; hand-written code stays far below it (a few dozen).
 */
export const MAX_NESTING = 500;

/**
 * Throws TooDeeplyNested when the file's syntax tree is deeper than MAX_NESTING, before any program
 * holds it: a program whose binder overflowed would fail for every file it holds, not just this one.
 */
export function assertBindable(sourceFile: ts.SourceFile): void {
  if (nestingDepth(sourceFile, MAX_NESTING) > MAX_NESTING) throw new TooDeeplyNested();
}

export class TooDeeplyNested extends Error {
  constructor() {
    super('its syntax is nested too deeply for the TypeScript compiler to bind and check it without overflowing its stack (a long generated call chain or expression?)');
  }
}

/** The weighted depth of the tree below `root`, counted without recursion, stopping once it passes `limit`. */
export function nestingDepth(root: ts.Node, limit: number): number {
  let deepest = 0;
  // Two parallel stacks: every file parsed passes through here, so no object per node.
  const nodes: ts.Node[] = [root];
  const depths: number[] = [0];
  let parent: ts.Node = root;
  let depth = 0;
  const push = (child: ts.Node) => {
    nodes.push(child);
    depths.push(depth + levelCost(parent, child));
  };
  while (nodes.length > 0) {
    parent = nodes.pop()!;
    depth = depths.pop()!;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > limit) return deepest;
    }
    parent.forEachChild(push);
  }
  return deepest;
}

/**
 * What one more level costs the compiler's stack, measured against tsc: an argument of a call costs the
 * most (resolving the call checks its arguments, inferring type arguments on the way); a chain of binary
 * operators costs nothing (walked in a loop), except the logical ones, which the binder recurses into.
 */
function levelCost(parent: ts.Node, child: ts.Node): number {
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && child !== parent.expression) return 2.5;
  if (child.kind !== ts.SyntaxKind.BinaryExpression) return 1;
  if (isLogical(child as ts.BinaryExpression)) return 1.25;
  return ts.isBinaryExpression(parent) && !isLogical(parent) ? 0 : 1;
}

function isLogical(node: ts.BinaryExpression): boolean {
  switch (node.operatorToken.kind) {
    case ts.SyntaxKind.AmpersandAmpersandToken:
    case ts.SyntaxKind.BarBarToken:
    case ts.SyntaxKind.QuestionQuestionToken:
    case ts.SyntaxKind.AmpersandAmpersandEqualsToken:
    case ts.SyntaxKind.BarBarEqualsToken:
    case ts.SyntaxKind.QuestionQuestionEqualsToken:
      return true;
    default:
      return false;
  }
}
