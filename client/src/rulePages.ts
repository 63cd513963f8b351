/** A rule id as the rules name themselves: lowercase words joined by hyphens. */
export const RULE_ID = /^[a-z]+(?:-[a-z]+)*$/;

export interface RulePage {
  id: string;
  /** The page's one-line summary (its first quoted line), empty when it has none. */
  summary: string;
}

/** The rule a page documents (named by its file, `<rule-id>.md`) and its summary. */
export function parseRulePage(fileName: string, text: string): RulePage | undefined {
  const id = fileName.replace(/\.md$/, '');
  if (id === fileName || !RULE_ID.test(id)) return undefined;
  const quote = /^> ?(.*)$/m.exec(text);
  return { id, summary: quote ? quote[1].trim() : '' };
}
