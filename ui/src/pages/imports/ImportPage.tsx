import { useState, type FormEvent } from 'react';
import { graphql, useLazyLoadQuery } from 'react-relay';
import { Link, useParams } from 'react-router';
import { upload } from '../../api/http';
import type { ImportPageQuery } from '../../__generated__/ImportPageQuery.graphql';
import { NotFoundNotice, Section } from '../../components/Section';
import { ErrorMessage, Field, formValues } from '../../components/forms';
import { manages, OrgTabs } from '../org/OrganizationPage';
import { shown, summary, unassigned, type ImportReport } from './importReport';

type Chosen = { file: File; source: string; projectName: string; projectKey: string };

/**
 * The import wizard: choose a Jira or Redmine CSV export, read the dry run's report (how
 * statuses, priorities and assignees map, which rows cannot be tasks), then import it as a new
 * project in one go.
 */
export default function ImportPage() {
  const { orgId = '' } = useParams();
  const data = useLazyLoadQuery<ImportPageQuery>(graphql`
    query ImportPageQuery($id: ID!) { organization(id: $id) { id name myRole } }
  `, { id: orgId }, { fetchPolicy: 'store-and-network' });
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [done, setDone] = useState<ImportReport | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const org = data.organization;
  if (!org) return <NotFoundNotice what="Organization" why="you are not a member" />;

  async function send(choice: Chosen, dryRun: boolean) {
    setError(null);
    setProgress(0);
    const query = new URLSearchParams({ source: choice.source, projectName: choice.projectName, dryRun: String(dryRun) });
    if (choice.projectKey) query.set('projectKey', choice.projectKey);
    try {
      const answer = await upload<ImportReport>(`/api/v1/orgs/${orgId}/imports?${query}`, choice.file, setProgress);
      if (dryRun) setReport(answer);
      else setDone(answer);
    } catch (caught) {
      setError(caught);
    } finally {
      setProgress(null);
    }
  }

  function check(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    const file = (event.currentTarget.elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) {
      setError(new Error('Choose the CSV file first.'));
      return;
    }
    const choice = { file, source: values.source ?? 'jira', projectName: values.projectName ?? '', projectKey: values.projectKey ?? '' };
    setChosen(choice);
    setReport(null);
    void send(choice, true);
  }

  return (
    <>
      <div className="title-row"><h1>{org.name}</h1><span className="badge">{org.myRole}</span></div>
      <OrgTabs orgId={org.id} manage={manages(org.myRole)} role={org.myRole} />
      {done ? (
        <Section title="Imported">
          <p role="status" className="notice">{summary(done)}</p>
          {done.projectId && <p><Link to={`/projects/${done.projectId}`}>Open the new project{done.projectKey ? ` (${done.projectKey})` : ''}</Link></p>}
          <button type="button" className="secondary" onClick={() => { setDone(null); setReport(null); setChosen(null); }}>Import another file</button>
        </Section>
      ) : (
        <>
          <Section title="Import a project">
            <p className="muted">
              A CSV export of Jira’s or Redmine’s issue list becomes a new project: every row a task, statuses mapped onto
              this organization’s workflow, assignees found by their email address among its members. First Rampart reads the
              file and shows what it would do; nothing is saved until you import.
            </p>
            <form className="stack narrow" aria-label="Choose a file to import" onSubmit={check}>
              <fieldset className="checks">
                <legend>Exported from</legend>
                <label className="check"><input type="radio" name="source" value="jira" defaultChecked /> Jira</label>
                <label className="check"><input type="radio" name="source" value="redmine" /> Redmine</label>
              </fieldset>
              <label htmlFor="import-file">CSV file (UTF-8)</label>
              <input id="import-file" name="file" type="file" accept=".csv,text/csv" required />
              <Field label="New project’s name" name="projectName" required maxLength={200} />
              <Field label="Its key (optional, like WEB)" name="projectKey" maxLength={10} pattern="[A-Za-z][A-Za-z0-9]{1,9}" />
              <button type="submit" disabled={progress !== null}>Check the file</button>
            </form>
            {progress !== null && <p role="status">Reading the file… <progress value={progress} max={1} aria-label="Upload" /></p>}
            <ErrorMessage error={error} />
          </Section>
          {report && chosen && <Report report={report} busy={progress !== null} onImport={() => void send(chosen, false)} />}
        </>
      )}
    </>
  );
}

function Report({ report, busy, onImport }: { report: ImportReport; busy: boolean; onImport: () => void }) {
  const left = unassigned(report);
  return (
    <Section title="What the import would do">
      <p role="status" className="notice">{summary(report)}</p>
      <div className="columns">
        <MappingTable caption="Statuses" mappings={report.statuses} />
        <MappingTable caption="Priorities" mappings={report.priorities} />
      </div>
      {report.assignees.length > 0 && (
        <table className="spaced">
          <caption>Assignees{left > 0 ? ` (${left} ${left === 1 ? 'task stays' : 'tasks stay'} unassigned)` : ''}</caption>
          <thead><tr><th scope="col">Email in the file</th><th scope="col">Member?</th><th scope="col">Tasks</th></tr></thead>
          <tbody>
            {report.assignees.map((a) => (
              <tr key={a.email}><td>{a.email}</td><td>{a.matched ? 'Yes: their tasks are assigned to them, and they join the project' : 'No: their tasks stay unassigned'}</td><td>{a.rows}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {report.problems.length > 0 && (
        <>
          <h3>Rows to look at</h3>
          <ul className="problems">
            {report.problems.map((p, i) => (
              <li key={i}>{p.line > 0 ? `Line ${p.line}: ` : ''}{p.message}</li>
            ))}
          </ul>
        </>
      )}
      <div className="actions">
        <button type="button" onClick={onImport} disabled={busy || report.tasks === 0}>Import {report.tasks} {report.tasks === 1 ? 'task' : 'tasks'}</button>
      </div>
    </Section>
  );
}

function MappingTable({ caption, mappings }: { caption: string; mappings: ImportReport['statuses'] }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead><tr><th scope="col">In the file</th><th scope="col">In Rampart</th><th scope="col">Tasks</th></tr></thead>
      <tbody>
        {mappings.map((m) => (
          <tr key={m.from}><td>{shown(m.from)}</td><td>{m.toName}{m.guessed ? ' (no match: the default)' : ''}</td><td>{m.rows}</td></tr>
        ))}
      </tbody>
    </table>
  );
}
