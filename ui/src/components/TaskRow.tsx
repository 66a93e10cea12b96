import { Link } from 'react-router';

export const STATUSES = ['todo', 'in_progress', 'done', 'cancelled'] as const;
export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type Status = (typeof STATUSES)[number];

export const statusLabel = (status: string) =>
  ({ todo: 'To do', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled' } as Record<string, string>)[status] ?? status;

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status}`}>{statusLabel(status)}</span>;
}

export function PriorityBadge({ priority }: { priority: string }) {
  return <span className={`badge priority-${priority}`}>{priority}</span>;
}

export interface TaskSummary {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly priority: string;
  readonly dueDate?: string | null | undefined;
  readonly assignee?: { readonly displayName: string } | null | undefined;
}

export function TaskTable({ tasks, caption }: { tasks: readonly TaskSummary[]; caption: string }) {
  if (tasks.length === 0) return <p className="muted">No tasks.</p>;
  return (
    <table className="tasks">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr><th scope="col">Task</th><th scope="col">Status</th><th scope="col">Priority</th><th scope="col">Assignee</th><th scope="col">Due</th></tr>
      </thead>
      <tbody>
        {tasks.map((task) => (
          <tr key={task.id}>
            <td><Link to={`/tasks/${task.id}`}>{task.title}</Link></td>
            <td><StatusBadge status={task.status} /></td>
            <td><PriorityBadge priority={task.priority} /></td>
            <td>{task.assignee?.displayName ?? <span className="muted">nobody</span>}</td>
            <td>{task.dueDate ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
