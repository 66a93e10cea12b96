import { useState, type FormEvent } from 'react';
import { graphql, useLazyLoadQuery, useMutation } from 'react-relay';
import { useParams } from 'react-router';
import type { MilestonesPageQuery } from '../../__generated__/MilestonesPageQuery.graphql';
import type { MilestonesPageCreateMutation } from '../../__generated__/MilestonesPageCreateMutation.graphql';
import type { MilestonesPageUpdateMutation, MilestoneChangesInput } from '../../__generated__/MilestonesPageUpdateMutation.graphql';
import type { MilestonesPageDeleteMutation } from '../../__generated__/MilestonesPageDeleteMutation.graphql';
import { NotFoundNotice, Section } from '../../components/Section';
import { ErrorMessage, Field, formValues, Notice } from '../../components/forms';
import { ProjectHeader } from './ProjectPage';

/** A project's milestones with their progress; managers add, rename, reschedule, close and delete them. */
export default function MilestonesPage() {
  const { projectId = '' } = useParams();
  const [fetchKey, setFetchKey] = useState(0);
  const refresh = () => setFetchKey((key) => key + 1);
  const data = useLazyLoadQuery<MilestonesPageQuery>(graphql`
    query MilestonesPageQuery($id: ID!) {
      project(id: $id) {
        id name key archivedAt
        organization { id name }
        milestones { id name dueDate state taskCount doneCount }
      }
    }
  `, { id: projectId }, { fetchPolicy: 'store-and-network', fetchKey });
  const [error, setError] = useState<unknown>(null);
  const [create, creating] = useMutation<MilestonesPageCreateMutation>(graphql`
    mutation MilestonesPageCreateMutation($projectId: ID!, $name: String!, $dueDate: String) {
      createMilestone(projectId: $projectId, name: $name, dueDate: $dueDate) { id }
    }
  `);
  const [update] = useMutation<MilestonesPageUpdateMutation>(graphql`
    mutation MilestonesPageUpdateMutation($id: ID!, $input: MilestoneChangesInput!) {
      updateMilestone(id: $id, input: $input) { id name dueDate state taskCount doneCount }
    }
  `);
  const [remove] = useMutation<MilestonesPageDeleteMutation>(graphql`
    mutation MilestonesPageDeleteMutation($id: ID!) { deleteMilestone(id: $id) }
  `);
  const project = data.project;
  if (!project) return <NotFoundNotice what="Project" />;
  const answered = (_: unknown, errors: ReadonlyArray<{ message: string }> | null | undefined) => (errors?.length ? setError(new Error(errors[0]?.message)) : refresh());
  const change = (id: string, input: MilestoneChangesInput) => {
    setError(null);
    update({ variables: { id, input }, onCompleted: answered, onError: setError });
  };
  function submit(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    const form = event.currentTarget;
    setError(null);
    create({
      variables: { projectId: project!.id, name: values.name ?? '', dueDate: values.dueDate || null },
      onCompleted: (response, errors) => { answered(response, errors); if (!errors?.length) form.reset(); },
      onError: setError,
    });
  }
  const readOnly = Boolean(project.archivedAt);
  return (
    <>
      <ProjectHeader project={project} />
      {readOnly && <Notice>This project is archived: it is read-only until it is restored.</Notice>}
      <ErrorMessage error={error} />
      <div className="columns">
        <Section title="Milestones">
          {project.milestones.length === 0 && <p className="muted">No milestones yet.</p>}
          <ul className="milestones">
            {project.milestones.map((m) => (
              <li key={m.id} aria-label={m.name}>
                <div className="title-row">
                  <strong>{m.name}</strong>
                  <span className={`badge${m.state === 'closed' ? ' status-done' : ''}`}>{m.state}</span>
                </div>
                <p className="meta">Due: {m.dueDate ?? 'no date'} · {m.doneCount} of {m.taskCount} tasks done</p>
                <progress max={Math.max(m.taskCount, 1)} value={m.doneCount} aria-label={`Progress of ${m.name}`}>{m.doneCount} of {m.taskCount}</progress>
                {!readOnly && (
                  <form className="inline" aria-label={`Change ${m.name}`} onSubmit={(event) => {
                    const values = formValues(event);
                    change(m.id, { name: values.name || null, dueDate: values.dueDate || null });
                  }}>
                    <Field label="Name" name="name" defaultValue={m.name} required maxLength={200} />
                    <Field label="Due" name="dueDate" type="date" defaultValue={m.dueDate ?? ''} />
                    <button type="submit" className="secondary">Save</button>
                    <button type="button" className="secondary" onClick={() => change(m.id, { state: m.state === 'open' ? 'closed' : 'open' })}>
                      {m.state === 'open' ? 'Close' : 'Reopen'}
                    </button>
                    <button type="button" className="danger" onClick={() => {
                      if (window.confirm(`Delete the milestone ${m.name}? Its tasks stay, without a milestone.`)) {
                        remove({ variables: { id: m.id }, onCompleted: answered, onError: setError });
                      }
                    }}>Delete</button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        </Section>
        {!readOnly && (
          <Section title="New milestone">
            <form onSubmit={submit} className="stack" aria-label="New milestone">
              <Field label="Name" name="name" required maxLength={200} />
              <Field label="Due date" name="dueDate" type="date" />
              <button type="submit" disabled={creating}>Add milestone</button>
            </form>
          </Section>
        )}
      </div>
    </>
  );
}
