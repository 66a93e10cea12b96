import { useState } from 'react';
import { graphql, useLazyLoadQuery, useMutation } from 'react-relay';
import { Link, useSearchParams } from 'react-router';
import type { NotificationsPageQuery } from '../../__generated__/NotificationsPageQuery.graphql';
import type { NotificationsPageReadMutation } from '../../__generated__/NotificationsPageReadMutation.graphql';
import type { NotificationsPageReadAllMutation } from '../../__generated__/NotificationsPageReadAllMutation.graphql';
import { Section } from '../../components/Section';
import { ErrorMessage, Notice } from '../../components/forms';
import { announceNotificationsChanged, describeAge } from './notificationsChanged';

/**
 * What concerns the signed-in user: assignments, mentions, comments and moves on tasks they watch,
 * due dates, grants and new projects. A notification about a task they may no longer read is not
 * shown (the server leaves it out). Opening one marks it read.
 */
export default function NotificationsPage() {
  const [search, setSearch] = useSearchParams();
  const unreadOnly = search.get('show') === 'unread';
  const [fetchKey, setFetchKey] = useState(0);
  const data = useLazyLoadQuery<NotificationsPageQuery>(graphql`
    query NotificationsPageQuery($unreadOnly: Boolean!) {
      viewer {
        unreadNotificationCount
        notifications(unreadOnly: $unreadOnly, first: 50) {
          nodes { id kind summary taskId taskKey taskTitle projectId actorName detail createdAt readAt }
        }
      }
    }
  `, { unreadOnly }, { fetchPolicy: 'store-and-network', fetchKey });
  const [error, setError] = useState<unknown>(null);
  const [markRead] = useMutation<NotificationsPageReadMutation>(graphql`
    mutation NotificationsPageReadMutation($id: ID!) { markNotificationRead(id: $id) { id readAt } }
  `);
  const [markAll, markingAll] = useMutation<NotificationsPageReadAllMutation>(graphql`
    mutation NotificationsPageReadAllMutation { markAllNotificationsRead }
  `);
  const changed = () => { setFetchKey((key) => key + 1); announceNotificationsChanged(); };
  const read = (id: string) => markRead({ variables: { id }, onCompleted: changed, onError: setError });
  const items = data.viewer.notifications.nodes;
  const unread = data.viewer.unreadNotificationCount;
  return (
    <>
      <h1>Notifications</h1>
      <div className="toolbar" role="group" aria-label="Which notifications">
        <button type="button" className={unreadOnly ? 'secondary' : ''} aria-pressed={!unreadOnly}
          onClick={() => setSearch({})}>All</button>
        <button type="button" className={unreadOnly ? '' : 'secondary'} aria-pressed={unreadOnly}
          onClick={() => setSearch({ show: 'unread' })}>Unread ({unread})</button>
        <button type="button" className="secondary" disabled={unread === 0 || markingAll}
          onClick={() => markAll({ variables: {}, onCompleted: changed, onError: setError })}>Mark all read</button>
        <Link to="/account/notifications">Mail settings</Link>
      </div>
      <ErrorMessage error={error} />
      <Section title={unreadOnly ? 'Unread' : 'All notifications'}>
        {items.length === 0
          ? <Notice>{unreadOnly ? 'Nothing unread.' : 'Nothing yet: you are told here when someone assigns you, mentions you, or moves or comments on a task you watch.'}</Notice>
          : (
            <ol className="notifications">
              {items.map((n) => (
                <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
                  <div>
                    {!n.readAt && <span className="visually-hidden">Unread: </span>}
                    <strong>{n.summary}</strong>
                    {n.taskTitle && <>{' '}<Link to={`/tasks/${n.taskId ?? ''}`} onClick={() => { if (!n.readAt) read(n.id); }}>{n.taskTitle}</Link></>}
                    {!n.taskId && <>{' '}<Link to={`/projects/${n.projectId}`} onClick={() => { if (!n.readAt) read(n.id); }}>Open the project</Link></>}
                    <p className="meta"><time dateTime={n.createdAt} title={new Date(n.createdAt).toLocaleString()}>{describeAge(n.createdAt)}</time></p>
                  </div>
                  {!n.readAt && <button type="button" className="secondary" onClick={() => read(n.id)}
                    aria-label={`Mark read: ${n.summary}`}>Mark read</button>}
                </li>
              ))}
            </ol>
          )}
      </Section>
    </>
  );
}
