import { useState, type FormEvent } from 'react';
import { graphql, useLazyLoadQuery, useMutation, useRelayEnvironment } from 'react-relay';
import { commit } from '../../api/relay';
import { Link, useNavigate, useParams } from 'react-router';
import type { ProjectSettingsQuery } from '../../__generated__/ProjectSettingsQuery.graphql';
import type { ProjectSettingsUpdateMutation } from '../../__generated__/ProjectSettingsUpdateMutation.graphql';
import type { ProjectSettingsArchiveMutation } from '../../__generated__/ProjectSettingsArchiveMutation.graphql';
import type { ProjectSettingsRestoreMutation } from '../../__generated__/ProjectSettingsRestoreMutation.graphql';
import type { ProjectSettingsDeleteMutation } from '../../__generated__/ProjectSettingsDeleteMutation.graphql';
import type { ProjectSettingsAddMemberMutation } from '../../__generated__/ProjectSettingsAddMemberMutation.graphql';
import type { ProjectSettingsChangeMemberMutation } from '../../__generated__/ProjectSettingsChangeMemberMutation.graphql';
import type { ProjectSettingsRemoveMemberMutation } from '../../__generated__/ProjectSettingsRemoveMemberMutation.graphql';
import { NotFoundNotice, Section } from '../../components/Section';
import { ErrorMessage, Field, formValues, Notice, Select } from '../../components/forms';
import { useStepUp } from '../../components/StepUp';

