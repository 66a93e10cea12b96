import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { graphql, useLazyLoadQuery, useMutation, usePaginationFragment } from 'react-relay';
import { useParams, useSearchParams } from 'react-router';
import { del, get, post, put } from '../../api/http';
import type { AdminPageQuery, OrganizationRole } from '../../__generated__/AdminPageQuery.graphql';
import type { AdminPage_auditLog$key, AuditOutcome } from '../../__generated__/AdminPage_auditLog.graphql';
import type { AdminPageAddMemberMutation } from '../../__generated__/AdminPageAddMemberMutation.graphql';
import type { AdminPageChangeRoleMutation } from '../../__generated__/AdminPageChangeRoleMutation.graphql';
import type { AdminPageRemoveMemberMutation } from '../../__generated__/AdminPageRemoveMemberMutation.graphql';
import type { AdminPageCreateRoleMutation } from '../../__generated__/AdminPageCreateRoleMutation.graphql';
import type { AdminPageDeleteRoleMutation } from '../../__generated__/AdminPageDeleteRoleMutation.graphql';
import type { AdminPageUpdateRoleMutation } from '../../__generated__/AdminPageUpdateRoleMutation.graphql';
import type { AdminPageExplainQuery } from '../../__generated__/AdminPageExplainQuery.graphql';
import { NotFoundNotice, Section } from '../../components/Section';
import { ErrorMessage, Field, formValues, Notice, useAction, Select } from '../../components/forms';
import { useStepUp } from '../../components/StepUp';
import { manages, OrgTabs } from './OrganizationPage';
import { LabelsAdmin } from './LabelsAdmin';
import { WebhooksAdmin } from './WebhooksAdmin';
import { BiAccessAdmin } from './BiAccessAdmin';

const ORG_ROLES = ['owner', 'admin', 'member', 'guest'] as const;
const ACTIONS = ['org.read', 'org.update', 'org.delete', 'org.read_members', 'org.manage_members', 'org.manage_roles', 'org.manage_security',
  'audit.read', 'access.explain', 'project.create', 'project.read', 'project.update', 'project.delete', 'project.read_members',
  'project.manage_members', 'task.create', 'task.read', 'task.read_restricted', 'task.update', 'task.delete', 'task.comment',
  'task.share', 'comment.delete'];

export default function AdminPage() {
  const { orgId = '', section = 'members' } = useParams();
  const [params] = useSearchParams();
  const [fetchKey, setFetchKey] = useState(0);
  const refresh = () => setFetchKey((key) => key + 1);
  const data = useLazyLoadQuery<AdminPageQuery>(graphql`
    query AdminPageQuery($id: ID!, $withLog: Boolean!, $action: String, $outcome: AuditOutcome, $from: String, $to: String, $actorId: ID) {
      organization(id: $id) {
        id name myRole
        members { user { id displayName email } role addedAt }
        roles { id name builtIn permissions }
        ...AdminPage_auditLog @include(if: $withLog) @alias(as: "log") @arguments(action: $action, outcome: $outcome, from: $from, to: $to, actorId: $actorId)
      }
    }
  `, {
    id: orgId,
    withLog: section === 'activity',
    action: params.get('action') || null,
    outcome: (params.get('outcome') || null) as AuditOutcome | null,
    from: params.get('from') || null,
    to: params.get('to') || null,
    actorId: params.get('actorId') || null,
  }, { fetchPolicy: 'store-and-network', fetchKey });
  const org = data.organization;
  if (!org) return <NotFoundNotice what="Organization" why="you are not a member" />;
  const manage = manages(org.myRole);
  return (
    <>
      <div className="title-row"><h1>{org.name}</h1><span className="badge">{org.myRole}</span></div>
      <OrgTabs orgId={org.id} manage={manage} role={org.myRole} />
      {section === 'members' && <Members orgId={org.id} members={org.members} manage={manage} refresh={refresh} />}
      {section === 'labels' && <LabelsAdmin orgId={org.id} manage={manage} />}
      {section === 'invitations' && <Invitations orgId={org.id} />}
      {section === 'roles' && <Roles orgId={org.id} roles={org.roles} refresh={refresh} />}
      {section === 'security' && <Security orgId={org.id} />}
      {section === 'webhooks' && manage && <WebhooksAdmin orgId={org.id} />}
      {section === 'bi' && org.myRole === 'owner' && <BiAccessAdmin orgId={org.id} />}
      {section === 'access' && <AccessCheck orgId={org.id} />}
      {section === 'activity' && org.log && <ActivityLog orgId={org.id} log={org.log} members={org.members} />}
    </>
  );
}

