export interface DocExample {
  kind: 'correct' | 'incorrect';
  language: string;
  options: Record<string, unknown> | undefined;
  code: string;
  /** The line of the opening fence in the page (1-based). */
  line: number;
}

/** The code blocks of a rule's doc page tagged ```ts incorrect / ```ts correct (optionally followed by JSON options), in order. */
export function examplesOf(markdown: string): DocExample[] {
  const examples: DocExample[] = [];
  const fence = /^```(ts|tsx|js|jsx) (correct|incorrect)(?: (\{.*\}))?\n([^]*?)^```$/gm;
  for (const match of markdown.matchAll(fence)) {
    examples.push({
      language: match[1],
      kind: match[2] as DocExample['kind'],
      options: match[3] ? (JSON.parse(match[3]) as Record<string, unknown>) : undefined,
      code: match[4],
      line: markdown.slice(0, match.index).split('\n').length,
    });
  }
  return examples;
}
