/** The "@query" being typed just before the caret, if any: where it starts and what it asks for. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|[\s(])@([^\s@[\]()]{0,30})$/.exec(before);
  if (!match) return null;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, query };
}

/** The token the server keeps for a mention of someone who may read the task. */
export function mentionToken(name: string, id: string): string {
  const safe = name.replace(/[[\]()\r\n]+/g, ' ').replace(/\s+/g, ' ').trim() || 'someone';
  return `@[${safe.slice(0, 100)}](mention:${id})`;
}

/** {@code text} with the "@query" from {@code start} to {@code caret} replaced by the mention and a space. */
export function insertMention(text: string, start: number, caret: number, name: string, id: string): { text: string; caret: number } {
  const token = `${mentionToken(name, id)} `;
  return { text: text.slice(0, start) + token + text.slice(caret), caret: start + token.length };
}
