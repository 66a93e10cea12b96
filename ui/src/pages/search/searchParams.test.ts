import { describe, expect, it } from 'vitest';
import { describeMatch, readSearch, writeSearch } from './searchParams';

describe('search state in the address', () => {
  it('reads and writes the same state', () => {
    const state = readSearch(new URLSearchParams('q=login%20bug&project=p1&mine=1&dueFrom=2027-01-01'));
    expect(state).toEqual({ q: 'login bug', projectId: 'p1', status: null, labelId: null, mine: true, dueFrom: '2027-01-01', dueTo: null });
    expect(writeSearch(state)).toEqual({ q: 'login bug', project: 'p1', mine: '1', dueFrom: '2027-01-01' });
  });
  it('leaves out what is blank', () => {
    expect(writeSearch(readSearch(new URLSearchParams('q=%20&status=')))).toEqual({});
  });
});

describe('where a search matched', () => {
  it('words the fields', () => {
    expect(describeMatch(['title'])).toBe('in the title');
    expect(describeMatch(['comment'])).toBe('in a comment');
    expect(describeMatch(['title', 'description', 'comment'])).toBe('in the title, description and a comment');
  });
});
