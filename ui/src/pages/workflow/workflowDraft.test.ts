import { describe, expect, it } from 'vitest';
import { addStatus, allowEverything, describePointer, draftOf, inputOf, keyFor, moveStatus, removeStatus, toggleTransition } from './workflowDraft';

const stored = draftOf({
  statuses: [
    { key: 'todo', name: 'To do', colour: '#6b7280', category: 'todo' },
    { key: 'doing', name: 'Doing', colour: '#d97706', category: 'in_progress' },
    { key: 'done', name: 'Done', colour: '#16a34a', category: 'done' },
    { key: 'cancelled', name: 'Cancelled', colour: '#9ca3af', category: 'done' },
  ],
  transitions: [{ from: 'todo', to: 'doing', roles: [] }, { from: 'doing', to: 'cancelled', roles: ['manager'] }],
});

describe('the workflow editor', () => {
  it('gives new statuses keys from their names, never one taken', () => {
    expect(keyFor('In review', [])).toBe('in_review');
    expect(keyFor('Done', ['done'])).toBe('done_2');
    expect(keyFor('2nd look', [])).toBe('s_2nd_look');
    expect(keyFor('Überprüfung', [])).toBe('uberprufung');
  });

  it('removes a status with its moves and sends its tasks to one of the same category', () => {
    const draft = removeStatus(stored, 'cancelled');
    expect(draft.statuses.map((s) => s.key)).toEqual(['todo', 'doing', 'done']);
    expect(draft.transitions).toEqual([{ from: 'todo', to: 'doing', roles: '' }]);
    expect(inputOf(draft).replacements).toEqual([{ status: 'cancelled', replacement: 'done' }]);
    // A new status never had tasks: nothing to replace.
    const added = addStatus(stored, 'In review', 'in_progress', '#7c3aed');
    expect(inputOf(removeStatus(added, 'in_review')).replacements).toEqual([]);
    // Removing the replacement chosen for an earlier removal picks another.
    expect(removeStatus(draft, 'done').replacements).toEqual({ cancelled: 'todo', done: 'todo' });
  });

  it('orders statuses, toggles moves and sends roles as names', () => {
    expect(moveStatus(stored, 'done', -1).statuses.map((s) => s.key)).toEqual(['todo', 'done', 'doing', 'cancelled']);
    expect(moveStatus(stored, 'todo', -1)).toBe(stored);
    expect(toggleTransition(stored, 'todo', 'doing').transitions).toHaveLength(1);
    expect(allowEverything(stored, true).transitions).toHaveLength(12);
    expect(inputOf(stored).transitions[1]).toEqual({ from: 'doing', to: 'cancelled', roles: ['manager'] });
  });

  it('places a problem in words', () => {
    expect(describePointer(stored, '/statuses/1/name')).toBe('Status 2 “Doing”: name');
    expect(describePointer(stored, '/transitions/1/roles/0')).toBe('Move Doing → Cancelled: roles');
  });
});
