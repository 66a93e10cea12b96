import { useState, type FormEvent } from 'react';
import { graphql, useLazyLoadQuery, useMutation } from 'react-relay';
import type { LabelsAdminQuery } from '../../__generated__/LabelsAdminQuery.graphql';
import type { LabelsAdminCreateMutation } from '../../__generated__/LabelsAdminCreateMutation.graphql';
import type { LabelsAdminUpdateMutation } from '../../__generated__/LabelsAdminUpdateMutation.graphql';
import type { LabelsAdminDeleteMutation } from '../../__generated__/LabelsAdminDeleteMutation.graphql';
import { Section } from '../../components/Section';
import { ErrorMessage, Field, formValues } from '../../components/forms';
import { LabelChip } from '../../components/TaskRow';

/** The organization's labels: everyone sees them, owners and admins add, rename, recolour and delete them. */
export function LabelsAdmin({ orgId, manage }: { orgId: string; manage: boolean }) {
  const [fetchKey, setFetchKey] = useState(0);
  const refresh = () => setFetchKey((key) => key + 1);
  const data = useLazyLoadQuery<LabelsAdminQuery>(graphql`
    query LabelsAdminQuery($id: ID!) { organization(id: $id) { id labels { id name colour } } }
  `, { id: orgId }, { fetchPolicy: 'store-and-network', fetchKey });
  const [error, setError] = useState<unknown>(null);
  const [create, creating] = useMutation<LabelsAdminCreateMutation>(graphql`
    mutation LabelsAdminCreateMutation($organizationId: ID!, $name: String!, $colour: String!) {
      createLabel(organizationId: $organizationId, name: $name, colour: $colour) { id }
    }
  `);
  const [update] = useMutation<LabelsAdminUpdateMutation>(graphql`
    mutation LabelsAdminUpdateMutation($organizationId: ID!, $id: ID!, $name: String, $colour: String) {
      updateLabel(organizationId: $organizationId, id: $id, name: $name, colour: $colour) { id name colour }
    }
  `);
  const [remove] = useMutation<LabelsAdminDeleteMutation>(graphql`
    mutation LabelsAdminDeleteMutation($organizationId: ID!, $id: ID!) { deleteLabel(organizationId: $organizationId, id: $id) }
  `);
  const labels = data.organization?.labels ?? [];
  const answered = (_: unknown, errors: ReadonlyArray<{ message: string }> | null | undefined) => (errors?.length ? setError(new Error(errors[0]?.message)) : refresh());
  function submit(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    const form = event.currentTarget;
    setError(null);
    create({
      variables: { organizationId: orgId, name: values.name ?? '', colour: values.colour ?? '#1f6feb' },
      onCompleted: (response, errors) => { answered(response, errors); if (!errors?.length) form.reset(); },
      onError: setError,
    });
  }
  return (
    <div className="columns">
      <Section title="Labels">
        {labels.length === 0 && <p className="muted">No labels yet.</p>}
        <table>
          <caption className="visually-hidden">Labels of the organization</caption>
          <thead><tr><th scope="col">Label</th>{manage && <th scope="col">Change</th>}</tr></thead>
          <tbody>
            {labels.map((label) => (
              <tr key={label.id}>
                <td><LabelChip name={label.name} colour={label.colour} /></td>
                {manage && (
                  <td>
                    <form className="inline" aria-label={`Change the label ${label.name}`} onSubmit={(event) => {
                      const values = formValues(event);
                      setError(null);
                      update({ variables: { organizationId: orgId, id: label.id, name: values.name || null, colour: values.colour || null }, onCompleted: answered, onError: setError });
                    }}>
                      <Field label="Name" name="name" defaultValue={label.name} required maxLength={50} />
                      <Field label="Colour" name="colour" type="color" defaultValue={label.colour} />
                      <button type="submit" className="secondary">Save</button>
                      <button type="button" className="danger" onClick={() => {
                        if (window.confirm(`Delete the label ${label.name}? It comes off every task.`)) {
                          remove({ variables: { organizationId: orgId, id: label.id }, onCompleted: answered, onError: setError });
                        }
                      }}>Delete</button>
                    </form>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        <ErrorMessage error={error} />
      </Section>
      {manage && (
        <Section title="New label">
          <form onSubmit={submit} className="stack" aria-label="New label">
            <Field label="Name" name="name" required maxLength={50} />
            <Field label="Colour" name="colour" type="color" defaultValue="#1f6feb" />
            <button type="submit" disabled={creating}>Add label</button>
          </form>
        </Section>
      )}
    </div>
  );
}
