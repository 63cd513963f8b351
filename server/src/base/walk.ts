// The node walk every rule and the engine use: without recursion, within the analysis time budget.
import { ts } from '../typescript';
import { checkBudget } from './budget';

/** Nodes visited between two looks at the clock. */
const NODES_PER_BUDGET_CHECK = 256;

/**
 * The nodes of the file analyzed last, in document order (depth-first, parents first). Every rule walks
 * the whole file; listing its nodes once and handing the same list to each rule costs one walk instead
 * of one per rule. Source files are immutable (an edit makes a new one), so the list never goes stale,
 * and holding only the last file keeps a batch run's memory flat.
 */
let listed: ListedFile | undefined;

interface ListedFile {
  sourceFile: ts.SourceFile;
  nodes: readonly ts.Node[];
  /** The nodes of each set of kinds asked for (rules ask with the same set objects for every file). */
  ofKinds: Map<ReadonlySet<ts.SyntaxKind>, readonly ts.Node[]>;
}

/** A set of kinds as a table indexed by kind: testing every node of a file against it costs little. */
const kindTables = new WeakMap<ReadonlySet<ts.SyntaxKind>, Uint8Array>();

/**
 * Walks every node of `root` depth-first without recursion, so deeply nested code cannot overflow
 * the stack, and within the analysis time budget.
 */
export function forEachNode(root: ts.Node, visit: (node: ts.Node) => void): void {
  if (!ts.isSourceFile(root)) {
    walk(root, visit);
    return;
  }
  visitAll(listOf(root).nodes, visit);
}

/**
 * forEachNode for the nodes of the given kinds only. Most rules look at a few kinds of node (calls,
 * statements, loops): over a whole file they visit just those, picked once per set of kinds from the
 * node list that all rules share, instead of each rule calling its visitor on every node.
 */
export function forEachNodeOfKinds(root: ts.Node, kinds: ReadonlySet<ts.SyntaxKind>, visit: (node: ts.Node) => void): void {
  if (!ts.isSourceFile(root)) {
    walk(root, (node) => {
      if (kinds.has(node.kind)) visit(node);
    });
    return;
  }
  const file = listOf(root);
  let nodes = file.ofKinds.get(kinds);
  if (!nodes) file.ofKinds.set(kinds, (nodes = nodesOfKinds(file, kinds)));
  visitAll(nodes, visit);
}

function visitAll(nodes: readonly ts.Node[], visit: (node: ts.Node) => void): void {
  for (let index = 0; index < nodes.length; index++) {
    if (index % NODES_PER_BUDGET_CHECK === NODES_PER_BUDGET_CHECK - 1) checkBudget();
    visit(nodes[index]);
  }
}

function listOf(sourceFile: ts.SourceFile): ListedFile {
  if (listed?.sourceFile !== sourceFile) {
    const nodes: ts.Node[] = [];
    walk(sourceFile, (node) => nodes.push(node));
    listed = { sourceFile, nodes, ofKinds: new Map() };
  }
  return listed;
}

/** The file's nodes of the given kinds, in document order. */
function nodesOfKinds(file: ListedFile, kinds: ReadonlySet<ts.SyntaxKind>): ts.Node[] {
  let table = kindTables.get(kinds);
  if (!table) {
    table = new Uint8Array(ts.SyntaxKind.Count);
    for (const kind of kinds) table[kind] = 1;
    kindTables.set(kinds, table);
  }
  const nodes: ts.Node[] = [];
  for (const node of file.nodes) if (table[node.kind] === 1) nodes.push(node);
  return nodes;
}

function walk(root: ts.Node, visit: (node: ts.Node) => void): void {
  const stack: ts.Node[] = [root];
  const push = (child: ts.Node) => {
    stack.push(child);
  };
  let visited = 0;
  while (stack.length > 0) {
    if (++visited % NODES_PER_BUDGET_CHECK === 0) checkBudget();
    const node = stack.pop()!;
    visit(node);
    // Children go on the stack in reverse, so that the first child comes off first.
    const first = stack.length;
    ts.forEachChild(node, push);
    for (let low = first, high = stack.length - 1; low < high; low++, high--) {
      const swap = stack[low];
      stack[low] = stack[high];
      stack[high] = swap;
    }
  }
}
