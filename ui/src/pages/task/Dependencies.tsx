import { useState, type FormEvent } from 'react';
import { graphql, useMutation, useRefetchableFragment } from 'react-relay';
import { Link } from 'react-router';
import type { Dependencies_task$key } from '../../__generated__/Dependencies_task.graphql';
import type { DependenciesAddMutation } from '../../__generated__/DependenciesAddMutation.graphql';
import type { DependenciesRemoveMutation } from '../../__generated__/DependenciesRemoveMutation.graphql';
import { Section } from '../../components/Section';
import { ErrorMessage, formValues, Select } from '../../components/forms';
import { StatusBadge } from '../../components/TaskRow';

/**
 * What blocks the task (removable, and one of the project's tasks can be added) and what
 * it blocks. A refused cycle comes back as the server's message, which names it.
 */
export function Dependencies({ task }: { task: Dependencies_task$key }) {
  const [data, refetch] = useRefetchableFragment(graphql`
    fragment Dependencies_task on Task @refetchable(queryName: "DependenciesRefetchQuery") {
      id
      blockedBy { id title status state { key name colour category } }
      blocks { id title status state { key name colour category } }
      project { tasks(first: 100, orderBy: oldest) { nodes { id title } } }
    }
  `, task);
  const [error, setError] = useState<unknown>(null);
  const [add, adding] = useMutation<DependenciesAddMutation>(graphql`
    mutation DependenciesAddMutation($taskId: ID!, $blockerId: ID!) { addTaskDependency(taskId: $taskId, blockerId: $blockerId) { id } }
  `);
  const [remove] = useMutation<DependenciesRemoveMutation>(graphql`
    mutation DependenciesRemoveMutation($taskId: ID!, $blockerId: ID!) { removeTaskDependency(taskId: $taskId, blockerId: $blockerId) }
  `);
  const reload = () => refetch({}, { fetchPolicy: 'network-only' });
  const taken = new Set([data.id, ...data.blockedBy.map((t) => t.id)]);
  const candidates = (data.project?.tasks.nodes ?? []).filter((t) => !taken.has(t.id));
  function done(errors: ReadonlyArray<{ message: string }> | null | undefined) {
    if (errors?.length) setError(new Error(errors[0]?.message));
    else void reload();
  }
  function submit(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    if (!values.blockerId) return;
    setError(null);
    add({ variables: { taskId: data.id, blockerId: values.blockerId }, onCompleted: (_, errors) => done(errors), onError: setError });
  }
  return (
    <Section title="Dependencies">
      <h3>Blocked by</h3>
      {data.blockedBy.length === 0 ? <p className="muted">Nothing blocks this task.</p> : (
        <ul className="plain">
          {data.blockedBy.map((t) => (
            <li key={t.id}>
              <Link to={`/tasks/${t.id}`}>{t.title}</Link> <StatusBadge state={t.state} />{' '}
              <button type="button" className="link" aria-label={`“${t.title}” no longer blocks this task`}
                onClick={() => { setError(null); remove({ variables: { taskId: data.id, blockerId: t.id }, onCompleted: (_, errors) => done(errors), onError: setError }); }}>Remove</button>
            </li>
          ))}
        </ul>
      )}
      <h3>Blocks</h3>
      {data.blocks.length === 0 ? <p className="muted">No task waits for this one.</p> : (
        <ul className="plain">
          {data.blocks.map((t) => <li key={t.id}><Link to={`/tasks/${t.id}`}>{t.title}</Link> <StatusBadge state={t.state} /></li>)}
        </ul>
      )}
      {candidates.length > 0 && (
        <form onSubmit={submit} className="inline" aria-label="Add a task that blocks this one">
          <Select label="Blocked by task" name="blockerId" defaultValue="">
            <option value="" disabled>Choose a task…</option>
            {candidates.map((t) => <option key={t.id} value={t.id}>{t.title}</option>)}
          </Select>
          <button type="submit" disabled={adding}>Add</button>
        </form>
      )}
      <ErrorMessage error={error} />
    </Section>
  );
}
