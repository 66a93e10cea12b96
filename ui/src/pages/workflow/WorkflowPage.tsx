import { useState, type FormEvent } from 'react';
import { graphql, useLazyLoadQuery, useRelayEnvironment } from 'react-relay';
import { useParams } from 'react-router';
import { commit } from '../../api/relay';
import { ApiError, messageOf } from '../../api/problem';
import type { WorkflowPageProjectQuery } from '../../__generated__/WorkflowPageProjectQuery.graphql';
import type { WorkflowPageOrganizationQuery } from '../../__generated__/WorkflowPageOrganizationQuery.graphql';
import type { WorkflowPageChangeProjectMutation } from '../../__generated__/WorkflowPageChangeProjectMutation.graphql';
import type { WorkflowPageChangeDefaultMutation } from '../../__generated__/WorkflowPageChangeDefaultMutation.graphql';
import { NotFoundNotice, Section } from '../../components/Section';
import { Field, Notice, Select } from '../../components/forms';
import { ProjectHeader } from '../project/ProjectPage';
import { manages, OrgTabs } from '../org/OrganizationPage';
import {
  addStatus, allowEverything, allows, CATEGORIES, changeStatus, describePointer, draftOf, inputOf, moveStatus, removeStatus,
  setReplacement, setRoles, toggleTransition, type Category, type Draft,
} from './workflowDraft';

/** A project's workflow (/projects/:projectId/workflow) or an organization's default (/orgs/:orgId/workflow). */
export default function WorkflowPage() {
  const { projectId, orgId } = useParams();
  return projectId ? <ProjectWorkflow projectId={projectId} /> : <DefaultWorkflow orgId={orgId ?? ''} />;
}

function ProjectWorkflow({ projectId }: { projectId: string }) {
  const [fetchKey, setFetchKey] = useState(0);
  const [saved, setSaved] = useState(false);
  const data = useLazyLoadQuery<WorkflowPageProjectQuery>(graphql`
    query WorkflowPageProjectQuery($id: ID!) {
      project(id: $id) {
        id name key archivedAt
        organization { id name roles { name } }
        workflow { revision statuses { key name colour category } transitions { from to roles } }
      }
    }
  `, { id: projectId }, { fetchPolicy: 'network-only', fetchKey });
  const environment = useRelayEnvironment();
  const project = data.project;
  if (!project) return <NotFoundNotice what="Project" />;
  return (
    <>
      <ProjectHeader project={project} />
      <p className="muted">The statuses of this project’s tasks, in board order (new tasks start at the first), and the moves allowed between them.
        Changing it needs the project’s manager or an owner or admin of the organization.</p>
      <WorkflowEditor key={`${project.workflow.revision}-${fetchKey}`} workflow={project.workflow} project
        roles={project.organization?.roles.map((r) => r.name) ?? ['manager', 'contributor', 'viewer']} readOnly={Boolean(project.archivedAt)}
        onReload={() => setFetchKey((k) => k + 1)} saved={saved} onEdited={() => setSaved(false)}
        save={(draft, revision) => commit<WorkflowPageChangeProjectMutation>(environment, graphql`
          mutation WorkflowPageChangeProjectMutation($projectId: ID!, $expectedRevision: Int, $input: WorkflowInput!) {
            changeProjectWorkflow(projectId: $projectId, expectedRevision: $expectedRevision, input: $input) {
              revision statuses { key name colour category } transitions { from to roles }
            }
          }
        `, { projectId, expectedRevision: revision, input: inputOf(draft) }).then(() => { setSaved(true); setFetchKey((k) => k + 1); })} />
    </>
  );
}

