import { useState, type FormEvent } from 'react';
import { graphql, useMutation, useRefetchableFragment } from 'react-relay';
import type { Checklist_task$key } from '../../__generated__/Checklist_task.graphql';
import type { ChecklistAddMutation } from '../../__generated__/ChecklistAddMutation.graphql';
import type { ChecklistUpdateMutation, ChecklistUpdateMutation$variables } from '../../__generated__/ChecklistUpdateMutation.graphql';
import type { ChecklistRemoveMutation } from '../../__generated__/ChecklistRemoveMutation.graphql';
import { Section } from '../../components/Section';
import { ErrorMessage, Field, formValues } from '../../components/forms';

/** A task's checklist: tick, add, move (buttons, so the keyboard can), remove. */
export function Checklist({ task }: { task: Checklist_task$key }) {
  const [data, refetch] = useRefetchableFragment(graphql`
    fragment Checklist_task on Task @refetchable(queryName: "ChecklistRefetchQuery") {
      id
      checklist { id text done position doneAt doneBy { displayName } }
    }
  `, task);
  const [error, setError] = useState<unknown>(null);
  const [add, adding] = useMutation<ChecklistAddMutation>(graphql`
    mutation ChecklistAddMutation($taskId: ID!, $text: String!) { addChecklistItem(taskId: $taskId, text: $text) { id } }
  `);
  const [update] = useMutation<ChecklistUpdateMutation>(graphql`
    mutation ChecklistUpdateMutation($taskId: ID!, $itemId: ID!, $done: Boolean, $position: Int) {
      updateChecklistItem(taskId: $taskId, itemId: $itemId, done: $done, position: $position) {
        id done position doneAt doneBy { displayName }
      }
    }
  `);
  const [remove] = useMutation<ChecklistRemoveMutation>(graphql`
    mutation ChecklistRemoveMutation($taskId: ID!, $itemId: ID!) { removeChecklistItem(taskId: $taskId, itemId: $itemId) }
  `);
  const reload = () => refetch({}, { fetchPolicy: 'network-only' });
  const items = data.checklist;
  const done = items.filter((item) => item.done).length;
  function answered(errors: ReadonlyArray<{ message: string }> | null | undefined, then?: () => void) {
    if (errors?.length) setError(new Error(errors[0]?.message));
    else then?.();
  }
  function change(itemId: string, changes: Pick<ChecklistUpdateMutation$variables, 'done' | 'position'>, relist: boolean) {
    setError(null);
    update({
      variables: { taskId: data.id, itemId, ...changes },
      onCompleted: (_, errors) => answered(errors, relist ? () => void reload() : undefined),
      onError: setError,
    });
  }
  function submit(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    const form = event.currentTarget;
    setError(null);
    add({
      variables: { taskId: data.id, text: values.text ?? '' },
      onCompleted: (_, errors) => answered(errors, () => { form.reset(); void reload(); }),
      onError: setError,
    });
  }
  return (
    <Section title="Checklist">
      {items.length === 0 && <p className="muted">No items yet.</p>}
      {items.length > 0 && (
        <p className="muted">
          <progress max={items.length} value={done} aria-label="Checklist progress" /> {done} of {items.length} done
        </p>
      )}
      <ol className="checklist">
        {items.map((item, index) => (
          <li key={item.id}>
            <label className={item.done ? 'check done' : 'check'}>
              <input type="checkbox" checked={item.done} onChange={() => change(item.id, { done: !item.done }, false)} />
              {' '}{item.text}
            </label>
            {item.done && item.doneBy && <span className="muted"> · {item.doneBy.displayName}</span>}
            <span className="item-actions">
              <button type="button" className="link" aria-label={`Move “${item.text}” up`} disabled={index === 0}
                onClick={() => change(item.id, { position: index - 1 }, true)}>Up</button>
              <button type="button" className="link" aria-label={`Move “${item.text}” down`} disabled={index === items.length - 1}
                onClick={() => change(item.id, { position: index + 1 }, true)}>Down</button>
              <button type="button" className="link" aria-label={`Remove “${item.text}”`}
                onClick={() => remove({ variables: { taskId: data.id, itemId: item.id }, onCompleted: (_, errors) => answered(errors, () => void reload()), onError: setError })}>Remove</button>
            </span>
          </li>
        ))}
      </ol>
      <form onSubmit={submit} className="inline" aria-label="Add a checklist item">
        <Field label="New item" name="text" required maxLength={1000} autoComplete="off" />
        <button type="submit" disabled={adding}>Add</button>
      </form>
      <ErrorMessage error={error} />
    </Section>
  );
}
