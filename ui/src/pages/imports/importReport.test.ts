import { describe, expect, it } from 'vitest';
import { shown, summary, unassigned, type ImportReport } from './importReport';

const report: ImportReport = {
  source: 'jira', dryRun: true, rows: 5, tasks: 4, comments: 2,
  statuses: [], priorities: [],
  assignees: [{ email: 'a@example.com', matched: true, rows: 2 }, { email: 'z@example.com', matched: false, rows: 1 }],
  problems: [{ line: 4, message: 'no summary: left out', skipped: true }], projectId: null, projectKey: null,
};

describe('import report', () => {
  it('sums up a dry run and an import', () => {
    expect(summary(report)).toBe('5 rows read: 4 tasks with 2 comments would be made; 1 row is left out (see below).');
    expect(summary({ ...report, dryRun: false, rows: 1, tasks: 1, comments: 0 })).toBe('Imported 1 task.');
  });

  it('counts the rows whose assignee is not a member', () => {
    expect(unassigned(report)).toBe(1);
  });

  it('names a blank value', () => {
    expect(shown(' ')).toBe('(none)');
    expect(shown('Done')).toBe('Done');
  });
});
