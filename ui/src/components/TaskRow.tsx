import { Link } from 'react-router';

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

/** A status of a project's workflow as the API gives it (Task.state, Workflow.statuses). */
export interface WorkflowState {
  readonly key?: string;
  readonly name: string;
  readonly colour: string;
  readonly category: string;
}

/** A task's status: its workflow's name with its colour; the category (to do, in progress, done) shades it. */
export function StatusBadge({ state }: { state: WorkflowState }) {
  return (
    <span className={`badge status status-${state.category}`}>
      <span className="swatch" style={{ background: state.colour }} aria-hidden="true" />{state.name}
    </span>
  );
}

export function PriorityBadge({ priority }: { priority: string }) {
  return <span className={`badge priority-${priority}`}>{priority}</span>;
}

/** A label as a coloured chip; the name is always written out (colour alone says nothing to some readers). */
export function LabelChip({ name, colour }: { name: string; colour: string }) {
  return <span className="label-chip"><span className="swatch" style={{ background: colour }} aria-hidden="true" />{name}</span>;
}

export function LabelChips({ labels }: { labels: ReadonlyArray<{ readonly id: string; readonly name: string; readonly colour: string }> | undefined }) {
  if (!labels?.length) return null;
  return <span className="labels">{labels.map((label) => <LabelChip key={label.id} name={label.name} colour={label.colour} />)}</span>;
}

/** Minutes as people say them: 90 -> 1 h 30 min. */
export function formatEstimate(minutes: number | null | undefined): string {
  if (minutes == null) return '';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return [hours ? `${hours} h` : '', rest || !hours ? `${rest} min` : ''].filter(Boolean).join(' ');
}

export interface TaskSummary {
  readonly id: string;
  readonly key?: string | null | undefined;
  readonly labels?: ReadonlyArray<{ readonly id: string; readonly name: string; readonly colour: string }>;
  readonly title: string;
  readonly status: string;
  /** Lists across projects carry each task's state; a project's list names its workflow instead. */
  readonly state?: WorkflowState;
  readonly priority: string;
  readonly dueDate?: string | null | undefined;
  readonly assignee?: { readonly displayName: string } | null | undefined;
}

export function TaskTable({ tasks, caption, statuses }: { tasks: readonly TaskSummary[]; caption: string; statuses?: ReadonlyArray<WorkflowState> }) {
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
            <td>{task.key && <span className="task-key">{task.key}</span>} <Link to={`/tasks/${task.id}`}>{task.title}</Link> <LabelChips labels={task.labels} /></td>
            <td><StatusBadge state={task.state ?? statuses?.find((s) => s.key === task.status) ?? { name: task.status, colour: '#6b7280', category: 'todo' }} /></td>
            <td><PriorityBadge priority={task.priority} /></td>
            <td>{task.assignee?.displayName ?? <span className="muted">nobody</span>}</td>
            <td>{task.dueDate ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
