import { useState, type FormEvent } from 'react';
import { fetchQuery, graphql, useLazyLoadQuery, useMutation, usePaginationFragment, useRefetchableFragment, useRelayEnvironment } from 'react-relay';
import { Link, useNavigate, useParams } from 'react-router';
import { ConnectionHandler } from 'relay-runtime';
import { upload } from '../../api/http';
import { recordId } from '../../api/relay';
import type { TaskPageQuery, TaskPriority, TaskVisibility } from '../../__generated__/TaskPageQuery.graphql';
import type { TaskPageMoveMutation } from '../../__generated__/TaskPageMoveMutation.graphql';
import type { TaskPageUpdateMutation } from '../../__generated__/TaskPageUpdateMutation.graphql';
import type { TaskPageDeleteMutation } from '../../__generated__/TaskPageDeleteMutation.graphql';
import type { TaskPage_comments$key } from '../../__generated__/TaskPage_comments.graphql';
import type { TaskPage_attachments$key } from '../../__generated__/TaskPage_attachments.graphql';
import type { TaskPage_grants$key } from '../../__generated__/TaskPage_grants.graphql';
import type { TaskPageAddCommentMutation } from '../../__generated__/TaskPageAddCommentMutation.graphql';
import type { TaskPageEditCommentMutation } from '../../__generated__/TaskPageEditCommentMutation.graphql';
import type { TaskPageDeleteCommentMutation } from '../../__generated__/TaskPageDeleteCommentMutation.graphql';
import type { TaskPageGrantMutation } from '../../__generated__/TaskPageGrantMutation.graphql';
import type { TaskPageRevokeGrantMutation } from '../../__generated__/TaskPageRevokeGrantMutation.graphql';
import type { TaskPagePreviewQuery } from '../../__generated__/TaskPagePreviewQuery.graphql';
import { NotFoundNotice, Section } from '../../components/Section';
import { useSession } from '../../app/session';
import { ErrorMessage, Field, formValues, Select } from '../../components/forms';
import { SanitisedHtml } from '../../components/SanitisedHtml';
import { formatEstimate, LabelChip, LabelChips, PRIORITIES, PriorityBadge, StatusBadge, type WorkflowState } from '../../components/TaskRow';
import { Checklist } from './Checklist';
import { Dependencies } from './Dependencies';
import { History } from './History';
import { MentionTextarea } from './MentionTextarea';
import type { TaskPageWatchMutation } from '../../__generated__/TaskPageWatchMutation.graphql';

export default function TaskPage() {
  const { taskId = '' } = useParams();
  const data = useLazyLoadQuery<TaskPageQuery>(graphql`
    query TaskPageQuery($id: ID!) {
      task(id: $id) {
        id key title description descriptionHtml status priority visibility startDate dueDate estimateMinutes version createdAt updatedAt
        state { key name colour category }
        nextStatuses { key name colour category }
        assignee { id displayName }
        createdBy { displayName }
        milestone { id name }
        labels { id name colour }
        sprint { id name state }
        storyPoints
        watching { watching watcherCount }
        project {
          id name archivedAt members { user { id displayName } }
          milestones { id name state }
          sprints { id name state }
          organization { labels { id name colour } }
        }
        ...Checklist_task
        ...Dependencies_task
        ...TaskPage_comments
        ...TaskPage_attachments
        ...TaskPage_grants
        ...History_task
      }
    }
  `, { id: taskId }, { fetchPolicy: 'store-and-network' });
  const task = data.task;
  const [editing, setEditing] = useState(false);
  if (!task) return <NotFoundNotice what="Task" />;
  const members = task.project?.members ?? [];
  const milestones = task.project?.milestones ?? [];
  const labels = task.project?.organization?.labels ?? [];
  const sprints = task.project?.sprints ?? [];
  return (
    <>
      <p className="crumbs">{task.project && <Link to={`/projects/${task.project.id}`}>{task.project.name}</Link>}</p>
      <div className="title-row">
        <h1>{task.key && <span className="task-key">{task.key}</span>} {task.title}</h1>
        <div className="title-actions">
          <WatchButton taskId={task.id} initial={task.watching} />
          {!editing && <button type="button" onClick={() => setEditing(true)}>Edit</button>}
        </div>
      </div>
      <p className="meta">
        <StatusBadge state={task.state} /> <PriorityBadge priority={task.priority} />
        {' '}{task.visibility === 'restricted' ? <span className="badge">restricted</span> : null}
        {' '}Assignee: {task.assignee?.displayName ?? 'nobody'} · Start: {task.startDate ?? 'no date'} · Due: {task.dueDate ?? 'no date'}
        {task.estimateMinutes != null && <> · Estimate: {formatEstimate(task.estimateMinutes)}</>}
        {task.milestone && <> · Milestone: {task.milestone.name}</>}
        {task.project && <> · Sprint: {task.sprint ? <Link to={`/projects/${task.project.id}/sprints?sprint=${task.sprint.id}`}>{task.sprint.name}</Link> : 'backlog'}</>}
        {task.storyPoints != null && <> · {task.storyPoints} {task.storyPoints === 1 ? 'point' : 'points'}</>}
        {' '}· Created by {task.createdBy?.displayName ?? 'someone'}
      </p>
      {task.labels.length > 0 && <p className="meta">Labels: <LabelChips labels={task.labels} /></p>}
      {!task.project?.archivedAt && <StatusMoves task={task} />}
      {editing
        ? <TaskEditor task={task} members={members} milestones={milestones} labels={labels} sprints={sprints} onDone={() => setEditing(false)} />
        : <Section title="Description"><SanitisedHtml html={task.descriptionHtml || '<p class="muted">No description.</p>'} /></Section>}
      <div className="columns">
        <Checklist task={task} />
        <Dependencies task={task} />
      </div>
      <div className="columns">
        <Comments task={task} />
        <div>
          <Attachments task={task} />
          <Grants task={task} />
        </div>
      </div>
      <History task={task} />
    </>
  );
}

