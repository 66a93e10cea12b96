import { useEffect, useRef } from 'react';
import { graphql, usePaginationFragment } from 'react-relay';
import type { History_task$key } from '../../__generated__/History_task.graphql';
import { Section } from '../../components/Section';
import { formatEstimate } from '../../components/TaskRow';
import { describeChange, type HistoryEntry } from './history';

/**
 * Who changed what on the task, newest first. Read again whenever the task's version moves (an
 * edit here, or one that arrived with a reload).
 */
export function History({ task }: { task: History_task$key }) {
  const { data, hasNext, loadNext, refetch } = usePaginationFragment(graphql`
    fragment History_task on Task
      @refetchable(queryName: "TaskHistoryPaginationQuery")
      @argumentDefinitions(count: { type: "Int", defaultValue: 10 }, cursor: { type: "String" }) {
      id
      version
      history(first: $count, after: $cursor) @connection(key: "History_history") {
        edges { node { id at actorName field from { value label } to { value label } } }
      }
    }
  `, task);
  const seen = useRef(data.version);
  useEffect(() => {
    if (seen.current !== data.version) {
      seen.current = data.version;
      refetch({}, { fetchPolicy: 'network-only' });
    }
  }, [data.version, refetch]);
  const entries = data.history.edges.map(({ node }) => node);
  return (
    <Section title="History">
      {entries.length === 0
        ? <p className="muted">No changes yet.</p>
        : (
          <ol className="history">
            {entries.map((entry) => <HistoryItem key={entry.id} entry={entry} />)}
          </ol>
        )}
      {hasNext && <button type="button" className="secondary" onClick={() => loadNext(25)}>Earlier changes</button>}
    </Section>
  );
}

function HistoryItem({ entry }: { entry: HistoryEntry & { readonly id: string; readonly at: string; readonly actorName: string | null | undefined } }) {
  const change = describeChange(entry, formatEstimate);
  return (
    <li>
      <span className="meta">
        <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time> · {entry.actorName ?? 'someone'}
      </span>{' '}
      {change.summary}
      {change.details && (
        <details>
          <summary>Show the change</summary>
          <p className="muted">Before</p>
          <pre className="history-text">{change.details.before}</pre>
          <p className="muted">After</p>
          <pre className="history-text">{change.details.after}</pre>
        </details>
      )}
    </li>
  );
}
