import { useState, useTransition, type DragEvent, type FormEvent } from 'react';
import { fetchQuery, graphql, useLazyLoadQuery, useMutation, usePaginationFragment, useRelayEnvironment } from 'react-relay';
import { Link, NavLink, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import type { ProjectPageTaskByKeyQuery } from '../../__generated__/ProjectPageTaskByKeyQuery.graphql';
import type { ProjectPageQuery, TaskOrder, TaskPriority } from '../../__generated__/ProjectPageQuery.graphql';
import type { ProjectPage_tasks$key } from '../../__generated__/ProjectPage_tasks.graphql';
import type { ProjectPageCreateTaskMutation } from '../../__generated__/ProjectPageCreateTaskMutation.graphql';
import type { ProjectPageMoveTaskMutation } from '../../__generated__/ProjectPageMoveTaskMutation.graphql';
import { NotFoundNotice } from '../../components/Section';
import { ErrorMessage, Field, formValues, Notice, Select } from '../../components/forms';
import { PRIORITIES, PriorityBadge, TaskTable, type WorkflowState } from '../../components/TaskRow';

const FILTERS = ['status', 'assigneeId', 'priority', 'milestoneId', 'labelId', 'dueFrom', 'dueTo', 'search', 'orderBy'] as const;

export default function ProjectPage() {
  const { projectId = '' } = useParams();
  const board = useLocation().pathname.endsWith('/board');
  const [params, setParams] = useSearchParams();
  const [, startTransition] = useTransition();
  const filter = (name: (typeof FILTERS)[number]) => params.get(name) || null;
  const data = useLazyLoadQuery<ProjectPageQuery>(graphql`
    query ProjectPageQuery($id: ID!, $count: Int!, $status: String, $assigneeId: ID, $priority: TaskPriority,
        $dueFrom: String, $dueTo: String, $search: String, $orderBy: TaskOrder, $milestoneId: ID, $labelId: ID) {
      project(id: $id) {
        id name key description archivedAt
        organization { id name labels { id name } }
        members { user { id displayName } role }
        milestones { id name }
        workflow { statuses { key name colour category } transitions { from to } }
        ...ProjectPage_tasks @arguments(count: $count, status: $status, assigneeId: $assigneeId, priority: $priority,
          dueFrom: $dueFrom, dueTo: $dueTo, search: $search, orderBy: $orderBy, milestoneId: $milestoneId, labelId: $labelId)
      }
    }
  `, {
    id: projectId,
    count: board ? 100 : 25,
    status: filter('status'),
    assigneeId: filter('assigneeId'),
    priority: filter('priority') as TaskPriority | null,
    dueFrom: filter('dueFrom'),
    dueTo: filter('dueTo'),
    search: filter('search'),
    orderBy: (filter('orderBy') ?? 'newest') as TaskOrder,
    milestoneId: filter('milestoneId'),
    labelId: filter('labelId'),
  }, { fetchPolicy: 'store-and-network' });
  const project = data.project;
  if (!project) return <NotFoundNotice what="Project" />;

  function applyFilters(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    const next = new URLSearchParams();
    for (const name of FILTERS) if (values[name]) next.set(name, values[name]);
    startTransition(() => setParams(next));
  }

  return (
    <>
      <ProjectHeader project={project} />
      {project.organization && <GoToTask organizationId={project.organization.id} />}
      {project.archivedAt && <Notice>This project is archived: it is read-only until it is restored.</Notice>}
      <form className="filters" onSubmit={applyFilters} aria-label="Filter tasks" key={params.toString()}>
        <Field label="Search titles" name="search" type="search" defaultValue={params.get('search') ?? ''} />
        <Select label="Status" name="status" defaultValue={params.get('status') ?? ''}>
            <option value="">any</option>
            {project.workflow.statuses.map((status) => <option key={status.key} value={status.key}>{status.name}</option>)}
          </Select>
        <Select label="Assignee" name="assigneeId" defaultValue={params.get('assigneeId') ?? ''}>
            <option value="">anyone</option>
            {project.members.map((member) => <option key={member.user.id} value={member.user.id}>{member.user.displayName}</option>)}
          </Select>
        <Select label="Priority" name="priority" defaultValue={params.get('priority') ?? ''}>
            <option value="">any</option>
            {PRIORITIES.map((priority) => <option key={priority} value={priority}>{priority}</option>)}
          </Select>
        {project.milestones.length > 0 && (
          <Select label="Milestone" name="milestoneId" defaultValue={params.get('milestoneId') ?? ''}>
            <option value="">any</option>
            {project.milestones.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </Select>
        )}
        {(project.organization?.labels.length ?? 0) > 0 && (
          <Select label="Label" name="labelId" defaultValue={params.get('labelId') ?? ''}>
            <option value="">any</option>
            {project.organization?.labels.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
          </Select>
        )}
        <Field label="Due from" name="dueFrom" type="date" defaultValue={params.get('dueFrom') ?? ''} />
        <Field label="Due by" name="dueTo" type="date" defaultValue={params.get('dueTo') ?? ''} />
        <Select label="Sort by" name="orderBy" defaultValue={params.get('orderBy') ?? 'newest'}>
            <option value="newest">newest</option>
            <option value="oldest">oldest</option>
            <option value="due_date">due date</option>
            <option value="priority">priority</option>
          </Select>
        <button type="submit">Apply</button>
        <button type="button" className="secondary" onClick={() => startTransition(() => setParams(new URLSearchParams()))}>Clear</button>
      </form>
      <Tasks project={project} board={board} members={project.members} readOnly={Boolean(project.archivedAt)} workflow={project.workflow} />
    </>
  );
}

/** Every project page's top: the organization it belongs to, its name and key, its views. */
export function ProjectHeader({ project }: { project: { readonly id: string; readonly name: string; readonly key?: string | null | undefined; readonly organization?: { readonly id: string; readonly name: string } | null | undefined } }) {
  return (
    <>
      <p className="crumbs">{project.organization && <Link to={`/orgs/${project.organization.id}`}>{project.organization.name}</Link>}</p>
      <div className="title-row">
        <h1>{project.name} {project.key && <span className="task-key">{project.key}</span>}</h1>
        <ProjectTabs projectId={project.id} />
      </div>
    </>
  );
}

/** The project's views: one place, so every view offers the same tabs. */
export function ProjectTabs({ projectId }: { projectId: string }) {
  return (
    <nav aria-label="Project views" className="tabs">
      <NavLink to={`/projects/${projectId}`} end>List</NavLink>
      <NavLink to={`/projects/${projectId}/board`}>Board</NavLink>
      <NavLink to={`/projects/${projectId}/timeline`}>Timeline</NavLink>
      <NavLink to={`/projects/${projectId}/milestones`}>Milestones</NavLink>
      <NavLink to={`/projects/${projectId}/sprints`}>Sprints</NavLink>
      <NavLink to={`/projects/${projectId}/workflow`}>Workflow</NavLink>
      <NavLink to={`/projects/${projectId}/settings`}>Settings</NavLink>
    </nav>
  );
}

/** Opens a task by the key people quote (WEB-42), in the project's organization. */
function GoToTask({ organizationId }: { organizationId: string }) {
  const environment = useRelayEnvironment();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    const { key = '' } = formValues(event);
    setError(null);
    try {
      const answer = await fetchQuery<ProjectPageTaskByKeyQuery>(environment, graphql`
        query ProjectPageTaskByKeyQuery($organizationId: ID!, $key: String!) { taskByKey(organizationId: $organizationId, key: $key) { id } }
      `, { organizationId, key: key.trim() }, { fetchPolicy: 'network-only' }).toPromise();
      if (answer?.taskByKey) void navigate(`/tasks/${answer.taskByKey.id}`);
      else setError(new Error(`No task ${key.trim().toUpperCase()} that you can see.`));
    } catch {
      setError(new Error(`No task ${key.trim().toUpperCase()} that you can see.`));
    }
  }
  return (
    <form className="inline go-to" onSubmit={submit} aria-label="Open a task by its key">
      <Field label="Task key" name="key" placeholder="WEB-42" required maxLength={20} />
      <button type="submit" className="secondary">Open</button>
      <ErrorMessage error={error} />
    </form>
  );
}

type Members = ReadonlyArray<{ readonly user: { readonly id: string; readonly displayName: string } }>;

function Tasks({ project, board, members, readOnly, workflow }: { project: ProjectPage_tasks$key; board: boolean; members: Members; readOnly: boolean; workflow: BoardWorkflow }) {
  const { data, hasNext, loadNext, isLoadingNext, refetch } = usePaginationFragment(graphql`
    fragment ProjectPage_tasks on Project
      @refetchable(queryName: "ProjectTasksPaginationQuery")
      @argumentDefinitions(count: { type: "Int", defaultValue: 25 }, cursor: { type: "String" }, status: { type: "String" },
        assigneeId: { type: "ID" }, priority: { type: "TaskPriority" }, dueFrom: { type: "String" }, dueTo: { type: "String" },
        search: { type: "String" }, orderBy: { type: "TaskOrder", defaultValue: newest }, milestoneId: { type: "ID" },
        labelId: { type: "ID" }) {
      id
      tasks(first: $count, after: $cursor, status: $status, assigneeId: $assigneeId, priority: $priority, dueFrom: $dueFrom,
          dueTo: $dueTo, search: $search, orderBy: $orderBy, milestoneId: $milestoneId, labelId: $labelId)
          @connection(key: "ProjectPage_tasks") {
        __id
        edges { node { id key title status priority dueDate version assignee { id displayName } labels { id name colour } } }
      }
    }
  `, project);
  const tasks = data.tasks.edges.map((edge) => edge.node);
  return (
    <>
      {!readOnly && <NewTask projectId={data.id} connection={data.tasks.__id} members={members} />}
      {board ? <Board tasks={tasks} workflow={workflow} readOnly={readOnly} reload={() => refetch({}, { fetchPolicy: 'network-only' })} /> : <TaskTable caption="Tasks of the project" tasks={tasks} statuses={workflow.statuses} />}
      {hasNext && <button type="button" className="secondary" disabled={isLoadingNext} onClick={() => loadNext(board ? 100 : 25)}>More tasks</button>}
    </>
  );
}

function NewTask({ projectId, connection, members }: { projectId: string; connection: string; members: Members }) {
  const [error, setError] = useState<unknown>(null);
  const [commit, busy] = useMutation<ProjectPageCreateTaskMutation>(graphql`
    mutation ProjectPageCreateTaskMutation($projectId: ID!, $input: NewTaskInput!, $connections: [ID!]!) {
      createTask(projectId: $projectId, input: $input) @prependNode(connections: $connections, edgeTypeName: "TaskEdge") {
        id key title status state { key name colour category } priority dueDate version assignee { id displayName } labels { id name colour }
      }
    }
  `);
  function submit(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    const form = event.currentTarget;
    setError(null);
    commit({
      variables: {
        projectId,
        connections: [connection],
        input: {
          title: values.title ?? '',
          priority: (values.priority || 'medium') as TaskPriority,
          visibility: values.restricted ? 'restricted' : 'project',
          assigneeId: values.assigneeId || null,
          dueDate: values.dueDate || null,
        },
      },
      onCompleted: (_, errors) => (errors?.length ? setError(new Error(errors[0]?.message)) : form.reset()),
      onError: setError,
    });
  }
  return (
    <form className="new-task" onSubmit={submit} aria-label="New task">
      <Field label="New task" name="title" required maxLength={500} placeholder="What needs doing?" />
      <Select label="Priority" name="priority" defaultValue="medium">{PRIORITIES.map((p) => <option key={p} value={p}>{p}</option>)}</Select>
      <Select label="Assignee" name="assigneeId" defaultValue="">
          <option value="">nobody</option>
          {members.map((member) => <option key={member.user.id} value={member.user.id}>{member.user.displayName}</option>)}
        </Select>
      <Field label="Due" name="dueDate" type="date" />
      <label className="check"><input type="checkbox" name="restricted" value="yes" /> Restricted</label>
      <button type="submit" disabled={busy}>Add task</button>
      <ErrorMessage error={error} />
    </form>
  );
}

type Card = { readonly id: string; readonly key?: string | null; readonly title: string; readonly status: string; readonly priority: string; readonly version: number; readonly assignee?: { readonly displayName: string } | null };
type BoardWorkflow = { readonly statuses: ReadonlyArray<WorkflowState & { readonly key: string }>; readonly transitions: ReadonlyArray<{ readonly from: string; readonly to: string }> };

/**
 * A column per status of the project's workflow, in its order. Dragging a card to a column (or
 * choosing the column from the card's menu, for keyboard users) changes its status if the workflow
 * has that transition and nobody changed the task meanwhile (version, like If-Match); a move the
 * server refuses (a transition limited to roles) is put back with its reason.
 */
function Board({ tasks, workflow, readOnly, reload }: { tasks: readonly Card[]; workflow: BoardWorkflow; readOnly: boolean; reload: () => void }) {
  const targets = (from: string) => workflow.statuses.filter((s) => workflow.transitions.some((t) => t.from === from && t.to === s.key));
  const [message, setMessage] = useState<unknown>(null);
  const [over, setOver] = useState<string | null>(null);
  const [commit] = useMutation<ProjectPageMoveTaskMutation>(graphql`
    mutation ProjectPageMoveTaskMutation($id: ID!, $version: Int!, $status: String!) {
      updateTask(id: $id, version: $version, input: { status: $status }) { id status version updatedAt state { key name colour category } }
    }
  `);
  function move(card: Card, status: string) {
    if (card.status === status) return;
    setMessage(null);
    const target = workflow.statuses.find((s) => s.key === status);
    if (!targets(card.status).some((s) => s.key === status)) {
      const from = workflow.statuses.find((s) => s.key === card.status)?.name ?? card.status;
      const allowed = targets(card.status).map((s) => s.name);
      setMessage(new Error(`The workflow has no move from ${from} to ${target?.name ?? status}`
        + (allowed.length ? `; from ${from} a task may go to ${allowed.join(', ')}.` : '.')));
      return;
    }
    commit({
      variables: { id: card.id, version: card.version, status },
      optimisticResponse: { updateTask: { id: card.id, status, version: card.version + 1, updatedAt: new Date().toISOString(),
        state: target ? { key: target.key, name: target.name, colour: target.colour, category: target.category } : { key: status, name: status, colour: '#6b7280', category: 'todo' } } },
      // On a conflict the optimistic move is rolled back and the board reloads what the server has.
      onCompleted: (_, errors) => { if (errors?.length) { setMessage(conflict(errors[0]?.message)); reload(); } },
      onError: (error) => { setMessage(conflict(error.message)); reload(); },
    });
  }
  const drop = (status: string) => (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setOver(null);
    const card = tasks.find((task) => task.id === event.dataTransfer.getData('text/plain'));
    if (card) move(card, status);
  };
  return (
    <>
      <ErrorMessage error={message} />
      <div className="board">
        {workflow.statuses.map(({ key: status, name, colour, category }) => (
          <section key={status} className={`column category-${category}${over === status ? ' over' : ''}`} aria-label={name} data-status={status}
            onDragOver={(event) => { if (!readOnly) { event.preventDefault(); setOver(status); } }}
            onDragLeave={() => setOver(null)} onDrop={drop(status)}>
            <h2><span className="swatch" style={{ background: colour }} aria-hidden="true" /> {name} <span className="muted">{tasks.filter((task) => task.status === status).length}</span></h2>
            <ul className="cards">
              {tasks.filter((task) => task.status === status).map((task) => (
                <li key={task.id} className="card-item" draggable={!readOnly} data-task={task.id}
                  onDragStart={(event) => event.dataTransfer.setData('text/plain', task.id)}>
                  {task.key && <span className="task-key">{task.key}</span>} <Link to={`/tasks/${task.id}`}>{task.title}</Link>
                  <div className="card-meta">
                    <PriorityBadge priority={task.priority} />
                    <span className="muted">{task.assignee?.displayName ?? ''}</span>
                  </div>
                  {!readOnly && (
                    <label className="move">
                      <span className="visually-hidden">Move “{task.title}” to</span>
                      <select value={task.status} onChange={(event) => move(task, event.target.value)}>
                        <option value={task.status}>{name}</option>
                        {targets(task.status).map((next) => <option key={next.key} value={next.key}>{next.name}</option>)}
                      </select>
                    </label>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </>
  );
}

function conflict(message: string | undefined): Error {
  return new Error(message && /version|changed|stale|conflict/i.test(message)
    ? 'Someone else changed this task just now: the board shows it as it is. Try again.'
    : message ?? 'The task could not be moved.');
}
