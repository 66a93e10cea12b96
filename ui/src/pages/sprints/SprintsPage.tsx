import { Suspense, useState, type DragEvent, type FormEvent } from 'react';
import { graphql, useLazyLoadQuery, useMutation } from 'react-relay';
import { Link, useParams, useSearchParams } from 'react-router';
import type { SprintsPageQuery } from '../../__generated__/SprintsPageQuery.graphql';
import type { SprintsPageSprintQuery } from '../../__generated__/SprintsPageSprintQuery.graphql';
import type { SprintsPageCreateMutation } from '../../__generated__/SprintsPageCreateMutation.graphql';
import type { SprintsPageStartMutation } from '../../__generated__/SprintsPageStartMutation.graphql';
import type { SprintsPageCloseMutation } from '../../__generated__/SprintsPageCloseMutation.graphql';
import type { SprintsPageMoveMutation } from '../../__generated__/SprintsPageMoveMutation.graphql';
import type { SprintsPagePointsMutation } from '../../__generated__/SprintsPagePointsMutation.graphql';
import { Loading, NotFoundNotice, Section } from '../../components/Section';
import { ErrorMessage, Field, formValues, Notice } from '../../components/forms';
import { ProjectHeader } from '../project/ProjectPage';
import { BurndownChart, VelocityChart } from './SprintCharts';

interface PlanTask {
  readonly id: string;
  readonly key: string | null | undefined;
  readonly title: string;
  readonly status: string;
  readonly storyPoints: number | null | undefined;
}

/** Where a dropped or moved task goes: a sprint (null: the backlog) and its neighbours there. */
interface Place {
  readonly sprintId: string | null;
  readonly afterTaskId: string | null;
  readonly beforeTaskId: string | null;
}

/**
 * Sprint planning: the backlog and a sprint side by side. Tasks move by dragging, or from the
 * keyboard with each row's buttons; story points are typed in place. Managers create, start and
 * close sprints; the sprint's burndown and the project's velocity follow.
 */
