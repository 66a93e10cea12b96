import { useState, type FormEvent } from 'react';
import { graphql, useLazyLoadQuery, useRelayEnvironment } from 'react-relay';
import { useNavigate } from 'react-router';
import type { StartFromTemplateQuery } from '../../__generated__/StartFromTemplateQuery.graphql';
import type { StartFromTemplateMutation } from '../../__generated__/StartFromTemplateMutation.graphql';
import { commit } from '../../api/relay';
import { Section } from '../../components/Section';
import { ErrorMessage, Field, Select } from '../../components/forms';

const startMutation = graphql`
  mutation StartFromTemplateMutation($input: StartProjectFromTemplateInput!) {
    startProjectFromTemplate(input: $input) { tasks milestones assigned project { id } }
  }
`;

const today = () => new Date().toISOString().slice(0, 10);

/**
 * "New project from a template": a published version, a start date, and the members whose roles
 * decide who gets which step; the whole project appears in one go.
 */
export function StartFromTemplate({ orgId }: { orgId: string }) {
  const environment = useRelayEnvironment();
  const navigate = useNavigate();
  const data = useLazyLoadQuery<StartFromTemplateQuery>(graphql`
    query StartFromTemplateQuery($id: ID!) {
      organization(id: $id) {
        id
        roles { name }
        processTemplates { id name versions { number state stepCount } }
      }
    }
  `, { id: orgId }, { fetchPolicy: 'store-and-network' });
  const templates = (data.organization?.processTemplates ?? []).filter((t) => t.versions.some((v) => v.state === 'published'));
  const roles = data.organization?.roles.map((role) => role.name) ?? [];
  const [chosen, setChosen] = useState(templates[0]?.id ?? '');
  const [members, setMembers] = useState<Array<{ email: string; role: string }>>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (templates.length === 0) return null;
  const template = templates.find((t) => t.id === chosen) ?? templates[0]!;
  const published = template.versions.filter((v) => v.state === 'published');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    setError(null);
    setBusy(true);
    try {
      const started = await commit<StartFromTemplateMutation>(environment, startMutation, {
        input: {
          organizationId: orgId, templateId: template.id, version: Number(text('version')), name: text('name'),
          key: text('key') || null, startDate: text('startDate'),
          members: members.filter((m) => m.email.trim()).map((m) => ({ email: m.email.trim(), role: m.role })),
        },
      });
      void navigate(`/projects/${started.startProjectFromTemplate.project.id}`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section title="New project from a template">
      <form onSubmit={(event) => void submit(event)} className="stack" aria-label="New project from a template">
        <Select label="Template" name="template" value={template.id} onChange={(event) => setChosen(event.target.value)}>
          {templates.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
        </Select>
        <Select label="Version" name="version" key={template.id} defaultValue={published[0]?.number}>
          {published.map((v) => <option key={v.number} value={v.number}>Version {v.number} · {v.stepCount} steps</option>)}
        </Select>
        <Field label="Project name" name="name" required maxLength={200} />
        <Field label="Project key" name="key" maxLength={10} pattern="[A-Z][A-Z0-9]{1,9}" hint="Optional: 2 to 10 capital letters or digits, like WEB" />
        <Field label="Start date" name="startDate" type="date" required defaultValue={today()} />
        <fieldset className="stack">
          <legend>Members and their roles</legend>
          <p className="muted small">A step goes to the one member holding its role. You become the project's manager.</p>
          {members.map((member, i) => (
            <div key={i} className="row">
              <Field label={`Member ${i + 1} email`} type="email" value={member.email}
                onChange={(event) => setMembers(members.map((m, j) => (j === i ? { ...m, email: event.target.value } : m)))} />
              <Select label={`Member ${i + 1} role`} value={member.role}
                onChange={(event) => setMembers(members.map((m, j) => (j === i ? { ...m, role: event.target.value } : m)))}>
                {roles.map((role) => <option key={role} value={role}>{role}</option>)}
              </Select>
              <button type="button" className="secondary" onClick={() => setMembers(members.filter((_, j) => j !== i))} aria-label={`Remove member ${i + 1}`}>Remove</button>
            </div>
          ))}
          <button type="button" className="secondary" onClick={() => setMembers([...members, { email: '', role: roles.includes('contributor') ? 'contributor' : roles[0] ?? '' }])}>Add a member</button>
        </fieldset>
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy}>Start the project</button>
      </form>
    </Section>
  );
}
