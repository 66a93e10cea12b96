import { describe, expect, it } from 'vitest';
import { layout } from './TimelinePage';
import { estimateMinutes } from '../task/TaskPage';
import { formatEstimate } from '../../components/TaskRow';

describe('timeline layout', () => {
  it('places dated tasks by day from the earliest start and lists the undated apart', () => {
    const { bars, undated, days } = layout([
      { id: 'b', title: 'B', status: 'todo', startDate: '2026-12-07', dueDate: '2026-12-11', blockedBy: [{ id: 'a' }] },
      { id: 'a', title: 'A', status: 'done', startDate: '2026-12-01', dueDate: '2026-12-04', blockedBy: [] },
      { id: 'c', title: 'C', status: 'todo', dueDate: '2026-12-09', blockedBy: [] },
      { id: 'd', title: 'D', status: 'todo', blockedBy: [] },
    ]);
    expect(bars.map((bar) => [bar.task.id, bar.start, bar.end])).toEqual([['a', 0, 3], ['b', 6, 10], ['c', 8, 8]]);
    expect(bars.map((bar) => bar.row)).toEqual([0, 1, 2]);
    expect(undated.map((task) => task.id)).toEqual(['d']);
    expect(days).toBe(11);
  });

  it('draws a task due before its start as one day', () => {
    const { bars } = layout([{ id: 'x', title: 'X', status: 'todo', startDate: '2026-12-05', dueDate: '2026-12-01', blockedBy: [] }]);
    expect(bars[0]).toMatchObject({ start: 0, end: 0 });
  });
});

describe('estimates', () => {
  it('are typed in hours and shown in hours and minutes', () => {
    expect(estimateMinutes('1.5')).toBe(90);
    expect(estimateMinutes('2,25')).toBe(135);
    expect(estimateMinutes('')).toBeNull();
    expect(estimateMinutes('soon')).toBeNaN();
    expect(formatEstimate(90)).toBe('1 h 30 min');
    expect(formatEstimate(120)).toBe('2 h');
    expect(formatEstimate(0)).toBe('0 min');
    expect(formatEstimate(null)).toBe('');
  });
});