function DefaultWorkflow({ orgId }: { orgId: string }) {
  const [fetchKey, setFetchKey] = useState(0);
  const [saved, setSaved] = useState(false);
  const data = useLazyLoadQuery<WorkflowPageOrganizationQuery>(graphql`
    query WorkflowPageOrganizationQuery($id: ID!) {
      organization(id: $id) {
        id name myRole roles { name }
        defaultWorkflow { revision statuses { key name colour category } transitions { from to roles } }
      }
    }
  `, { id: orgId }, { fetchPolicy: 'network-only', fetchKey });
  const environment = useRelayEnvironment();
  const org = data.organization;
  if (!org) return <NotFoundNotice what="Organization" />;
  return (
    <>
      <div className="title-row">
        <h1>{org.name}</h1>
        <OrgTabs orgId={org.id} manage={manages(org.myRole)} role={org.myRole} />
      </div>
      <h2>Default workflow</h2>
      <p className="muted">Every new project starts with a copy of it; projects that exist keep their own.</p>
      {!manages(org.myRole) && <Notice>Only the organization’s owners and admins change the default workflow.</Notice>}
      <WorkflowEditor key={`${org.defaultWorkflow.revision}-${fetchKey}`} workflow={org.defaultWorkflow} project={false}
        roles={org.roles.map((r) => r.name)} readOnly={!manages(org.myRole)} onReload={() => setFetchKey((k) => k + 1)}
        saved={saved} onEdited={() => setSaved(false)}
        save={(draft, revision) => commit<WorkflowPageChangeDefaultMutation>(environment, graphql`
          mutation WorkflowPageChangeDefaultMutation($organizationId: ID!, $expectedRevision: Int, $input: WorkflowInput!) {
            changeDefaultWorkflow(organizationId: $organizationId, expectedRevision: $expectedRevision, input: $input) {
              revision statuses { key name colour category } transitions { from to roles }
            }
          }
        `, { organizationId: orgId, expectedRevision: revision, input: { ...inputOf(draft), replacements: [] } }).then(() => { setSaved(true); setFetchKey((k) => k + 1); })} />
    </>
  );
}

interface StoredWorkflow {
  readonly revision: number;
  readonly statuses: ReadonlyArray<{ readonly key: string; readonly name: string; readonly colour: string; readonly category: string }>;
  readonly transitions: ReadonlyArray<{ readonly from: string; readonly to: string; readonly roles: ReadonlyArray<string> }>;
}

