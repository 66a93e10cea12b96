import { useState } from 'react';
import { graphql, useLazyLoadQuery } from 'react-relay';
import { Link, useParams } from 'react-router';
import type { TimelinePageQuery } from '../../__generated__/TimelinePageQuery.graphql';
import { NotFoundNotice, Section } from '../../components/Section';
import { ProjectHeader } from './ProjectPage';

const ROW = 30;
const DAY = 86_400_000;

export interface TimelineTask {
  readonly id: string;
  readonly key?: string | null | undefined;
  readonly title: string;
  readonly status: string;
  readonly state?: { readonly category: string };
  readonly startDate?: string | null | undefined;
  readonly dueDate?: string | null | undefined;
  readonly blockedBy: ReadonlyArray<{ readonly id: string }>;
}

export interface Bar { task: TimelineTask; row: number; start: number; end: number }

/**
 * Places the dated tasks on days: a task runs from its start to its due date (one day if it has
 * only one of them). Days are counted from the earliest start.
 */
export function layout(tasks: readonly TimelineTask[]): { bars: Bar[]; undated: TimelineTask[]; first: number; days: number } {
  const dated = tasks.filter((t) => t.startDate || t.dueDate);
  const undated = tasks.filter((t) => !t.startDate && !t.dueDate);
  const day = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY);
  const spans = dated.map((task) => {
    const start = day((task.startDate ?? task.dueDate)!);
    const end = day((task.dueDate ?? task.startDate)!);
    return { task, start, end: Math.max(start, end) };
  }).sort((a, b) => a.start - b.start || a.end - b.end);
  const first = spans.length ? Math.min(...spans.map((s) => s.start)) : 0;
  const last = spans.length ? Math.max(...spans.map((s) => s.end)) : 0;
  return {
    bars: spans.map((span, row) => ({ task: span.task, row, start: span.start - first, end: span.end - first })),
    undated,
    first,
    days: last - first + 1,
  };
}

/** A project's tasks by start and due date, with an arrow from each blocker to what it blocks. */
export default function TimelinePage() {
  const { projectId = '' } = useParams();
  // Today, fixed for the life of the page (a render must not read the clock).
  const [now] = useState(() => Date.now());
  const data = useLazyLoadQuery<TimelinePageQuery>(graphql`
    query TimelinePageQuery($id: ID!) {
      project(id: $id) {
        id name key
        organization { id name }
        tasks(first: 100, orderBy: due_date) { nodes { id key title status state { category } startDate dueDate blockedBy { id } } pageInfo { hasNextPage } }
      }
    }
  `, { id: projectId }, { fetchPolicy: 'store-and-network' });
  const project = data.project;
  if (!project) return <NotFoundNotice what="Project" />;
  const { bars, undated, first, days } = layout(project.tasks.nodes);
  const dayWidth = Math.max(6, Math.min(36, Math.floor(900 / Math.max(days, 1))));
  const width = days * dayWidth + 2;
  const height = bars.length * ROW + 24;
  const byId = new Map(bars.map((bar) => [bar.task.id, bar]));
  const today = Math.floor(now / DAY) - first;
  const months: { x: number; label: string }[] = [];
  for (let d = 0; d < days; d++) {
    const date = new Date((first + d) * DAY);
    if (date.getUTCDate() === 1 || d === 0) {
      months.push({ x: d * dayWidth, label: date.toLocaleDateString(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' }) });
    }
  }
  const dates = (task: TimelineTask) => [task.startDate, task.dueDate].filter(Boolean).join(' to ');
  return (
    <>
      <ProjectHeader project={project} />
      <Section title="Timeline">
        {bars.length === 0 && <p className="muted">No task has a start or due date yet.</p>}
        {project.tasks.pageInfo.hasNextPage && <p className="muted">The 100 tasks due soonest; the list view has the rest.</p>}
        {bars.length > 0 && (
          <div className="timeline-wrap" style={{ display: 'flex' }}>
            <ol className="plain timeline-names" style={{ margin: 0, paddingTop: 24, minWidth: 240, maxWidth: 320 }}>
              {bars.map((bar) => (
                <li key={bar.task.id} style={{ height: ROW, lineHeight: `${ROW}px`, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                  {bar.task.key && <span className="task-key">{bar.task.key}</span>} <Link to={`/tasks/${bar.task.id}`}>{bar.task.title}</Link>
                  <span className="visually-hidden">, {dates(bar.task)}{bar.task.blockedBy.length ? `, waits for ${bar.task.blockedBy.length} task(s)` : ''}</span>
                </li>
              ))}
            </ol>
            <div className="timeline">
              <svg width={width} height={height} role="img" aria-label={`Timeline of ${bars.length} dated tasks with their dependencies`}>
                <defs>
                  <marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">
                    <path d="M 0 0 L 10 5 L 0 10 z" fill="#4a5568" />
                  </marker>
                </defs>
                {months.map((m) => (
                  <g key={m.x}>
                    <line className="grid" x1={m.x} x2={m.x} y1={0} y2={height} />
                    <text x={m.x + 3} y={14}>{m.label}</text>
                  </g>
                ))}
                {today >= 0 && today < days && <line className="today" x1={today * dayWidth} x2={today * dayWidth} y1={18} y2={height} />}
                {bars.map((bar) => (
                  <rect key={bar.task.id} className={`bar${bar.task.state?.category === 'done' ? ' done' : ''}`} rx={4}
                    x={bar.start * dayWidth + 1} y={24 + bar.row * ROW + 6} width={(bar.end - bar.start + 1) * dayWidth - 2} height={ROW - 12}>
                    <title>{`${bar.task.key ?? ''} ${bar.task.title}: ${dates(bar.task)}`}</title>
                  </rect>
                ))}
                {bars.flatMap((bar) => bar.task.blockedBy.map((blocker) => {
                  const from = byId.get(blocker.id);
                  if (!from) return null;
                  const x1 = (from.end + 1) * dayWidth;
                  const y1 = 24 + from.row * ROW + ROW / 2;
                  const x2 = bar.start * dayWidth;
                  const y2 = 24 + bar.row * ROW + ROW / 2;
                  const bend = Math.max(x1 + 6, Math.min(x2 - 6, x1 + 12));
                  return <path key={`${blocker.id}-${bar.task.id}`} className="arrow" markerEnd="url(#arrowhead)"
                    d={`M ${x1} ${y1} H ${bend} V ${y2} H ${Math.max(x2, bend + 4)}`} />;
                }))}
              </svg>
            </div>
          </div>
        )}
      </Section>
      {undated.length > 0 && (
        <Section title="Not scheduled">
          <ul className="plain">
            {undated.map((task) => <li key={task.id}>{task.key && <span className="task-key">{task.key}</span>} <Link to={`/tasks/${task.id}`}>{task.title}</Link></li>)}
          </ul>
        </Section>
      )}
    </>
  );
}