export default function SprintsPage() {
  const { projectId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const [fetchKey, setFetchKey] = useState(0);
  const refresh = () => setFetchKey((key) => key + 1);
  const data = useLazyLoadQuery<SprintsPageQuery>(graphql`
    query SprintsPageQuery($id: ID!) {
      project(id: $id) {
        id name key archivedAt
        organization { id name }
        sprints { id name goal startDate endDate state }
        velocity { average sprints { sprint { id name } committed completed } }
        tasks(first: 100, sprint: "backlog", orderBy: rank) { nodes { id key title status storyPoints } }
      }
    }
  `, { id: projectId }, { fetchPolicy: 'store-and-network', fetchKey });
  const [error, setError] = useState<unknown>(null);
  const [create, creating] = useMutation<SprintsPageCreateMutation>(graphql`
    mutation SprintsPageCreateMutation($projectId: ID!, $input: NewSprintInput!) { createSprint(projectId: $projectId, input: $input) { id } }
  `);
  const [move] = useMutation<SprintsPageMoveMutation>(graphql`
    mutation SprintsPageMoveMutation($id: ID!, $sprintId: ID, $afterTaskId: ID, $beforeTaskId: ID) {
      moveTask(id: $id, sprintId: $sprintId, afterTaskId: $afterTaskId, beforeTaskId: $beforeTaskId) { id sprintId rank }
    }
  `);
  const project = data.project;
  if (!project) return <NotFoundNotice what="Project" />;
  const readOnly = Boolean(project.archivedAt);
  const open = project.sprints.filter((s) => s.state !== 'closed');
  const chosen = project.sprints.find((s) => s.id === search.get('sprint'))
    ?? open.find((s) => s.state === 'active') ?? open[0] ?? project.sprints[project.sprints.length - 1];
  const answered = (_: unknown, errors: ReadonlyArray<{ message: string }> | null | undefined) => (errors?.length ? setError(new Error(errors[0]?.message)) : refresh());
  const moveTo = (taskId: string, place: Place) => {
    setError(null);
    move({ variables: { id: taskId, ...place }, onCompleted: answered, onError: setError });
  };
  function submit(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    const form = event.currentTarget;
    setError(null);
    create({
      variables: { projectId: project!.id, input: { name: values.name ?? '', goal: values.goal ?? '', startDate: values.startDate ?? '', endDate: values.endDate ?? '' } },
      onCompleted: (response, errors) => {
        answered(response, errors);
        if (!errors?.length) { form.reset(); setSearch({ sprint: response.createSprint.id }); }
      },
      onError: setError,
    });
  }
  return (
    <>
      <ProjectHeader project={project} />
      {readOnly && <Notice>This project is archived: it is read-only until it is restored.</Notice>}
      <ErrorMessage error={error} />
      <div className="plan">
        <Section title="Backlog">
          <PlanList tasks={project.tasks.nodes} sprintId={null} label="Backlog" readOnly={readOnly} onMove={moveTo}
            other={chosen && chosen.state !== 'closed' ? { id: chosen.id, name: chosen.name } : null} onError={setError} />
        </Section>
        {chosen
          ? (
            <Suspense fallback={<Loading />}>
              <SprintColumn projectId={project.id} sprintId={chosen.id} fetchKey={fetchKey} sprints={project.sprints} readOnly={readOnly}
                onChoose={(id) => setSearch({ sprint: id })} onMove={moveTo} onChanged={refresh} onError={setError} />
            </Suspense>
          )
          : <Section title="Sprint"><p className="muted">No sprint yet: plan one below.</p></Section>}
      </div>
      <div className="columns">
        {!readOnly && (
          <Section title="New sprint">
            <form className="stack" aria-label="New sprint" onSubmit={submit}>
              <Field label="Name" name="name" required maxLength={200} />
              <Field label="Goal" name="goal" maxLength={2000} />
              <div className="inline">
                <Field label="Start date" name="startDate" type="date" required />
                <Field label="End date" name="endDate" type="date" required />
              </div>
              <button type="submit" disabled={creating}>Add sprint</button>
            </form>
          </Section>
        )}
        <Section title="Velocity">
          <VelocityChart sprints={project.velocity.sprints} average={project.velocity.average} />
        </Section>
      </div>
    </>
  );
}

function SprintColumn({ projectId, sprintId, fetchKey, sprints, readOnly, onChoose, onMove, onChanged, onError }: {
  projectId: string; sprintId: string; fetchKey: number; readOnly: boolean;
  sprints: ReadonlyArray<{ readonly id: string; readonly name: string; readonly state: string }>;
  onChoose: (id: string) => void; onMove: (taskId: string, place: Place) => void; onChanged: () => void; onError: (error: unknown) => void;
}) {
  const data = useLazyLoadQuery<SprintsPageSprintQuery>(graphql`
    query SprintsPageSprintQuery($id: ID!, $sprint: String!, $projectId: ID!) {
      sprint(id: $id) {
        id name goal startDate endDate state taskCount points donePoints
        burndown { committed days { date remaining scope ideal } }
      }
      project(id: $projectId) {
        tasks(first: 100, sprint: $sprint, orderBy: rank) { nodes { id key title status storyPoints } }
      }
    }
  `, { id: sprintId, sprint: sprintId, projectId }, { fetchPolicy: 'store-and-network', fetchKey });
  const [start, starting] = useMutation<SprintsPageStartMutation>(graphql`
    mutation SprintsPageStartMutation($id: ID!) { startSprint(id: $id) { id state } }
  `);
  const [close, closing] = useMutation<SprintsPageCloseMutation>(graphql`
    mutation SprintsPageCloseMutation($id: ID!, $nextSprintId: ID) { closeSprint(id: $id, nextSprintId: $nextSprintId) { id state } }
  `);
  const sprint = data.sprint;
  if (!sprint) return <NotFoundNotice what="Sprint" />;
  const answered = (_: unknown, errors: ReadonlyArray<{ message: string }> | null | undefined) => (errors?.length ? onError(new Error(errors[0]?.message)) : onChanged());
  const nextChoices = sprints.filter((s) => s.id !== sprint.id && s.state !== 'closed');
  const editable = !readOnly && sprint.state !== 'closed';
  return (
    <Section title={`Sprint: ${sprint.name}`} actions={
      <label className="field inline-label">Sprint
        <select value={sprint.id} onChange={(event) => onChoose(event.target.value)}>
          {sprints.map((s) => <option key={s.id} value={s.id}>{s.name} ({s.state})</option>)}
        </select>
      </label>
    }>
      <p className="meta">
        <span className={`badge${sprint.state === 'active' ? ' status-in-progress' : sprint.state === 'closed' ? ' status-done' : ''}`}>{sprint.state}</span>
        {' '}{sprint.startDate} to {sprint.endDate} · {count(sprint.taskCount, 'task')} · {sprint.donePoints} of {count(sprint.points, 'point')} done
      </p>
      {sprint.goal && <p>Goal: {sprint.goal}</p>}
      {!readOnly && sprint.state === 'planned' && (
        <button type="button" disabled={starting} onClick={() => start({ variables: { id: sprint.id }, onCompleted: answered, onError })}>Start sprint</button>
      )}
      {!readOnly && sprint.state === 'active' && (
        <form className="inline" aria-label="Close the sprint" onSubmit={(event) => {
          const { next } = formValues(event);
          close({ variables: { id: sprint.id, nextSprintId: next || null }, onCompleted: answered, onError });
        }}>
          <label className="field">Unfinished tasks go to
            <select name="next" defaultValue="">
              <option value="">the backlog</option>
              {nextChoices.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </select>
          </label>
          <button type="submit" className="secondary" disabled={closing}>Close sprint</button>
        </form>
      )}
      <PlanList tasks={data.project?.tasks.nodes ?? []} sprintId={editable ? sprint.id : null} label={sprint.name} readOnly={!editable}
        onMove={onMove} other={{ id: null, name: 'Backlog' }} onError={onError} />
      <BurndownChart committed={sprint.burndown.committed} days={sprint.burndown.days} />
    </Section>
  );
}

/**
 * One list of the plan. A row drops before the row it lands on, or at the end on the list's own
 * space; its buttons do the same from the keyboard (up, down, to the other list).
 */
function PlanList({ tasks, sprintId, label, readOnly, onMove, other, onError }: {
  tasks: ReadonlyArray<PlanTask>; sprintId: string | null; label: string; readOnly: boolean;
  onMove: (taskId: string, place: Place) => void; other: { id: string | null; name: string } | null;
  onError: (error: unknown) => void;
}) {
  const [over, setOver] = useState(false);
  const [points] = useMutation<SprintsPagePointsMutation>(graphql`
    mutation SprintsPagePointsMutation($id: ID!, $points: Int) {
      updateTask(id: $id, version: -1, input: { storyPoints: $points }) {
        id storyPoints version sprint { id taskCount points donePoints }
      }
    }
  `);
  const drop = (index: number) => (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
    setOver(false);
    const id = event.dataTransfer.getData('text/plain');
    if (!id || readOnly) return;
    // Dropped before tasks[index] (or at the end): the neighbours once the task itself is out.
    const before = tasks[index]?.id === id ? tasks[index + 1] : tasks[index];
    const rest = tasks.filter((t) => t.id !== id);
    const at = before ? rest.findIndex((t) => t.id === before.id) : rest.length;
    onMove(id, { sprintId, afterTaskId: at > 0 ? rest[at - 1]?.id ?? null : null, beforeTaskId: before?.id ?? null });
  };
  const total = tasks.reduce((sum, t) => sum + (t.storyPoints ?? 0), 0);
  return (
    <div className={`plan-list${over ? ' over' : ''}`} aria-label={`Tasks in ${label}`} role="region"
      onDragOver={(event) => { if (!readOnly) { event.preventDefault(); setOver(true); } }}
      onDragLeave={() => setOver(false)} onDrop={drop(tasks.length)}>
      <p className="meta">{count(tasks.length, 'task')} · {count(total, 'point')}</p>
      {tasks.length === 0 && <p className="muted">Nothing here{readOnly ? '' : ': drag tasks in'}.</p>}
      <ol>
        {tasks.map((task, index) => (
          <li key={task.id} className="plan-item" draggable={!readOnly} data-task={task.id}
            onDragStart={(event) => event.dataTransfer.setData('text/plain', task.id)}
            onDragOver={(event) => { if (!readOnly) event.preventDefault(); }} onDrop={drop(index)}>
            <span className="plan-title">
              {task.key && <span className="task-key">{task.key}</span>} <Link to={`/tasks/${task.id}`}>{task.title}</Link>
              {' '}<span className="muted small">{task.status}</span>
            </span>
            {/* The answer carries the task's points and its sprint's totals: no refetch, so two quick saves
                can never be overwritten by a slower, older answer. */}
            <PointsInput task={task} readOnly={readOnly} onSave={(value) => points({ variables: { id: task.id, points: value },
              onCompleted: (_, errors) => { if (errors?.length) onError(new Error(errors[0]?.message)); }, onError })} />
            {!readOnly && (
              <span className="actions small" role="group" aria-label={`Move ${task.title}`}>
                <button type="button" className="link" disabled={index === 0} aria-label={`Move ${task.title} up`}
                  onClick={() => onMove(task.id, { sprintId, afterTaskId: tasks[index - 2]?.id ?? null, beforeTaskId: tasks[index - 1]?.id ?? null })}>Up</button>
                <button type="button" className="link" disabled={index === tasks.length - 1} aria-label={`Move ${task.title} down`}
                  onClick={() => onMove(task.id, { sprintId, afterTaskId: tasks[index + 1]?.id ?? null, beforeTaskId: tasks[index + 2]?.id ?? null })}>Down</button>
                {other && (
                  <button type="button" className="link" aria-label={`Move ${task.title} to ${other.name}`}
                    onClick={() => onMove(task.id, { sprintId: other.id, afterTaskId: null, beforeTaskId: null })}>To {other.name}</button>
                )}
              </span>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * A task's story points, typed in place: saved on Enter or on leaving the field, only when they
 * changed; what is typed stays while the lists refresh.
 */
function PointsInput({ task, readOnly, onSave }: { task: PlanTask; readOnly: boolean; onSave: (points: number | null) => void }) {
  const [typed, setTyped] = useState(task.storyPoints == null ? '' : String(task.storyPoints));
  const save = () => {
    const value = typed === '' ? null : Number(typed);
    if (value === (task.storyPoints ?? null)) return;
    onSave(value);
  };
  return (
    <input type="number" min={0} max={1000} className="points" aria-label={`Story points of ${task.title}`}
      value={typed} disabled={readOnly} onChange={(event) => setTyped(event.target.value)} onBlur={save}
      onKeyDown={(event) => { if (event.key === 'Enter') save(); }} />
  );
}
