import { ts } from 'ts-morph';

/** Every node's kind and extent, in document order: what two parses of the same text must agree on. */
export function syntaxShape(sourceFile: ts.SourceFile): string[] {
  const nodes: string[] = [];
  const visit = (node: ts.Node): void => {
    nodes.push(`${ts.SyntaxKind[node.kind]} ${node.pos}-${node.end}`);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return nodes;
}
