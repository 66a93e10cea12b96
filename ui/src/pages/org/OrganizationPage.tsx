import { Suspense, useState, type FormEvent } from 'react';
import { graphql, useLazyLoadQuery, useMutation } from 'react-relay';
import { Link, NavLink, useNavigate, useParams, useSearchParams } from 'react-router';
import type { OrganizationPageQuery } from '../../__generated__/OrganizationPageQuery.graphql';
import type { OrganizationPageCreateProjectMutation } from '../../__generated__/OrganizationPageCreateProjectMutation.graphql';
import type { OrganizationPageLeaveMutation } from '../../__generated__/OrganizationPageLeaveMutation.graphql';
import { Loading, NotFoundNotice, Section } from '../../components/Section';
import { StartFromTemplate } from '../templates/StartFromTemplate';
import { ErrorMessage, Field, formValues } from '../../components/forms';

export function OrgTabs({ orgId, manage, role }: { orgId: string; manage: boolean; role?: string }) {
  return (
    <nav aria-label="Organization" className="tabs">
      <NavLink to={`/orgs/${orgId}`} end>Projects</NavLink>
      {role !== 'guest' && <NavLink to={`/orgs/${orgId}/templates`}>Templates</NavLink>}
      {role !== 'guest' && <NavLink to={`/orgs/${orgId}/workflow`}>Workflow</NavLink>}
      <NavLink to={`/orgs/${orgId}/admin/members`}>Members</NavLink>
      <NavLink to={`/orgs/${orgId}/admin/labels`}>Labels</NavLink>
      {manage && <>
        <NavLink to={`/orgs/${orgId}/admin/invitations`}>Invitations</NavLink>
        <NavLink to={`/orgs/${orgId}/admin/roles`}>Roles</NavLink>
        <NavLink to={`/orgs/${orgId}/admin/security`}>Security</NavLink>
        <NavLink to={`/orgs/${orgId}/admin/webhooks`}>Webhooks</NavLink>
        {role === 'owner' && <NavLink to={`/orgs/${orgId}/admin/bi`}>BI access</NavLink>}
        <NavLink to={`/orgs/${orgId}/import`}>Import</NavLink>
        <NavLink to={`/orgs/${orgId}/admin/access`}>Access check</NavLink>
        <NavLink to={`/orgs/${orgId}/admin/activity`}>Activity log</NavLink>
      </>}
    </nav>
  );
}

export const manages = (role: string | undefined) => role === 'owner' || role === 'admin';

export default function OrganizationPage() {
  const { orgId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const archived = params.get('archived') === 'true';
  const navigate = useNavigate();
  const data = useLazyLoadQuery<OrganizationPageQuery>(graphql`
    query OrganizationPageQuery($id: ID!, $archived: Boolean!) {
      organization(id: $id) {
        id name myRole
        projects(archived: $archived) { id name description archivedAt }
      }
    }
  `, { id: orgId, archived }, { fetchPolicy: 'store-and-network' });
  const [error, setError] = useState<unknown>(null);
  const [create, creating] = useMutation<OrganizationPageCreateProjectMutation>(graphql`
    mutation OrganizationPageCreateProjectMutation($organizationId: ID!, $name: String!, $description: String) {
      createProject(organizationId: $organizationId, name: $name, description: $description) { id name description archivedAt }
    }
  `);
  const [leave] = useMutation<OrganizationPageLeaveMutation>(graphql`
    mutation OrganizationPageLeaveMutation($id: ID!) { leaveOrganization(id: $id) }
  `);
  const org = data.organization;
  if (!org) return <NotFoundNotice what="Organization" why="you are not a member" />;
  function submit(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    setError(null);
    create({
      variables: { organizationId: org!.id, name: values.name ?? '', description: values.description || null },
      onCompleted: (response, errors) => {
        if (errors?.length) setError(new Error(errors[0]?.message));
        else void navigate(`/projects/${response.createProject.id}`);
      },
      onError: setError,
    });
  }
  return (
    <>
      <div className="title-row"><h1>{org.name}</h1><span className="badge">{org.myRole}</span></div>
      <OrgTabs orgId={org.id} manage={manages(org.myRole)} role={org.myRole} />
      <div className="columns">
        <Section title={archived ? 'Archived projects' : 'Projects'} actions={
          <button type="button" className="link" onClick={() => setParams(archived ? {} : { archived: 'true' })}>{archived ? 'Show active projects' : 'Show archived projects'}</button>}>
          {org.projects.length === 0 && <p className="muted">No projects{archived ? ' archived' : ' yet'}.</p>}
          <ul className="projects">
            {org.projects.map((project) => (
              <li key={project.id}>
                <Link to={`/projects/${project.id}`}>{project.name}</Link>
                {project.description && <p className="muted">{project.description}</p>}
              </li>
            ))}
          </ul>
        </Section>
        <div>
          {manages(org.myRole) && (
            <Suspense fallback={<Loading />}><StartFromTemplate orgId={org.id} /></Suspense>
          )}
          <Section title="New project">
            <form onSubmit={submit} className="stack">
              <Field label="Name" name="name" required maxLength={200} />
              <Field label="Description" name="description" maxLength={2000} />
              <ErrorMessage error={error} />
              <button type="submit" disabled={creating}>Create project</button>
            </form>
          </Section>
          <Section title="Leave">
            <p className="muted">You lose access to everything in this organization.</p>
            <button type="button" className="danger" onClick={() => {
              if (!window.confirm(`Leave ${org.name}?`)) return;
              leave({ variables: { id: org.id }, onCompleted: (_, errors) => { if (errors?.length) setError(new Error(errors[0]?.message)); else void navigate('/'); }, onError: setError });
            }}>Leave the organization</button>
          </Section>
        </div>
      </div>
    </>
  );
}
