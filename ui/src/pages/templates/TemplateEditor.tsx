import { Suspense, useEffect, useRef, useState, type DragEvent } from 'react';
import { graphql, useLazyLoadQuery, useRelayEnvironment } from 'react-relay';
import { Link, useBlocker, useNavigate, useParams } from 'react-router';
import type { TemplateEditorQuery } from '../../__generated__/TemplateEditorQuery.graphql';
import type { TemplateEditorCompareQuery } from '../../__generated__/TemplateEditorCompareQuery.graphql';
import type { TemplateEditorSaveMutation } from '../../__generated__/TemplateEditorSaveMutation.graphql';
import type { TemplateEditorPublishMutation } from '../../__generated__/TemplateEditorPublishMutation.graphql';
import type { TemplateEditorDiscardMutation } from '../../__generated__/TemplateEditorDiscardMutation.graphql';
import type { TemplateEditorDeleteMutation } from '../../__generated__/TemplateEditorDeleteMutation.graphql';
import { commit } from '../../api/relay';
import { Loading, NotFoundNotice, Section } from '../../components/Section';
import { Notice } from '../../components/forms';
import { formatEstimate } from '../../components/TaskRow';
import { OrgTabs, manages } from '../org/OrganizationPage';
import { Problems } from './Problems';
import { compareVersions, moveStep, moved, newStep, removeStep, renameKey, serialise, withUids, type Phase, type Step, type TemplateDocument } from './templateDocument';

const saveMutation = graphql`
  mutation TemplateEditorSaveMutation($templateId: ID!, $document: String!, $expectedRevision: Int) {
    saveProcessTemplateDraft(templateId: $templateId, document: $document, expectedRevision: $expectedRevision) { number revision }
  }
`;
const publishMutation = graphql`
  mutation TemplateEditorPublishMutation($templateId: ID!, $expectedRevision: Int) {
    publishProcessTemplate(templateId: $templateId, expectedRevision: $expectedRevision) { number state }
  }
`;
const discardMutation = graphql`
  mutation TemplateEditorDiscardMutation($templateId: ID!) { discardProcessTemplateDraft(templateId: $templateId) { id } }
`;
const deleteMutation = graphql`
  mutation TemplateEditorDeleteMutation($templateId: ID!) { deleteProcessTemplate(templateId: $templateId) }
`;

type Place = { phase: number; step: number };

/**
 * The template editor: phases and their steps, reordered by dragging or with the move buttons,
 * saved as the draft, then published as a version that never changes; versions side by side.
 * Owners and admins edit; members read.
 */
export default function TemplateEditor() {
  const { orgId = '', templateId = '' } = useParams();
  const [fetchKey, setFetchKey] = useState(0);
  // Kept here: saving or publishing replaces the editor below with the version as stored.
  const [notice, setNotice] = useState<string | null>(null);
  const data = useLazyLoadQuery<TemplateEditorQuery>(graphql`
    query TemplateEditorQuery($id: ID!, $orgId: ID!) {
      organization(id: $orgId) { id name myRole roles { name } }
      processTemplate(id: $id) {
        id name
        versions { number state stepCount revision publishedAt updatedAt }
        draft { number revision document }
        latestPublished { number document }
      }
    }
  `, { id: templateId, orgId }, { fetchPolicy: 'store-and-network', fetchKey });
  const org = data.organization;
  const template = data.processTemplate;
  if (!org || !template) return <NotFoundNotice what="Template" />;
  const source = template.draft ?? template.latestPublished;
  return (
    <>
      <div className="title-row"><h1>{template.name}</h1><span className="badge">{template.draft ? `draft of version ${template.draft.number}` : 'published'}</span></div>
      <OrgTabs orgId={org.id} manage={manages(org.myRole)} role={org.myRole} />
      <p><Link to={`/orgs/${orgId}/templates`}>All templates</Link></p>
      {source && (
        <Editor key={template.draft ? `draft-${template.draft.number}` : `published-${template.latestPublished?.number ?? 0}`}
          notice={notice} setNotice={setNotice}
          templateId={template.id} orgId={orgId} initial={JSON.parse(source.document) as TemplateDocument}
          draft={template.draft ? { number: template.draft.number, revision: template.draft.revision } : null}
          nextNumber={(template.versions[0]?.number ?? 0) + (template.draft ? 0 : 1)}
          roles={org.roles.map((role) => role.name)} manage={manages(org.myRole)}
          refresh={() => setFetchKey((key) => key + 1)} />
      )}
      <Versions templateId={template.id} versions={template.versions} />
    </>
  );
}

