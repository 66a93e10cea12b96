import { describe, expect, it } from 'vitest';
import { insertMention, mentionAt, mentionToken } from './mentions';

describe('mentions', () => {
  it('finds the @query before the caret', () => {
    expect(mentionAt('Ask @al', 7)).toEqual({ start: 4, query: 'al' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('(@bo', 4)).toEqual({ start: 1, query: 'bo' });
  });
  it('ignores addresses and finished words', () => {
    expect(mentionAt('mail me@example.org', 19)).toBeNull();
    expect(mentionAt('@alice done', 11)).toBeNull();
  });
  it('writes the token the server expects, without brackets in names', () => {
    expect(mentionToken('Ada (ops) [x]', '1')).toBe('@[Ada ops x](mention:1)');
    expect(mentionToken('  ', '2')).toBe('@[someone](mention:2)');
  });
  it('replaces what was typed and puts the caret after it', () => {
    const text = 'Ask @al today';
    const inserted = insertMention(text, 4, 7, 'Alice', 'id-1');
    expect(inserted.text).toBe('Ask @[Alice](mention:id-1)  today');
    expect(inserted.caret).toBe('Ask @[Alice](mention:id-1) '.length);
  });
});
