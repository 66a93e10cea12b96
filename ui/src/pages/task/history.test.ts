import { describe, expect, it } from 'vitest';
import { describeChange } from './history';

const estimate = (minutes: number) => `${minutes} min`;

describe('describeChange', () => {
  it('names values by what they refer to where the reader may see it', () => {
    expect(describeChange({ field: 'status', from: { value: 'todo', label: 'To do' }, to: { value: 'done', label: 'Done' } }, estimate).summary)
      .toBe('changed the status from To do to Done');
    expect(describeChange({ field: 'assignee', from: null, to: { value: 'u1', label: null } }, estimate).summary)
      .toBe('set the assignee to someone');
    expect(describeChange({ field: 'dueDate', from: { value: '2027-01-02', label: null }, to: null }, estimate).summary)
      .toBe('cleared the due date (was 2027-01-02)');
    expect(describeChange({ field: 'estimateMinutes', from: null, to: { value: '90', label: null } }, estimate).summary)
      .toBe('set the estimate to 90 min');
  });

  it('tells labels put on from labels taken off', () => {
    expect(describeChange({ field: 'labels', from: null, to: { value: 'l1', label: 'urgent' } }, estimate).summary)
      .toBe('added the label urgent');
    expect(describeChange({ field: 'labels', from: { value: 'l1', label: null }, to: null }, estimate).summary)
      .toBe('removed a label since deleted');
  });

  it('tells where a task was planned', () => {
    expect(describeChange({ field: 'sprint', from: null, to: { value: 's1', label: 'Sprint 1' } }, estimate).summary)
      .toBe('moved it from the backlog to Sprint 1');
    expect(describeChange({ field: 'sprint', from: { value: 's1', label: null }, to: null }, estimate).summary)
      .toBe('moved it from a sprint no longer there to the backlog');
    expect(describeChange({ field: 'storyPoints', from: { value: '3', label: null }, to: { value: '5', label: null } }, estimate).summary)
      .toBe('changed the story points from 3 to 5');
  });

  it('keeps a description change out of the line', () => {
    const change = describeChange({ field: 'description', from: { value: 'old', label: null }, to: { value: 'new', label: null } }, estimate);
    expect(change.summary).toBe('changed the description');
    expect(change.details).toEqual({ before: 'old', after: 'new' });
  });
});