function Editor({ templateId, orgId, initial, draft, nextNumber, roles, manage, refresh, notice, setNotice }: {
  templateId: string; orgId: string; initial: TemplateDocument; draft: { number: number; revision: number } | null;
  nextNumber: number; roles: readonly string[]; manage: boolean; refresh: () => void;
  notice: string | null; setNotice: (notice: string | null) => void;
}) {
  const environment = useRelayEnvironment();
  const navigate = useNavigate();
  const [doc, setDoc] = useState<TemplateDocument>(() => withUids(initial));
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState<Place | null>(null);
  const keys = doc.phases.flatMap((phase) => phase.steps.map((step) => step.key));

  // Unsaved changes are not lost by a click elsewhere or by closing the tab without a word.
  const leaving = useRef(false);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm('Leave without saving the draft? Your changes are lost.')) blocker.proceed();
    else blocker.reset();
  }, [blocker]);
  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const change = (next: TemplateDocument) => { setDoc(next); setDirty(true); setNotice(null); };
  const changePhase = (p: number, phase: Phase) => change({ ...doc, phases: doc.phases.map((each, i) => (i === p ? phase : each)) });
  const changeStep = (at: Place, step: Step) => {
    const old = doc.phases[at.phase]!.steps[at.step]!;
    // A new key carries the dependencies on the step along.
    const renamed = renameKey(doc, old.key, step.key);
    const phase = renamed.phases[at.phase]!;
    change({ ...renamed, phases: renamed.phases.map((each, p) => (p === at.phase ? { ...phase, steps: phase.steps.map((one, i) => (i === at.step ? step : one)) } : each)) });
  };

  async function act(work: () => Promise<unknown>, done: string) {
    setError(null);
    setBusy(true);
    try {
      await work();
      setNotice(done);
      setDirty(false);
      refresh();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  const save = () => act(() => commit<TemplateEditorSaveMutation>(environment, saveMutation,
    { templateId, document: serialise(doc), expectedRevision: draft?.revision ?? null }), 'Draft saved.');
  const publish = () => act(() => commit<TemplateEditorPublishMutation>(environment, publishMutation,
    { templateId, expectedRevision: draft?.revision ?? null }), `Version ${draft?.number ?? ''} published.`);
  const discard = () => {
    if (window.confirm('Throw the draft away? The published versions stay.')) {
      void act(() => commit<TemplateEditorDiscardMutation>(environment, discardMutation, { templateId }), 'Draft discarded.');
    }
  };
  const remove = () => {
    if (!window.confirm(`Delete the template “${doc.name}” with every version? Projects started from it keep their tasks.`)) return;
    commit<TemplateEditorDeleteMutation>(environment, deleteMutation, { templateId })
      .then(() => { leaving.current = true; return navigate(`/orgs/${orgId}/templates`); }, setError);
  };

  function drop(event: DragEvent, to: Place) {
    event.preventDefault();
    event.stopPropagation();
    if (!dragging) return;
    const sameList = dragging.phase === to.phase && dragging.step < to.step;
    change(moveStep(doc, dragging, { phase: to.phase, step: sameList ? to.step - 1 : to.step }));
    setDragging(null);
  }

  const readOnly = !manage;
  return (
    <form className="template-editor" aria-label="Edit the template" onSubmit={(event) => { event.preventDefault(); void save(); }}>
      <Section title={draft ? `Draft of version ${draft.number}` : `Version ${nextNumber - 1} (published)`} actions={manage ? (
        <span className="actions">
          <button type="submit" disabled={busy || !dirty}>{draft ? 'Save draft' : `Save as draft of version ${nextNumber}`}</button>
          {draft && <button type="button" disabled={busy || dirty} onClick={() => void publish()}>Publish version {draft.number}</button>}
          {draft && <button type="button" className="secondary" disabled={busy} onClick={discard}>Discard draft</button>}
          <button type="button" className="danger" disabled={busy} onClick={remove}>Delete template</button>
        </span>) : undefined}>
        {!draft && manage && <p className="muted">Published versions never change: your changes become the draft of version {nextNumber}.</p>}
        {dirty && <p className="muted" role="status">Unsaved changes.</p>}
        {notice && <Notice>{notice}</Notice>}
        <Problems error={error} document={doc} />
        <fieldset disabled={readOnly} className="stack">
          <legend className="visually-hidden">Template</legend>
          <label className="field">Name<input value={doc.name} required maxLength={200} onChange={(event) => change({ ...doc, name: event.target.value })} /></label>
          <label className="field">Description (Markdown)<textarea rows={2} value={doc.description ?? ''} onChange={(event) => change({ ...doc, description: event.target.value })} /></label>
        </fieldset>
      </Section>
      <datalist id="template-roles">{roles.map((role) => <option key={role} value={role} />)}</datalist>
      {doc.phases.map((phase, p) => (
        <section key={p} className="card phase" aria-label={`Phase ${p + 1}: ${phase.name}`}
          onDragOver={(event) => { if (dragging) event.preventDefault(); }}
          onDrop={(event) => drop(event, { phase: p, step: phase.steps.length })}>
          <fieldset disabled={readOnly}>
            <legend className="visually-hidden">Phase {p + 1}</legend>
            <div className="card-head">
              <label className="field grow">Phase {p + 1} name<input value={phase.name} required maxLength={200} onChange={(event) => changePhase(p, { ...phase, name: event.target.value })} /></label>
              {manage && <span className="actions small">
                <button type="button" className="secondary" disabled={p === 0} onClick={() => change({ ...doc, phases: moved(doc.phases, p, p - 1) })} aria-label={`Move phase ${phase.name} up`}>↑</button>
                <button type="button" className="secondary" disabled={p === doc.phases.length - 1} onClick={() => change({ ...doc, phases: moved(doc.phases, p, p + 1) })} aria-label={`Move phase ${phase.name} down`}>↓</button>
                <button type="button" className="danger" disabled={doc.phases.length === 1 || phase.steps.length > 0} title={phase.steps.length > 0 ? 'Move or remove its steps first' : undefined}
                  onClick={() => change({ ...doc, phases: doc.phases.filter((_, i) => i !== p) })}>Remove phase</button>
              </span>}
            </div>
            {phase.steps.length === 0 && <p className="muted">No steps in this phase{manage ? ': add one, or drag one here' : ''}.</p>}
            <ol className="template-steps">
              {phase.steps.map((step, s) => (
                <li key={step.uid ?? step.key} className={`template-step${dragging?.phase === p && dragging.step === s ? ' dragging' : ''}`}
                  draggable={manage} data-step={step.key}
                  onDragStart={(event) => { event.dataTransfer.setData('text/plain', step.key); event.dataTransfer.effectAllowed = 'move'; setDragging({ phase: p, step: s }); }}
                  onDragEnd={() => setDragging(null)}
                  onDragOver={(event) => { if (dragging) event.preventDefault(); }}
                  onDrop={(event) => drop(event, { phase: p, step: s })}>
                  <StepEditor step={step} keys={keys} manage={manage}
                    onChange={(next) => changeStep({ phase: p, step: s }, next)}
                    onRemove={() => change(removeStep(doc, { phase: p, step: s }))}
                    onMove={(to) => change(moveStep(doc, { phase: p, step: s }, to))}
                    place={{ phase: p, step: s }} phases={doc.phases} />
                </li>
              ))}
            </ol>
            {manage && <button type="button" className="secondary" onClick={() => {
              changePhase(p, { ...phase, steps: [...phase.steps, newStep(doc, `New step ${keys.length + 1}`)] });
            }}>Add step to {phase.name || `phase ${p + 1}`}</button>}
          </fieldset>
        </section>
      ))}
      {manage && <p><button type="button" className="secondary" onClick={() => change({ ...doc, phases: [...doc.phases, { name: `Phase ${doc.phases.length + 1}`, steps: [] }] })}>Add phase</button></p>}
    </form>
  );
}

function StepEditor({ step, keys, manage, onChange, onRemove, onMove, place, phases }: {
  step: Step; keys: readonly string[]; manage: boolean; onChange: (step: Step) => void; onRemove: () => void;
  onMove: (to: Place) => void; place: Place; phases: readonly Phase[];
}) {
  const set = (changes: Partial<Step>) => onChange({ ...step, ...changes });
  const lastInPhase = place.step === (phases[place.phase]?.steps.length ?? 1) - 1;
  const summary = [step.role, step.estimateMinutes !== undefined ? formatEstimate(step.estimateMinutes) : null,
    step.due ? `due ${step.due.workingDays} working days after ${step.due.after === 'dependencies' ? 'its dependencies' : 'the start'}` : null,
    step.dependsOn?.length ? `after ${step.dependsOn.join(', ')}` : null, step.checklist?.length ? `${step.checklist.length} checklist items` : null]
    .filter(Boolean).join(' · ');
  return (
    <details>
      <summary>
        {manage && <span className="drag-handle" aria-hidden="true">⠿</span>}
        <strong>{step.title}</strong> <code className="muted">{step.key}</code>
        {summary && <span className="muted small"> · {summary}</span>}
      </summary>
      <div className="step-fields">
        <label className="field">Title<input value={step.title} required maxLength={500} onChange={(event) => set({ title: event.target.value })} /></label>
        <label className="field">Key<input value={step.key} required pattern="[a-z0-9][a-z0-9\-]{0,39}" maxLength={40}
          title="Lower-case letters, digits and hyphens" onChange={(event) => set({ key: event.target.value })} /></label>
        <label className="field">Role<input value={step.role ?? ''} list="template-roles" maxLength={100} onChange={(event) => set({ role: event.target.value || undefined })} /></label>
        <label className="field">Estimate (hours)<input type="number" min={0} step={0.25} value={step.estimateMinutes !== undefined ? step.estimateMinutes / 60 : ''}
          onChange={(event) => set({ estimateMinutes: event.target.value === '' ? undefined : Math.round(Number(event.target.value) * 60) })} /></label>
        <label className="field">Due in working days<input type="number" min={0} max={1000} value={step.due?.workingDays ?? ''}
          onChange={(event) => set({ due: event.target.value === '' ? undefined : { workingDays: Number(event.target.value), after: step.due?.after ?? 'projectStart' } })} /></label>
        <label className="field">Counted from<select value={step.due?.after ?? 'projectStart'} disabled={!step.due}
          onChange={(event) => set({ due: { workingDays: step.due?.workingDays ?? 0, after: event.target.value as 'projectStart' | 'dependencies' } })}>
          <option value="projectStart">the project's start</option>
          <option value="dependencies">its dependencies' due dates</option>
        </select></label>
        <fieldset className="field wide">
          <legend>Depends on</legend>
          {keys.filter((key) => key !== step.key).length === 0 && <span className="muted">No other steps.</span>}
          <span className="checks">
            {keys.filter((key) => key !== step.key).map((key) => (
              <label key={key}><input type="checkbox" checked={step.dependsOn?.includes(key) ?? false}
                onChange={(event) => set({ dependsOn: event.target.checked ? [...(step.dependsOn ?? []), key] : (step.dependsOn ?? []).filter((k) => k !== key) })} /> {key}</label>
            ))}
          </span>
        </fieldset>
        <label className="field wide">Checklist (one item per line)<textarea rows={3} value={(step.checklist ?? []).join('\n')}
          onChange={(event) => set({ checklist: event.target.value.split('\n').filter((line, i, all) => line.trim() !== '' || i === all.length - 1) })}
          onBlur={(event) => set({ checklist: event.target.value.split('\n').map((line) => line.trim()).filter(Boolean) })} /></label>
        <label className="field wide">Instructions (Markdown)<textarea rows={4} value={step.instructions ?? ''} onChange={(event) => set({ instructions: event.target.value })} /></label>
      </div>
      {manage && (
        <div className="actions small">
          <button type="button" className="secondary" disabled={place.step === 0} onClick={() => onMove({ phase: place.phase, step: place.step - 1 })} aria-label={`Move ${step.title} up`}>↑ Up</button>
          <button type="button" className="secondary" disabled={lastInPhase} onClick={() => onMove({ phase: place.phase, step: place.step + 1 })} aria-label={`Move ${step.title} down`}>↓ Down</button>
          <label className="inline">Move to phase <select value={place.phase} onChange={(event) => onMove({ phase: Number(event.target.value), step: Number.MAX_SAFE_INTEGER })}>
            {phases.map((phase, i) => <option key={i} value={i}>{i + 1}. {phase.name}</option>)}
          </select></label>
          <button type="button" className="danger" onClick={onRemove}>Remove step</button>
        </div>
      )}
    </details>
  );
}

type VersionRow = { readonly number: number; readonly state: string; readonly stepCount: number; readonly publishedAt: string | null | undefined; readonly updatedAt: string };

/** The versions, and two of them side by side with what changed between them. */
function Versions({ templateId, versions }: { templateId: string; versions: readonly VersionRow[] }) {
  const [pair, setPair] = useState<[number, number] | null>(null);
  return (
    <Section title="Versions">
      <table className="versions">
        <caption className="visually-hidden">Versions of the template</caption>
        <thead><tr><th scope="col">Version</th><th scope="col">State</th><th scope="col">Steps</th><th scope="col">Published</th><th scope="col">Export</th></tr></thead>
        <tbody>
          {versions.map((version) => (
            <tr key={version.number}>
              <td>{version.number}</td><td>{version.state}</td><td>{version.stepCount}</td>
              <td>{version.publishedAt ? new Date(version.publishedAt).toLocaleString() : '—'}</td>
              <td><a href={`/api/v1/templates/${templateId}/versions/${version.number}/export`} download aria-label={`Export version ${version.number} as JSON`}>JSON</a></td>
            </tr>
          ))}
        </tbody>
      </table>
      {versions.length > 1 && (
        <form className="filters" aria-label="Compare versions" onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          setPair([Number(form.get('left')), Number(form.get('right'))]);
        }}>
          <label className="field">Left<select name="left" defaultValue={versions[1]?.number}>{versions.map((v) => <option key={v.number} value={v.number}>Version {v.number} ({v.state})</option>)}</select></label>
          <label className="field">Right<select name="right" defaultValue={versions[0]?.number}>{versions.map((v) => <option key={v.number} value={v.number}>Version {v.number} ({v.state})</option>)}</select></label>
          <button type="submit" className="secondary">Compare side by side</button>
        </form>
      )}
      {pair && <Suspense fallback={<Loading />}><SideBySide templateId={templateId} left={pair[0]} right={pair[1]} /></Suspense>}
    </Section>
  );
}