/**
 * Watching: told of comments and moves. Taking part starts it; stopping is remembered by the
 * server, so commenting again does not start it again.
 */
function WatchButton({ taskId, initial }: { taskId: string; initial: { readonly watching: boolean; readonly watcherCount: number } }) {
  const [state, setState] = useState(initial);
  const [error, setError] = useState<unknown>(null);
  const [commit, busy] = useMutation<TaskPageWatchMutation>(graphql`
    mutation TaskPageWatchMutation($id: ID!, $watching: Boolean!) { watchTask(id: $id, watching: $watching) { watching watcherCount } }
  `);
  const others = state.watcherCount - (state.watching ? 1 : 0);
  return (
    <span className="watch">
      <button type="button" className="secondary" aria-pressed={state.watching} disabled={busy}
        onClick={() => commit({ variables: { id: taskId, watching: !state.watching }, onCompleted: (answer) => setState(answer.watchTask), onError: setError })}>
        {state.watching ? 'Watching' : 'Watch'}
      </button>
      <span className="muted">{others === 0 ? (state.watching ? 'only you' : 'nobody watches') : `${others} other${others === 1 ? '' : 's'}`}</span>
      <ErrorMessage error={error} />
    </span>
  );
}

/**
 * The moves the workflow allows the reader from the task's status, one button each (only those:
 * a transition limited to roles they do not hold is not offered).
 */
function StatusMoves({ task }: { task: { readonly id: string; readonly version: number; readonly state: WorkflowState; readonly nextStatuses: ReadonlyArray<WorkflowState & { readonly key: string }> } }) {
  const [error, setError] = useState<unknown>(null);
  const [commit, busy] = useMutation<TaskPageMoveMutation>(graphql`
    mutation TaskPageMoveMutation($id: ID!, $version: Int!, $status: String!) {
      updateTask(id: $id, version: $version, input: { status: $status }) {
        id status version updatedAt state { key name colour category } nextStatuses { key name colour category }
      }
    }
  `);
  if (task.nextStatuses.length === 0) return <p className="meta muted">The workflow offers you no move from {task.state.name}.</p>;
  return (
    <div className="status-moves" role="group" aria-label="Move the task">
      <span className="muted">Move to</span>{' '}
      {task.nextStatuses.map((next) => (
        <button key={next.key} type="button" className="secondary" disabled={busy}
          onClick={() => { setError(null); commit({ variables: { id: task.id, version: task.version, status: next.key },
            onCompleted: (_, errors) => { if (errors?.length) setError(staleOr(errors[0]?.message)); },
            onError: (caught) => setError(staleOr(caught.message)) }); }}>
          <span className="swatch" style={{ background: next.colour }} aria-hidden="true" />{next.name}
        </button>
      ))}
      <ErrorMessage error={error} />
    </div>
  );
}