/** Saving reloads the workflow (a new revision), which mounts the editor afresh: the page keeps the notice. */
function WorkflowEditor({ workflow, project, roles, readOnly, save, onReload, saved, onEdited }: {
  workflow: StoredWorkflow; project: boolean; roles: readonly string[]; readOnly: boolean;
  save: (draft: Draft, revision: number) => Promise<unknown>; onReload: () => void; saved: boolean; onEdited: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(workflow));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const name = (key: string) => draft.statuses.find((s) => s.key === key)?.name ?? key;
  const edit = (next: Draft) => { setDraft(next); onEdited(); };

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    const newName = String(values.get('name') ?? '').trim();
    if (!newName) return;
    edit(addStatus(draft, newName, String(values.get('category')) as Category, String(values.get('colour') || '#6b7280')));
    form.reset();
  }

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      await save(draft, workflow.revision);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const removed = Object.entries(draft.replacements);
  const limited = draft.transitions;
  return (
    <div className="stack">
      <Section title="Statuses">
        <table className="workflow-statuses">
          <caption className="visually-hidden">Statuses in board order</caption>
          <thead><tr><th scope="col">Order</th><th scope="col">Name</th><th scope="col">Colour</th><th scope="col">Category</th><th scope="col">Key</th><th scope="col"><span className="visually-hidden">Remove</span></th></tr></thead>
          <tbody>
            {draft.statuses.map((status, index) => (
              <tr key={status.key} data-status={status.key}>
                <td>
                  <button type="button" className="secondary icon" disabled={readOnly || index === 0} aria-label={`Move ${status.name} up`} onClick={() => edit(moveStatus(draft, status.key, -1))}>↑</button>
                  <button type="button" className="secondary icon" disabled={readOnly || index === draft.statuses.length - 1} aria-label={`Move ${status.name} down`} onClick={() => edit(moveStatus(draft, status.key, 1))}>↓</button>
                </td>
                <td><input aria-label={`Name of status ${index + 1}`} value={status.name} maxLength={60} required disabled={readOnly}
                  onChange={(event) => edit(changeStatus(draft, status.key, { name: event.target.value }))} /></td>
                <td><input type="color" aria-label={`Colour of ${status.name}`} value={status.colour} disabled={readOnly}
                  onChange={(event) => edit(changeStatus(draft, status.key, { colour: event.target.value }))} /></td>
                <td>
                  <select aria-label={`Category of ${status.name}`} value={status.category} disabled={readOnly}
                    onChange={(event) => edit(changeStatus(draft, status.key, { category: event.target.value as Category }))}>
                    {CATEGORIES.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
                  </select>
                </td>
                <td><code className="muted">{status.key}</code></td>
                <td><button type="button" className="secondary" disabled={readOnly || draft.statuses.length === 1} aria-label={`Remove ${status.name}`}
                  onClick={() => edit(removeStatus(draft, status.key))}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
        {!readOnly && (
          <form className="inline" onSubmit={add} aria-label="Add a status">
            <Field label="New status" name="name" maxLength={60} required placeholder="In review" />
            <Select label="Category" name="category" defaultValue="in_progress">{CATEGORIES.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}</Select>
            <Field label="Colour" name="colour" type="color" defaultValue="#7c3aed" />
            <button type="submit" className="secondary">Add status</button>
          </form>
        )}
      </Section>

      {project && removed.length > 0 && (
        <Section title="Where the tasks of removed statuses go">
          {removed.map(([status, replacement]) => (
            <Select key={status} label={`Tasks in “${workflow.statuses.find((s) => s.key === status)?.name ?? status}” move to`} value={replacement}
              onChange={(event) => edit(setReplacement(draft, status, event.target.value))}>
              {draft.statuses.map((s) => <option key={s.key} value={s.key}>{s.name}</option>)}
            </Select>
          ))}
        </Section>
      )}

      <Section title="Allowed moves" actions={!readOnly && <span>
        <button type="button" className="secondary" onClick={() => edit(allowEverything(draft, true))}>Allow every move</button>{' '}
        <button type="button" className="secondary" onClick={() => edit(allowEverything(draft, false))}>Allow none</button>
      </span>}>
        <table className="workflow-matrix">
          <caption className="visually-hidden">Moves a task may make: a row is where it is, a column where it may go</caption>
          <thead><tr><th scope="col">From \ to</th>{draft.statuses.map((to) => <th key={to.key} scope="col">{to.name}</th>)}</tr></thead>
          <tbody>
            {draft.statuses.map((from) => (
              <tr key={from.key}>
                <th scope="row">{from.name}</th>
                {draft.statuses.map((to) => (from.key === to.key
                  ? <td key={to.key} className="self"><span className="visually-hidden">same status</span></td>
                  : <td key={to.key}><input type="checkbox" aria-label={`Allow ${from.name} to ${to.name}`} checked={allows(draft, from.key, to.key)}
                      disabled={readOnly} onChange={() => edit(toggleTransition(draft, from.key, to.key))} /></td>))}
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      {limited.length > 0 && (
        <Section title="Who may make each move">
          <p className="muted">Project roles, separated by commas ({roles.join(', ')}); empty: whoever may edit the task. The organization’s owners and admins always may.</p>
          <div className="row">
            {limited.map((t) => (
              <Field key={`${t.from}-${t.to}`} label={`${name(t.from)} → ${name(t.to)}`} value={t.roles} placeholder="anyone" disabled={readOnly}
                onChange={(event) => edit(setRoles(draft, t.from, t.to, event.target.value))} />
            ))}
          </div>
        </Section>
      )}

      {error != null && <WorkflowProblems error={error} draft={draft} onReload={onReload} />}
      {saved && <p role="status" className="notice">The workflow is saved.</p>}
      {!readOnly && (
        <div className="row">
          <button type="button" disabled={busy} onClick={() => void submit()}>Save workflow</button>
          <button type="button" className="secondary" disabled={busy} onClick={() => { setDraft(draftOf(workflow)); setError(null); }}>Undo changes</button>
        </div>
      )}
    </div>
  );
}

function WorkflowProblems({ error, draft, onReload }: { error: unknown; draft: Draft; onReload: () => void }) {
  if (error instanceof ApiError && error.code === 'stale-version') {
    return <div role="alert" className="error">Someone changed the workflow while you edited it. <button type="button" className="secondary" onClick={onReload}>Load theirs</button></div>;
  }
  const fields = error instanceof ApiError ? Object.entries(error.fields) : [];
  if (fields.length === 0) return <p role="alert" className="error">{messageOf(error)}</p>;
  return (
    <div role="alert" className="error problems">
      <p>The workflow was not saved: {fields.length === 1 ? 'one problem' : `${fields.length} problems`}.</p>
      <ul>{fields.map(([pointer, message]) => <li key={pointer}><strong>{describePointer(draft, pointer)}</strong> {message}</li>)}</ul>
    </div>
  );
}