function SideBySide({ templateId, left, right }: { templateId: string; left: number; right: number }) {
  const data = useLazyLoadQuery<TemplateEditorCompareQuery>(graphql`
    query TemplateEditorCompareQuery($id: ID!, $left: Int!, $right: Int!) {
      processTemplate(id: $id) {
        left: version(number: $left) { number state document }
        right: version(number: $right) { number state document }
      }
    }
  `, { id: templateId, left, right });
  const a = data.processTemplate?.left;
  const b = data.processTemplate?.right;
  if (!a || !b) return <p className="muted">One of these versions is gone.</p>;
  const leftDoc = JSON.parse(a.document) as TemplateDocument;
  const rightDoc = JSON.parse(b.document) as TemplateDocument;
  const diff = compareVersions(leftDoc, rightDoc);
  const counts = 'steps ' + ['added', 'changed', 'removed'].map((kind) => `${kind} ${[...diff.values()].filter((v) => v === kind).length}`).join(', ')
    + (leftDoc.name !== rightDoc.name ? `; renamed from “${leftDoc.name}” to “${rightDoc.name}”` : '');
  const column = (version: { number: number; state: string }, document: TemplateDocument) => (
    <section className="card" aria-label={`Version ${version.number}`}>
      <h3>Version {version.number} <span className="badge">{version.state}</span></h3>
      <p><strong>{document.name}</strong></p>
      {document.phases.map((phase, p) => (
        <div key={p}>
          <h4>{phase.name}</h4>
          <ul className="compare-steps">
            {phase.steps.map((step) => {
              const shown = diff.get(step.key) ?? 'same';
              return <li key={step.key} className={`diff-${shown}`}>{step.title} <code className="muted">{step.key}</code>{shown !== 'same' && <span className="badge">{shown}</span>}</li>;
            })}
          </ul>
        </div>
      ))}
    </section>
  );
  return (
    <>
      <p role="status">From version {a.number} to version {b.number}: {counts}.</p>
      <div className="side-by-side">{column(a, leftDoc)}{column(b, rightDoc)}</div>
    </>
  );
}