type Members = ReadonlyArray<{ readonly user: { readonly id: string; readonly displayName: string } }>;
type Milestones = ReadonlyArray<{ readonly id: string; readonly name: string; readonly state: string }>;
type Labels = ReadonlyArray<{ readonly id: string; readonly name: string; readonly colour: string }>;
interface EditableTask {
  readonly id: string; readonly title: string; readonly description: string; readonly status: string; readonly priority: string;
  readonly state: WorkflowState; readonly nextStatuses: ReadonlyArray<WorkflowState & { readonly key: string }>;
  readonly visibility: string; readonly dueDate: string | null | undefined; readonly version: number; readonly assignee: { readonly id: string } | null | undefined;
  readonly startDate: string | null | undefined; readonly estimateMinutes: number | null | undefined;
  readonly milestone: { readonly id: string } | null | undefined; readonly labels: Labels;
  readonly sprint: { readonly id: string; readonly name: string; readonly state: string } | null | undefined;
  readonly storyPoints: number | null | undefined;
}

type Sprints = ReadonlyArray<{ readonly id: string; readonly name: string; readonly state: string }>;

/** Hours as typed (1.5, 2) to whole minutes; empty is no estimate. */
export function estimateMinutes(hours: string | undefined): number | null {
  if (!hours) return null;
  const value = Number(hours.replace(',', '.'));
  return Number.isFinite(value) ? Math.round(value * 60) : Number.NaN;
}

