/** The import's report as the server answers it, and what the wizard says about it. */

export type Mapping = { from: string; to: string; toName: string; rows: number; guessed: boolean };
export type ImportReport = {
  source: 'jira' | 'redmine';
  dryRun: boolean;
  rows: number;
  tasks: number;
  comments: number;
  statuses: Mapping[];
  priorities: Mapping[];
  assignees: { email: string; matched: boolean; rows: number }[];
  problems: { line: number; message: string; skipped: boolean }[];
  projectId: string | null;
  projectKey: string | null;
};

/** One sentence for the top of the report. */
export function summary(report: ImportReport): string {
  const left = report.rows - report.tasks;
  const tasks = `${report.tasks} ${report.tasks === 1 ? 'task' : 'tasks'}`;
  const comments = report.comments ? ` with ${report.comments} ${report.comments === 1 ? 'comment' : 'comments'}` : '';
  const skipped = left > 0 ? `; ${left} ${left === 1 ? 'row is' : 'rows are'} left out (see below)` : '';
  return report.dryRun
    ? `${report.rows} ${report.rows === 1 ? 'row' : 'rows'} read: ${tasks}${comments} would be made${skipped}.`
    : `Imported ${tasks}${comments}${skipped}.`;
}

/** Blank source values read as "(none)". */
export function shown(from: string): string {
  return from.trim() === '' ? '(none)' : from;
}

/** How many of the assignees' rows stay unassigned. */
export function unassigned(report: ImportReport): number {
  return report.assignees.filter((a) => !a.matched).reduce((sum, a) => sum + a.rows, 0);
}