type Member = { readonly user: { readonly id: string; readonly displayName: string; readonly email: string }; readonly role: string; readonly addedAt: string };

function Members({ orgId, members, manage, refresh }: { orgId: string; members: readonly Member[]; manage: boolean; refresh: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [add] = useMutation<AdminPageAddMemberMutation>(graphql`
    mutation AdminPageAddMemberMutation($organizationId: ID!, $email: String!, $role: OrganizationRole!) {
      addOrganizationMember(organizationId: $organizationId, email: $email, role: $role) { role }
    }
  `);
  const [change] = useMutation<AdminPageChangeRoleMutation>(graphql`
    mutation AdminPageChangeRoleMutation($organizationId: ID!, $userId: ID!, $role: OrganizationRole!) {
      changeOrganizationMemberRole(organizationId: $organizationId, userId: $userId, role: $role) { role }
    }
  `);
  const [remove] = useMutation<AdminPageRemoveMemberMutation>(graphql`
    mutation AdminPageRemoveMemberMutation($organizationId: ID!, $userId: ID!) { removeOrganizationMember(organizationId: $organizationId, userId: $userId) }
  `);
  const done = (_: unknown, errors: ReadonlyArray<{ message: string }> | null | undefined) => (errors?.length ? setError(new Error(errors[0]?.message)) : refresh());
  function submit(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    add({ variables: { organizationId: orgId, email: values.email ?? '', role: (values.role ?? 'member') as OrganizationRole }, onCompleted: done, onError: setError });
  }
  return (
    <Section title="Members">
      <table>
        <caption className="visually-hidden">Members of the organization</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Since</th>{manage && <th scope="col">Actions</th>}</tr></thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.user.id}>
              <td>{member.user.displayName}</td>
              <td>{member.user.email}</td>
              <td>{manage
                ? <select aria-label={`Role of ${member.user.displayName}`} value={member.role} onChange={(event) => change({
                  variables: { organizationId: orgId, userId: member.user.id, role: event.target.value as OrganizationRole }, onCompleted: done, onError: setError })}>
                  {ORG_ROLES.map((role) => <option key={role} value={role}>{role}</option>)}
                </select>
                : member.role}</td>
              <td>{member.addedAt.slice(0, 10)}</td>
              {manage && <td><button type="button" className="link" onClick={() => window.confirm(`Remove ${member.user.displayName}?`) && remove({
                variables: { organizationId: orgId, userId: member.user.id }, onCompleted: done, onError: setError })}>Remove</button></td>}
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorMessage error={error} />
      {manage && (
        <form onSubmit={submit} className="inline" aria-label="Add an existing user">
          <Field label="Add a Rampart user by email" name="email" type="email" required />
          <Select label="Role" name="role" defaultValue="member">{ORG_ROLES.map((role) => <option key={role} value={role}>{role}</option>)}</Select>
          <button type="submit">Add</button>
        </form>
      )}
    </Section>
  );
}

interface Invitation { id: string; email: string; role: string; state: string; createdAt: string; expiresAt: string }