function TaskEditor({ task, members, milestones, labels, sprints, onDone }: { task: EditableTask; members: Members; milestones: Milestones; labels: Labels; sprints: Sprints; onDone: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [description, setDescription] = useState(task.description);
  const [preview, setPreview] = useState<string | null>(null);
  const environment = useRelayEnvironment();
  const navigate = useNavigate();
  const [commit, busy] = useMutation<TaskPageUpdateMutation>(graphql`
    mutation TaskPageUpdateMutation($id: ID!, $version: Int!, $input: TaskChangesInput!) {
      updateTask(id: $id, version: $version, input: $input) {
        id key title description descriptionHtml status priority visibility startDate dueDate estimateMinutes version updatedAt
        state { key name colour category } nextStatuses { key name colour category }
        assignee { id displayName } milestone { id name } labels { id name colour } sprint { id name state } storyPoints
      }
    }
  `);
  const [remove] = useMutation<TaskPageDeleteMutation>(graphql`
    mutation TaskPageDeleteMutation($id: ID!) { deleteTask(id: $id) }
  `);
  async function showPreview() {
    try {
      const answer = await fetchQuery<TaskPagePreviewQuery>(environment, graphql`
        query TaskPagePreviewQuery($markdown: String!) { markdownPreview(markdown: $markdown) }
      `, { markdown: description }).toPromise();
      setPreview(answer?.markdownPreview ?? '');
    } catch (caught) {
      setError(caught);
    }
  }
  function save(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    const chosenLabels = new FormData(event.currentTarget).getAll('labelIds').map(String);
    setError(null);
    const estimate = estimateMinutes(values.estimateHours);
    const points = values.storyPoints ? Number(values.storyPoints) : null;
    if (points != null && (!Number.isInteger(points) || points < 0 || points > 1000)) {
      setError(new Error('Story points must be a whole number from 0 to 1000.'));
      return;
    }
    if (Number.isNaN(estimate)) {
      setError(new Error('The estimate must be a number of hours, like 1.5.'));
      return;
    }
    commit({
      variables: {
        id: task.id,
        version: task.version,
        input: {
          title: values.title ?? '',
          description,
          // Only a change goes through the workflow's transitions.
          ...(values.status && values.status !== task.status ? { status: values.status } : {}),
          priority: values.priority as TaskPriority,
          visibility: values.visibility as TaskVisibility,
          assigneeId: values.assigneeId || null,
          dueDate: values.dueDate || null,
          startDate: values.startDate || null,
          estimateMinutes: estimate,
          milestoneId: values.milestoneId || null,
          labelIds: chosenLabels,
          storyPoints: points,
          // Only a change: a closed sprint keeps its tasks, but takes no new ones.
          ...((values.sprintId || null) !== (task.sprint?.id ?? null) ? { sprintId: values.sprintId || null } : {}),
        },
      },
      onCompleted: (_, errors) => (errors?.length ? setError(staleOr(errors[0]?.message)) : onDone()),
      onError: (caught) => setError(staleOr(caught.message)),
    });
  }
  return (
    <form className="card stack" onSubmit={save} aria-label="Edit task">
      <Field label="Title" name="title" defaultValue={task.title} required maxLength={500} />
      <div className="tabs" role="group" aria-label="Description view">
        <button type="button" className={preview === null ? 'active' : 'secondary'} aria-pressed={preview === null} onClick={() => setPreview(null)}>Write</button>
        <button type="button" className={preview !== null ? 'active' : 'secondary'} aria-pressed={preview !== null} onClick={showPreview}>Preview</button>
      </div>
      {preview === null
        ? <label className="field">Description (Markdown)<textarea name="description-source" rows={10} value={description} onChange={(event) => setDescription(event.target.value)} /></label>
        : <section className="preview" aria-label="Description preview"><SanitisedHtml html={preview} /></section>}
      <div className="row">
        <Select label="Status" name="status" defaultValue={task.status}>
          <option value={task.status}>{task.state.name}</option>
          {task.nextStatuses.map((s) => <option key={s.key} value={s.key}>{s.name}</option>)}
        </Select>
        <Select label="Priority" name="priority" defaultValue={task.priority}>{PRIORITIES.map((p) => <option key={p} value={p}>{p}</option>)}</Select>
        <Select label="Visibility" name="visibility" defaultValue={task.visibility}><option value="project">project</option><option value="restricted">restricted</option></Select>
        <Select label="Assignee" name="assigneeId" defaultValue={task.assignee?.id ?? ''}>
            <option value="">nobody</option>
            {members.map((member) => <option key={member.user.id} value={member.user.id}>{member.user.displayName}</option>)}
          </Select>
        <Field label="Start date" name="startDate" type="date" defaultValue={task.startDate ?? ''} />
        <Field label="Due date" name="dueDate" type="date" defaultValue={task.dueDate ?? ''} />
        <Field label="Estimate (hours)" name="estimateHours" inputMode="decimal" defaultValue={task.estimateMinutes == null ? '' : String(task.estimateMinutes / 60)} />
        <Select label="Milestone" name="milestoneId" defaultValue={task.milestone?.id ?? ''}>
          <option value="">none</option>
          {milestones.map((m) => <option key={m.id} value={m.id}>{m.name}{m.state === 'closed' ? ' (closed)' : ''}</option>)}
        </Select>
        <Select label="Sprint" name="sprintId" defaultValue={task.sprint?.id ?? ''}>
          <option value="">backlog</option>
          {sprints.filter((s) => s.state !== 'closed' || s.id === task.sprint?.id)
            .map((s) => <option key={s.id} value={s.id}>{s.name}{s.state === 'closed' ? ' (closed)' : ''}</option>)}
        </Select>
        <Field label="Story points" name="storyPoints" type="number" min={0} max={1000} defaultValue={task.storyPoints == null ? '' : String(task.storyPoints)} />
      </div>
      {labels.length > 0 && (
        <fieldset className="checkbox-group">
          <legend>Labels</legend>
          {labels.map((label) => (
            <label key={label.id}>
              <input type="checkbox" name="labelIds" value={label.id} defaultChecked={task.labels.some((l) => l.id === label.id)} />{' '}
              <LabelChip name={label.name} colour={label.colour} />
            </label>
          ))}
        </fieldset>
      )}
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" disabled={busy}>Save</button>
        <button type="button" className="secondary" onClick={onDone}>Cancel</button>
        <button type="button" className="danger" onClick={() => {
          if (!window.confirm('Delete this task and its comments and attachments?')) return;
          remove({ variables: { id: task.id }, onCompleted: () => { void navigate(-1); }, onError: setError });
        }}>Delete task</button>
      </div>
    </form>
  );
}

function staleOr(message: string | undefined): Error {
  return new Error(message && /version|changed|stale/i.test(message)
    ? 'Someone else changed this task while you edited it. Copy your text, reload the page and apply your change again.'
    : message ?? 'The task could not be saved.');
}

function Comments({ task }: { task: TaskPage_comments$key }) {
  const { me } = useSession();
  const { data, hasNext, loadNext } = usePaginationFragment(graphql`
    fragment TaskPage_comments on Task
      @refetchable(queryName: "TaskCommentsPaginationQuery")
      @argumentDefinitions(count: { type: "Int", defaultValue: 25 }, cursor: { type: "String" }) {
      id
      commentCount
      comments(first: $count, after: $cursor) @connection(key: "TaskPage_comments") {
        __id
        edges { node { id body bodyHtml createdAt editedAt author { id displayName } } }
      }
    }
  `, task);
  const [error, setError] = useState<unknown>(null);
  const [add, adding] = useMutation<TaskPageAddCommentMutation>(graphql`
    mutation TaskPageAddCommentMutation($taskId: ID!, $body: String!, $connections: [ID!]!) {
      addComment(taskId: $taskId, body: $body) @appendNode(connections: $connections, edgeTypeName: "CommentEdge") {
        id body bodyHtml createdAt editedAt author { id displayName }
      }
    }
  `);
  const [remove] = useMutation<TaskPageDeleteCommentMutation>(graphql`
    mutation TaskPageDeleteCommentMutation($id: ID!) { deleteComment(id: $id) }
  `);
  function submit(event: FormEvent<HTMLFormElement>) {
    const { body } = formValues(event);
    const form = event.currentTarget;
    setError(null);
    add({
      variables: { taskId: data.id, body: body ?? '', connections: [data.comments.__id] },
      onCompleted: (_, errors) => (errors?.length ? setError(new Error(errors[0]?.message)) : form.reset()),
      onError: setError,
    });
  }
  return (
    <Section title={`Comments (${data.commentCount})`}>
      <ol className="comments">
        {data.comments.edges.map(({ node }) => (
          <li key={node.id}>
            <p className="meta">{node.author?.displayName ?? 'deleted user'} · <time dateTime={node.createdAt}>{new Date(node.createdAt).toLocaleString()}</time>{node.editedAt ? ' · edited' : ''}</p>
            {node.author?.id === me?.id
              ? <OwnComment comment={node} onDelete={() => remove({
                variables: { id: node.id },
                updater: (store) => {
                  const connection = store.get(data.comments.__id);
                  if (connection) ConnectionHandler.deleteNode(connection, recordId('Comment', node.id));
                },
                onError: setError,
              })} />
              : <SanitisedHtml html={node.bodyHtml} />}
          </li>
        ))}
      </ol>
      {hasNext && <button type="button" className="secondary" onClick={() => loadNext(25)}>Older comments</button>}
      <form onSubmit={submit} className="stack" aria-label="Add a comment">
        <MentionTextarea taskId={data.id} label="Comment (Markdown)" name="body" rows={3} required maxLength={20000} />
        <ErrorMessage error={error} />
        <button type="submit" disabled={adding}>Comment</button>
      </form>
    </Section>
  );
}

function OwnComment({ comment, onDelete }: { comment: { readonly id: string; readonly body: string; readonly bodyHtml: string }; onDelete: () => void }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [commit] = useMutation<TaskPageEditCommentMutation>(graphql`
    mutation TaskPageEditCommentMutation($id: ID!, $body: String!) { updateComment(id: $id, body: $body) { id body bodyHtml editedAt } }
  `);
  if (!editing) {
    return (
      <>
        <SanitisedHtml html={comment.bodyHtml} />
        <div className="actions small">
          <button type="button" className="link" onClick={() => setEditing(true)}>Edit</button>
          <button type="button" className="link" onClick={onDelete}>Delete</button>
        </div>
      </>
    );
  }
  function submit(event: FormEvent<HTMLFormElement>) {
    const { body } = formValues(event);
    commit({ variables: { id: comment.id, body: body ?? '' }, onCompleted: () => setEditing(false), onError: setError });
  }
  return (
    <form onSubmit={submit} className="stack">
      <label className="field">Edit comment<textarea name="body" rows={3} defaultValue={comment.body} required /></label>
      <ErrorMessage error={error} />
      <div className="actions"><button type="submit">Save</button><button type="button" className="secondary" onClick={() => setEditing(false)}>Cancel</button></div>
    </form>
  );
}

function Attachments({ task }: { task: TaskPage_attachments$key }) {
  const [data, refetch] = useRefetchableFragment(graphql`
    fragment TaskPage_attachments on Task @refetchable(queryName: "TaskAttachmentsRefetchQuery") {
      id
      attachments { id fileName contentType sizeBytes createdAt downloadUrl }
    }
  `, task);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem('file') as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      await upload(`/api/v1/tasks/${data.id}/attachments`, file, setProgress);
      input.value = '';
      refetch({}, { fetchPolicy: 'network-only' });
    } catch (caught) {
      setError(caught);
    } finally {
      setProgress(null);
    }
  }
  return (
    <Section title="Attachments">
      <ul className="plain">
        {data.attachments.map((file) => (
          <li key={file.id}>
            <a href={file.downloadUrl} download={file.fileName}>{file.fileName}</a> <span className="muted">{formatSize(file.sizeBytes)} · {file.contentType}</span>
          </li>
        ))}
      </ul>
      <form onSubmit={send} className="inline" aria-label="Attach a file">
        <label className="field">File<input type="file" name="file" required /></label>
        <button type="submit" disabled={progress !== null}>Upload</button>
        {progress !== null && <progress max={1} value={progress} aria-label="Upload progress">{Math.round(progress * 100)}%</progress>}
      </form>
      <ErrorMessage error={error} />
    </Section>
  );
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function Grants({ task }: { task: TaskPage_grants$key }) {
  const [data, refetch] = useRefetchableFragment(graphql`
    fragment TaskPage_grants on Task @refetchable(queryName: "TaskGrantsRefetchQuery") {
      id
      grants { id role expiresAt user { id displayName email } }
    }
  `, task);
  const [error, setError] = useState<unknown>(null);
  const [grant, granting] = useMutation<TaskPageGrantMutation>(graphql`
    mutation TaskPageGrantMutation($taskId: ID!, $email: String!, $role: GrantRole!, $expiresAt: String) {
      grantTask(taskId: $taskId, email: $email, role: $role, expiresAt: $expiresAt) { id }
    }
  `);
  const [revoke] = useMutation<TaskPageRevokeGrantMutation>(graphql`
    mutation TaskPageRevokeGrantMutation($taskId: ID!, $grantId: ID!) { revokeTaskGrant(taskId: $taskId, grantId: $grantId) }
  `);
  const reload = () => refetch({}, { fetchPolicy: 'network-only' });
  function submit(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    const form = event.currentTarget;
    setError(null);
    grant({
      variables: { taskId: data.id, email: values.email ?? '', role: (values.role ?? 'viewer') as 'viewer' | 'collaborator',
        expiresAt: values.expiresAt ? new Date(`${values.expiresAt}T23:59:59Z`).toISOString() : null },
      onCompleted: (_, errors) => { if (errors?.length) setError(new Error(errors[0]?.message)); else { form.reset(); void reload(); } },
      onError: setError,
    });
  }
  // Null for a reader who may not share the task: nothing to show or offer.
  if (!data.grants) return null;
  return (
    <Section title="Shared with">
      <ul className="plain">
        {data.grants.map((g) => (
          <li key={g.id}>
            {g.user.displayName} <span className="muted">({g.role}{g.expiresAt ? `, until ${g.expiresAt.slice(0, 10)}` : ''})</span>{' '}
            <button type="button" className="link" onClick={() => revoke({ variables: { taskId: data.id, grantId: g.id }, onCompleted: () => void reload(), onError: setError })}>Revoke</button>
          </li>
        ))}
      </ul>
      <form onSubmit={submit} className="inline" aria-label="Share this task">
        <Field label="Email of a member" name="email" type="email" required />
        <Select label="Role" name="role" defaultValue="viewer"><option value="viewer">viewer</option><option value="collaborator">collaborator</option></Select>
        <Field label="Until (optional)" name="expiresAt" type="date" />
        <button type="submit" disabled={granting}>Share</button>
      </form>
      <ErrorMessage error={error} />
    </Section>
  );
}