export default function ProjectSettings() {
  const { projectId = '' } = useParams();
  const [fetchKey, setFetchKey] = useState(0);
  const refresh = () => setFetchKey((key) => key + 1);
  const data = useLazyLoadQuery<ProjectSettingsQuery>(graphql`
    query ProjectSettingsQuery($id: ID!) {
      project(id: $id) {
        id name key description archivedAt
        template { templateId version }
        organization { id name roles { name } }
        members { user { id displayName email } role }
      }
    }
  `, { id: projectId }, { fetchPolicy: 'store-and-network', fetchKey });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const navigate = useNavigate();
  const environment = useRelayEnvironment();
  const { guarded, prompt } = useStepUp();
  const [update] = useMutation<ProjectSettingsUpdateMutation>(graphql`
    mutation ProjectSettingsUpdateMutation($id: ID!, $name: String, $description: String, $key: String) {
      updateProject(id: $id, name: $name, description: $description, key: $key) { id name description key }
    }
  `);
  const [archive] = useMutation<ProjectSettingsArchiveMutation>(graphql`
    mutation ProjectSettingsArchiveMutation($id: ID!) { archiveProject(id: $id) { id archivedAt } }
  `);
  const [restore] = useMutation<ProjectSettingsRestoreMutation>(graphql`
    mutation ProjectSettingsRestoreMutation($id: ID!) { restoreProject(id: $id) { id archivedAt } }
  `);
  const [addMember] = useMutation<ProjectSettingsAddMemberMutation>(graphql`
    mutation ProjectSettingsAddMemberMutation($projectId: ID!, $email: String!, $role: String!) { addProjectMember(projectId: $projectId, email: $email, role: $role) { role } }
  `);
  const [changeMember] = useMutation<ProjectSettingsChangeMemberMutation>(graphql`
    mutation ProjectSettingsChangeMemberMutation($projectId: ID!, $userId: ID!, $role: String!) { changeProjectMemberRole(projectId: $projectId, userId: $userId, role: $role) { role } }
  `);
  const [removeMember] = useMutation<ProjectSettingsRemoveMemberMutation>(graphql`
    mutation ProjectSettingsRemoveMemberMutation($projectId: ID!, $userId: ID!) { removeProjectMember(projectId: $projectId, userId: $userId) }
  `);
  const project = data.project;
  if (!project) return <NotFoundNotice what="Project" />;
  const roles = project.organization?.roles.map((role) => role.name) ?? ['manager', 'contributor', 'viewer'];
  const done = (_: unknown, errors: ReadonlyArray<{ message: string }> | null | undefined) => (errors?.length ? setError(new Error(errors[0]?.message)) : refresh());

  /** Deleting needs a step-up: run the mutation, and if the server asks, prove it and run it again. */
  const deleteProject = () => guarded(() => commit<ProjectSettingsDeleteMutation>(environment,
    graphql`mutation ProjectSettingsDeleteMutation($id: ID!) { deleteProject(id: $id) }`, { id: project.id }))
    .then(() => navigate(project.organization ? `/orgs/${project.organization.id}` : '/'), setError);

  function save(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    setSaved(false);
    const key = (values.key ?? '').trim().toUpperCase();
    update({ variables: { id: project!.id, name: values.name ?? '', description: values.description ?? '', key: key && key !== project!.key ? key : null },
      onCompleted: (_, errors) => (errors?.length ? setError(new Error(errors[0]?.message)) : setSaved(true)), onError: setError });
  }
  return (
    <>
      <p className="crumbs"><Link to={`/projects/${project.id}`}>{project.name}</Link></p>
      <h1>Project settings</h1>
      <ErrorMessage error={error} />
      <div className="columns">
        <Section title="Details">
          <form onSubmit={save} className="stack">
            <Field label="Name" name="name" defaultValue={project.name} required maxLength={200} />
            <Field label="Description" name="description" defaultValue={project.description} maxLength={2000} />
            <Field label="Key" name="key" defaultValue={project.key ?? ''} maxLength={10} pattern="[A-Za-z][A-Za-z0-9]{1,9}"
              hint="The prefix of the tasks' keys (WEB of WEB-42): 2 to 10 letters or digits. Changing it keeps every task's number." />
            <button type="submit" disabled={Boolean(project.archivedAt)}>Save</button>
            {saved && <Notice>Saved.</Notice>}
          </form>
          {project.template && project.organization && (
            <p className="muted">Started from <Link to={`/orgs/${project.organization.id}/templates/${project.template.templateId}`}>version {project.template.version} of a process template</Link>.</p>
          )}
        </Section>
        <Section title="Export and integrations">
          <p>Every task you may see, with its comments and checklist, as a file.</p>
          <div className="actions">
            <a className="button secondary" href={`/api/v1/projects/${project.id}/export?format=csv`} download>Download CSV</a>
            <a className="button secondary" href={`/api/v1/projects/${project.id}/export?format=json`} download>Download JSON</a>
          </div>
          <h3>Webhooks</h3>
          <p>Send this project’s events to your own tools: <Link to={`/projects/${project.id}/webhooks`}>the project’s webhooks</Link>.</p>
        </Section>
        <Section title="Archive or delete">
          {project.archivedAt ? (
            <>
              <p>Archived on {project.archivedAt.slice(0, 10)}: read-only and out of the project lists.</p>
              <div className="actions">
                <button type="button" onClick={() => restore({ variables: { id: project.id }, onCompleted: done, onError: setError })}>Restore</button>
                <button type="button" className="danger" onClick={() => window.confirm('Delete this project and all its tasks for good?') && deleteProject()}>Delete for good</button>
              </div>
            </>
          ) : (
            <>
              <p>Archiving makes the project read-only; it can be restored. Only an archived project can be deleted.</p>
              <button type="button" onClick={() => archive({ variables: { id: project.id }, onCompleted: done, onError: setError })}>Archive</button>
            </>
          )}
        </Section>
      </div>
      <Section title="Project members">
        <table>
          <caption className="visually-hidden">Project members</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            {project.members.map((member) => (
              <tr key={member.user.id}>
                <td>{member.user.displayName}</td><td>{member.user.email}</td>
                <td><select aria-label={`Project role of ${member.user.displayName}`} value={member.role} onChange={(event) => changeMember({
                  variables: { projectId: project.id, userId: member.user.id, role: event.target.value }, onCompleted: done, onError: setError })}>
                  {roles.map((role) => <option key={role} value={role}>{role}</option>)}
                </select></td>
                <td><button type="button" className="link" onClick={() => removeMember({ variables: { projectId: project.id, userId: member.user.id }, onCompleted: done, onError: setError })}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
        <form className="inline" aria-label="Add a project member" onSubmit={(event) => {
          const values = formValues(event);
          const form = event.currentTarget;
          addMember({ variables: { projectId: project.id, email: values.email ?? '', role: values.role ?? 'contributor' },
            onCompleted: (response, errors) => { done(response, errors); if (!errors?.length) form.reset(); }, onError: setError });
        }}>
          <Field label="Member of the organization (email)" name="email" type="email" required />
          <Select label="Role" name="role" defaultValue="contributor">{roles.map((role) => <option key={role} value={role}>{role}</option>)}</Select>
          <button type="submit">Add</button>
        </form>
      </Section>
      {prompt}
    </>
  );
}