function Invitations({ orgId }: { orgId: string }) {
  const [invitations, setInvitations] = useState<Invitation[] | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const load = useCallback(() => get<{ items: Invitation[] }>(`/api/v1/orgs/${orgId}/invitations`).then((page) => setInvitations(page.items)), [orgId]);
  const action = useAction(async (work: () => Promise<unknown>) => { await work(); await load(); });
  useEffect(() => { load().catch(action.setError); }, [load]); // eslint-disable-line react-hooks/exhaustive-deps
  function submit(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    const form = event.currentTarget;
    void action.run(async () => {
      await post(`/api/v1/orgs/${orgId}/invitations`, { email: values.email, role: values.role });
      setSent(values.email ?? '');
      form.reset();
    });
  }
  return (
    <Section title="Invitations">
      <form onSubmit={submit} className="inline" aria-label="Invite someone">
        <Field label="Email" name="email" type="email" required />
        <Select label="Role" name="role" defaultValue="member">{['admin', 'member', 'guest'].map((role) => <option key={role} value={role}>{role}</option>)}</Select>
        <button type="submit" disabled={action.busy}>Send invitation</button>
      </form>
      {sent && <Notice>Invitation sent to {sent}.</Notice>}
      <ErrorMessage error={action.error} />
      {invitations === null ? <p role="status">Loading…</p> : (
        <table>
          <caption className="visually-hidden">Invitations</caption>
          <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Expires</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            {invitations.map((invitation) => (
              <tr key={invitation.id}>
                <td>{invitation.email}</td><td>{invitation.role}</td><td>{invitation.state}</td><td>{invitation.expiresAt.slice(0, 16).replace('T', ' ')}</td>
                <td>{invitation.state === 'pending' && <button type="button" className="link" onClick={() => action.run(() => del(`/api/v1/orgs/${orgId}/invitations/${invitation.id}`))}>Revoke</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

type Role = { readonly id: string; readonly name: string; readonly builtIn: boolean; readonly permissions: readonly string[] };

function Roles({ orgId, roles, refresh }: { orgId: string; roles: readonly Role[]; refresh: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [create] = useMutation<AdminPageCreateRoleMutation>(graphql`
    mutation AdminPageCreateRoleMutation($organizationId: ID!, $name: String!, $permissions: [String!]!) {
      createRole(organizationId: $organizationId, name: $name, permissions: $permissions) { id name builtIn permissions }
    }
  `);
  const [remove] = useMutation<AdminPageDeleteRoleMutation>(graphql`
    mutation AdminPageDeleteRoleMutation($organizationId: ID!, $id: ID!, $replacement: String) { deleteRole(organizationId: $organizationId, id: $id, replacement: $replacement) }
  `);
  const [update] = useMutation<AdminPageUpdateRoleMutation>(graphql`
    mutation AdminPageUpdateRoleMutation($organizationId: ID!, $id: ID!, $name: String, $permissions: [String!]) {
      updateRole(organizationId: $organizationId, id: $id, name: $name, permissions: $permissions) { id name builtIn permissions }
    }
  `);
  const [editing, setEditing] = useState<string | null>(null);
  const done = (_: unknown, errors: ReadonlyArray<{ message: string }> | null | undefined) => (errors?.length ? setError(new Error(errors[0]?.message)) : refresh());
  function save(role: Role, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    update({ variables: { organizationId: orgId, id: role.id, name: String(form.get('name') ?? role.name), permissions: form.getAll('permission').map(String) },
      onCompleted: (response, errors) => { done(response, errors); if (!errors?.length) setEditing(null); }, onError: setError });
  }
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    create({ variables: { organizationId: orgId, name: String(form.get('name') ?? ''), permissions: form.getAll('permission').map(String) },
      onCompleted: (response, errors) => { done(response, errors); if (!errors?.length) element.reset(); }, onError: setError });
  }
  return (
    <Section title="Project roles">
      <ul className="plain roles">
        {roles.map((role) => (
          <li key={role.id}>
            <strong>{role.name}</strong> {role.builtIn ? <span className="badge">built-in</span> : (
              <>
              <button type="button" className="link" aria-expanded={editing === role.id} onClick={() => setEditing(editing === role.id ? null : role.id)}>Edit</button>{' '}
              <button type="button" className="link" onClick={() => {
                const replacement = window.prompt(`Delete ${role.name}? Members holding it get this role instead (leave empty if nobody holds it):`, 'viewer');
                if (replacement !== null) remove({ variables: { organizationId: orgId, id: role.id, replacement: replacement || null }, onCompleted: done, onError: setError });
              }}>Delete</button>
              </>
            )}
            <div className="muted small">{role.permissions.join(', ')}</div>
            {editing === role.id && (
              <form className="stack" aria-label={`Edit ${role.name}`} onSubmit={(event) => save(role, event)}>
                <Field label="Name" name="name" defaultValue={role.name} required maxLength={64} />
                <PermissionChoices chosen={role.permissions} />
                <div className="actions"><button type="submit">Save role</button><button type="button" className="secondary" onClick={() => setEditing(null)}>Cancel</button></div>
              </form>
            )}
          </li>
        ))}
      </ul>
      <ErrorMessage error={error} />
      <form onSubmit={submit} className="stack" aria-label="New custom role">
        <Field label="New role name" name="name" required maxLength={64} />
        <PermissionChoices chosen={[]} />
        <button type="submit">Create role</button>
      </form>
    </Section>
  );
}

/** The project-level actions a custom role may grant, as checkboxes (creating projects is an organization right). */
function PermissionChoices({ chosen }: { chosen: readonly string[] }) {
  return (
    <fieldset className="permissions">
      <legend>Permissions</legend>
      {ACTIONS.filter((action) => action !== 'project.create' && /^(project|task|comment)\./.test(action)).map((action) => (
        <label key={action} className="check"><input type="checkbox" name="permission" value={action} defaultChecked={chosen.includes(action)} /> {action}</label>
      ))}
    </fieldset>
  );
}

function Security({ orgId }: { orgId: string }) {
  const [requireMfa, setRequireMfa] = useState<boolean | null>(null);
  const { guarded, prompt } = useStepUp();
  const action = useAction(async (value: boolean) => {
    await guarded(() => put(`/api/v1/orgs/${orgId}/security`, { requireMfa: value }));
    setRequireMfa(value);
  });
  useEffect(() => { get<{ requireMfa: boolean }>(`/api/v1/orgs/${orgId}`).then((org) => setRequireMfa(org.requireMfa), action.setError); }, [orgId]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <Section title="Security">
      {requireMfa === null ? <p role="status">Loading…</p> : (
        <>
          <p>{requireMfa ? 'Members must use a second factor (authenticator app or passkey) to see this organization.' : 'A second factor is optional for members.'}</p>
          <button type="button" onClick={() => action.run(!requireMfa)} disabled={action.busy}>{requireMfa ? 'Stop requiring a second factor' : 'Require a second factor'}</button>
        </>
      )}
      <ErrorMessage error={action.error} />
      {prompt}
    </Section>
  );
}

function AccessCheck({ orgId }: { orgId: string }) {
  const [asked, setAsked] = useState<{ action: string; resource: string; user: string } | null>(null);
  return (
    <Section title="Why can this person do this?">
      <form className="inline" aria-label="Explain access" onSubmit={(event) => {
        const values = formValues(event);
        setAsked({ action: values.action ?? '', resource: values.resource || orgId, user: values.user ?? '' });
      }}>
        <Field label="Person (email)" name="user" type="email" required />
        <Select label="Action" name="action" defaultValue="task.read">{ACTIONS.map((action) => <option key={action} value={action}>{action}</option>)}</Select>
        <Field label="Resource id (organization, project or task)" name="resource" placeholder={orgId} />
        <button type="submit">Explain</button>
      </form>
      {asked && <Explanation {...asked} />}
    </Section>
  );
}

function Explanation({ action, resource, user }: { action: string; resource: string; user: string }) {
  const data = useLazyLoadQuery<AdminPageExplainQuery>(graphql`
    query AdminPageExplainQuery($action: String!, $resource: ID!, $user: String!) {
      explainAccess(action: $action, resource: $resource, user: $user) { allowed reason resourceKind userEmail }
    }
  `, { action, resource, user }, { fetchPolicy: 'network-only' });
  const answer = data.explainAccess;
  if (!answer) return <p role="alert" className="error">No answer: the resource or person was not found.</p>;
  return (
    <div role="status" className={answer.allowed ? 'notice' : 'error'}>
      <strong>{answer.allowed ? 'Allowed' : 'Denied'}</strong>: {answer.userEmail} — {action} on this {answer.resourceKind}. {answer.reason}
    </div>
  );
}

function ActivityLog({ orgId, log, members }: { orgId: string; log: AdminPage_auditLog$key; members: readonly Member[] }) {
  const [params, setParams] = useSearchParams();
  const { data, hasNext, loadNext, isLoadingNext } = usePaginationFragment(graphql`
    fragment AdminPage_auditLog on Organization
      @refetchable(queryName: "AdminAuditLogPaginationQuery")
      @argumentDefinitions(count: { type: "Int", defaultValue: 50 }, cursor: { type: "String" }, action: { type: "String" },
        outcome: { type: "AuditOutcome" }, from: { type: "String" }, to: { type: "String" }, actorId: { type: "ID" }) {
      auditLog(first: $count, after: $cursor, filter: { action: $action, outcome: $outcome, from: $from, to: $to, actorId: $actorId })
        @connection(key: "AdminPage_auditLog") {
        edges { node { seq at action outcome actorName targetKind targetId address detail } }
      }
    }
  `, log);
  const query = new URLSearchParams(params);
  const exportUrl = (format: string) => { const q = new URLSearchParams(query); q.set('format', format); return `/api/v1/orgs/${orgId}/audit/export?${q}`; };
  return (
    <Section title="Activity log" actions={<span className="actions small"><a href={exportUrl('csv')} download>Export CSV</a> <a href={exportUrl('jsonl')} download>Export JSON</a></span>}>
      <form className="filters" aria-label="Filter the activity log" key={params.toString()} onSubmit={(event) => {
        const values = formValues(event);
        const next = new URLSearchParams();
        for (const [name, value] of Object.entries(values)) if (value) next.set(name, value);
        setParams(next);
      }}>
        <Field label="Action" name="action" defaultValue={params.get('action') ?? ''} placeholder="task.update" />
        <Select label="Who" name="actorId" defaultValue={params.get('actorId') ?? ''}><option value="">anyone</option>
          {members.map((member) => <option key={member.user.id} value={member.user.id}>{member.user.displayName}</option>)}</Select>
        <Select label="Outcome" name="outcome" defaultValue={params.get('outcome') ?? ''}><option value="">any</option>
          {['success', 'denied', 'invalid', 'error'].map((outcome) => <option key={outcome} value={outcome}>{outcome}</option>)}</Select>
        <Field label="From" name="from" type="date" defaultValue={params.get('from') ?? ''} />
        <Field label="To" name="to" type="date" defaultValue={params.get('to') ?? ''} />
        <button type="submit">Apply</button>
      </form>
      <table className="log">
        <caption className="visually-hidden">Activity log entries, newest first</caption>
        <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Outcome</th><th scope="col">From</th></tr></thead>
        <tbody>
          {data.auditLog.edges.map(({ node }) => (
            <tr key={node.seq}>
              <td><time dateTime={node.at}>{new Date(node.at).toLocaleString()}</time></td>
              <td>{node.actorName ?? '—'}</td>
              <td><code>{node.action}</code>{node.detail ? <div className="muted small">{node.detail}</div> : null}</td>
              <td>{node.targetKind ? `${node.targetKind} ${node.targetId?.slice(0, 8) ?? ''}` : ''}</td>
              <td><span className={`badge outcome-${node.outcome}`}>{node.outcome}</span></td>
              <td>{node.address ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {hasNext && <button type="button" className="secondary" disabled={isLoadingNext} onClick={() => loadNext(50)}>Older entries</button>}
    </Section>
  );
}
