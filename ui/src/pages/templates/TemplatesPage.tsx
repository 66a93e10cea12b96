import { useState, type FormEvent } from 'react';
import { graphql, useLazyLoadQuery, useRelayEnvironment } from 'react-relay';
import { Link, useNavigate, useParams } from 'react-router';
import type { TemplatesPageQuery } from '../../__generated__/TemplatesPageQuery.graphql';
import type { TemplatesPageCreateMutation } from '../../__generated__/TemplatesPageCreateMutation.graphql';
import { commit } from '../../api/relay';
import { NotFoundNotice, Section } from '../../components/Section';
import { Field, formValues } from '../../components/forms';
import { OrgTabs, manages } from '../org/OrganizationPage';
import { Problems } from './Problems';
import { emptyDocument, type TemplateDocument } from './templateDocument';

const createMutation = graphql`
  mutation TemplatesPageCreateMutation($organizationId: ID!, $document: String!) {
    createProcessTemplate(organizationId: $organizationId, document: $document) { id }
  }
`;

/**
 * An organization's process templates: everyone but guests sees them and exports their published
 * versions; owners and admins start new ones, import documents and open them in the editor.
 */
export default function TemplatesPage() {
  const { orgId = '' } = useParams();
  const navigate = useNavigate();
  const environment = useRelayEnvironment();
  const data = useLazyLoadQuery<TemplatesPageQuery>(graphql`
    query TemplatesPageQuery($id: ID!) {
      organization(id: $id) {
        id name myRole
        processTemplates {
          id name updatedAt
          draft { number }
          latestPublished { number stepCount publishedAt }
        }
      }
    }
  `, { id: orgId }, { fetchPolicy: 'store-and-network' });
  const [error, setError] = useState<unknown>(null);
  const [tried, setTried] = useState<TemplateDocument | null>(null);
  const [busy, setBusy] = useState(false);
  const org = data.organization;
  if (!org) return <NotFoundNotice what="Organization" why="you are not a member" />;
  const manage = manages(org.myRole);

  async function create(document: string, parsed: TemplateDocument | null) {
    setError(null);
    setTried(parsed);
    setBusy(true);
    try {
      const created = await commit<TemplatesPageCreateMutation>(environment, createMutation, { organizationId: orgId, document });
      void navigate(`/orgs/${orgId}/templates/${created.createProcessTemplate.id}`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  function startNew(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    const document = emptyDocument(values.name ?? '');
    void create(JSON.stringify(document), document);
  }

  async function importFile(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    const pasted = String(form.get('pasted') ?? '').trim();
    const text = file instanceof File && file.size > 0 ? await file.text() : pasted;
    if (!text) {
      setError(new Error('Choose a JSON file or paste a document.'));
      return;
    }
    let parsed: TemplateDocument | null = null;
    try { parsed = JSON.parse(text) as TemplateDocument; } catch { parsed = null; }
    void create(text, parsed);
  }

  return (
    <>
      <div className="title-row"><h1>{org.name}</h1><span className="badge">{org.myRole}</span></div>
      <OrgTabs orgId={org.id} manage={manage} role={org.myRole} />
      <div className="columns">
        <Section title="Process templates">
          {org.processTemplates.length === 0 && <p className="muted">No templates yet.{manage ? ' Start one or import a document.' : ''}</p>}
          {org.processTemplates.length > 0 && (
            <table>
              <caption className="visually-hidden">Process templates of the organization</caption>
              <thead><tr><th scope="col">Template</th><th scope="col">Published</th><th scope="col">Draft</th><th scope="col">Export</th></tr></thead>
              <tbody>
                {org.processTemplates.map((template) => (
                  <tr key={template.id}>
                    <td><Link to={`/orgs/${orgId}/templates/${template.id}`}>{template.name}</Link></td>
                    <td>{template.latestPublished ? `Version ${template.latestPublished.number} · ${template.latestPublished.stepCount} steps` : <span className="muted">not yet</span>}</td>
                    <td>{template.draft ? `Version ${template.draft.number}` : <span className="muted">none</span>}</td>
                    <td>{template.latestPublished
                      ? <a href={`/api/v1/templates/${template.id}/versions/${template.latestPublished.number}/export`} download aria-label={`Export ${template.name} version ${template.latestPublished.number} as JSON`}>JSON</a>
                      : <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="muted small">Documents follow the published <a href="/api/v1/schemas/process-template-v1.json">JSON Schema</a>.</p>
        </Section>
        {manage && (
          <div>
            <Section title="New template">
              <form onSubmit={startNew} className="stack" aria-label="New template">
                <Field label="Name" name="name" required maxLength={200} />
                <button type="submit" disabled={busy}>Create and edit</button>
              </form>
            </Section>
            <Section title="Import">
              <form onSubmit={(event) => void importFile(event)} className="stack" aria-label="Import a template">
                <Field label="JSON file" name="file" type="file" accept=".json,application/json" />
                <label className="field">
                  <span>Or paste the document</span>
                  <textarea name="pasted" rows={4} spellCheck={false} />
                </label>
                <button type="submit" disabled={busy}>Import</button>
              </form>
            </Section>
            <Problems error={error} document={tried} />
          </div>
        )}
      </div>
    </>
  );
}
