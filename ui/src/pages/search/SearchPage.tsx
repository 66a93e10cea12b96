import { Suspense, useState, type FormEvent } from 'react';
import { graphql, useLazyLoadQuery, usePaginationFragment } from 'react-relay';
import { Link, useParams, useSearchParams } from 'react-router';
import type { SearchPageQuery } from '../../__generated__/SearchPageQuery.graphql';
import type { SearchPageFiltersQuery } from '../../__generated__/SearchPageFiltersQuery.graphql';
import type { SearchPage_results$key } from '../../__generated__/SearchPage_results.graphql';
import { Loading, Section } from '../../components/Section';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { Notice } from '../../components/forms';
import { useSession } from '../../app/session';
import { describeMatch, readSearch, writeSearch, type SearchState } from './searchParams';

/**
 * Search across what the reader may see in an organization: titles, descriptions and comments,
 * every word must occur (3 letters or more also match as the start of a word). Filters by project,
 * status, label, "assigned to me" and due dates; the state lives in the address.
 */
export default function SearchPage() {
  const { orgId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const state = readSearch(params);
  const [draft, setDraft] = useState(state.q);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => { const v = form.get(name); return typeof v === 'string' && v.trim() ? v.trim() : null; };
    setParams(writeSearch({ q: draft.trim(), projectId: text('project'), status: text('status'), labelId: text('label'),
      mine: form.get('mine') === 'on', dueFrom: text('dueFrom'), dueTo: text('dueTo') }));
  }
  return (
    <>
      <h1>Search</h1>
      <form role="search" aria-label="Search tasks" className="search-form" onSubmit={submit}>
        <div className="search-row">
          <label className="field grow">Words (a word of 3 letters or more also finds the words it starts)
            <input type="search" name="q" value={draft} onChange={(event) => setDraft(event.target.value)} maxLength={200} required />
          </label>
          <button type="submit">Search</button>
        </div>
        <ErrorBoundary>
          <Suspense fallback={<Loading />}><Filters orgId={orgId} state={state} /></Suspense>
        </ErrorBoundary>
      </form>
      {state.q
        ? <ErrorBoundary key={params.toString()}><Suspense fallback={<Loading />}><Results orgId={orgId} state={state} /></Suspense></ErrorBoundary>
        : <Notice>Type words to find tasks by their title, description or comments.</Notice>}
    </>
  );
}

function Filters({ orgId, state }: { orgId: string; state: SearchState }) {
  const data = useLazyLoadQuery<SearchPageFiltersQuery>(graphql`
    query SearchPageFiltersQuery($id: ID!) {
      organization(id: $id) { id projects { id name } labels { id name } defaultWorkflow { statuses { key name } } }
    }
  `, { id: orgId }, { fetchPolicy: 'store-or-network' });
  const org = data.organization;
  if (!org) return null;
  return (
    <fieldset className="filters">
      <legend>Filters</legend>
      <label className="field">Project
        <select name="project" defaultValue={state.projectId ?? ''}>
          <option value="">Any project</option>
          {org.projects.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </label>
      <label className="field">Status
        <select name="status" defaultValue={state.status ?? ''}>
          <option value="">Any status</option>
          {org.defaultWorkflow.statuses.map((s) => <option key={s.key} value={s.key}>{s.name}</option>)}
        </select>
      </label>
      <label className="field">Label
        <select name="label" defaultValue={state.labelId ?? ''}>
          <option value="">Any label</option>
          {org.labels.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
        </select>
      </label>
      <label className="field">Due from<input type="date" name="dueFrom" defaultValue={state.dueFrom ?? ''} /></label>
      <label className="field">Due until<input type="date" name="dueTo" defaultValue={state.dueTo ?? ''} /></label>
      <label className="choice"><input type="checkbox" name="mine" defaultChecked={state.mine} /> Assigned to me</label>
    </fieldset>
  );
}

function Results({ orgId, state }: { orgId: string; state: SearchState }) {
  const { me } = useSession();
  const data = useLazyLoadQuery<SearchPageQuery>(graphql`
    query SearchPageQuery($id: ID!, $query: String!, $projectId: ID, $status: String, $assigneeId: ID, $labelId: ID, $dueFrom: String, $dueTo: String) {
      organization(id: $id) { id ...SearchPage_results @arguments(query: $query, projectId: $projectId, status: $status, assigneeId: $assigneeId, labelId: $labelId, dueFrom: $dueFrom, dueTo: $dueTo) }
    }
  `, { id: orgId, query: state.q, projectId: state.projectId, status: state.status, assigneeId: state.mine ? me?.id ?? null : null,
    labelId: state.labelId, dueFrom: state.dueFrom, dueTo: state.dueTo }, { fetchPolicy: 'network-only' });
  if (!data.organization) return <Notice>Organization not found.</Notice>;
  return <ResultList organization={data.organization} />;
}

function ResultList({ organization }: { organization: SearchPage_results$key }) {
  const { data, loadNext, hasNext, isLoadingNext } = usePaginationFragment(graphql`
    fragment SearchPage_results on Organization
      @refetchable(queryName: "SearchResultsPaginationQuery")
      @argumentDefinitions(
        query: { type: "String!" }, projectId: { type: "ID" }, status: { type: "String" }, assigneeId: { type: "ID" },
        labelId: { type: "ID" }, dueFrom: { type: "String" }, dueTo: { type: "String" },
        count: { type: "Int", defaultValue: 25 }, cursor: { type: "String" }) {
      search(query: $query, projectId: $projectId, status: $status, assigneeId: $assigneeId, labelId: $labelId,
        dueFrom: $dueFrom, dueTo: $dueTo, first: $count, after: $cursor) @connection(key: "SearchPage_search") {
        edges { node { taskId projectId key title statusName assigneeName dueDate updatedAt matchedIn } }
      }
    }
  `, organization);
  const hits = data.search.edges.map((edge) => edge.node);
  return (
    <Section title={hits.length === 0 ? 'No task found' : `Tasks found${hasNext ? '' : ` (${hits.length})`}`}>
      {hits.length === 0
        ? <p className="muted">No task you may see holds every one of these words.</p>
        : (
          <ol className="search-results">
            {hits.map((hit) => (
              <li key={hit.taskId}>
                <Link to={`/tasks/${hit.taskId}`}>{hit.key && <span className="task-key">{hit.key}</span>} {hit.title}</Link>
                <p className="meta">
                  {hit.statusName} · {hit.assigneeName ? `Assignee: ${hit.assigneeName}` : 'Nobody assigned'}
                  {hit.dueDate && <> · Due {hit.dueDate}</>} · Found {describeMatch(hit.matchedIn)}
                </p>
              </li>
            ))}
          </ol>
        )}
      {hasNext && <button type="button" className="secondary" disabled={isLoadingNext} onClick={() => loadNext(25)}>More results</button>}
    </Section>
  );
}
