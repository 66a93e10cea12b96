import { Suspense, useEffect, useState } from 'react';
import { graphql, RelayEnvironmentProvider, useLazyLoadQuery } from 'react-relay';
import { createEnvironment } from '../api/relay';
import { Loading } from '../components/Section';
import { Link, Navigate, NavLink, Outlet, useLocation, useMatch, useNavigate } from 'react-router';
import type { LayoutQuery } from '../__generated__/LayoutQuery.graphql';
import type { LayoutBellQuery } from '../__generated__/LayoutBellQuery.graphql';
import { NOTIFICATIONS_CHANGED } from '../pages/notifications/notificationsChanged';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { useSession } from './session';

/**
 * The signed-in application. Its Relay store lives exactly as long as the session: the layout is
 * keyed by the user, so signing out (or the server ending the session) drops the store and
 * nothing read stays in memory. Relay is loaded with this chunk, not by the sign-in page.
 */
export default function SignedInLayout() {
  const { me, signedOutByUser } = useSession();
  const location = useLocation();
  if (me === undefined) return <Loading />;
  if (me === null) {
    // Sent to sign in by the server (session expired, ended elsewhere): come back here afterwards.
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' || signedOutByUser ? '/signin' : `/signin?next=${encodeURIComponent(next)}`} replace />;
  }
  return <SessionScope key={me.id} />;
}

function SessionScope() {
  const [environment] = useState(createEnvironment);
  const location = useLocation();
  return (
    <RelayEnvironmentProvider environment={environment}>
    <div className="app">
      <a className="skip" href="#main">Skip to content</a>
      <Suspense fallback={<header className="top"><span className="brand">Rampart</span></header>}>
        <TopBar />
      </Suspense>
      <main id="main" className="page">
        <ErrorBoundary key={location.pathname}>
          <Suspense fallback={<Loading />}><Outlet /></Suspense>
        </ErrorBoundary>
      </main>
    </div>
    </RelayEnvironmentProvider>
  );
}

function TopBar() {
  const { me, signOut } = useSession();
  const navigate = useNavigate();
  const orgMatch = useMatch('/orgs/:orgId/*');
  const data = useLazyLoadQuery<LayoutQuery>(graphql`
    query LayoutQuery {
      viewer { id displayName organizations { id name } }
    }
  `, {}, { fetchPolicy: 'store-and-network' });
  const current = orgMatch?.params.orgId ?? '';
  return (
    <header className="top">
      <Link to="/" className="brand">Rampart</Link>
      <nav aria-label="Main">
        <label className="org-switcher">
          <span className="visually-hidden">Organization</span>
          <select value={current} onChange={(event) => event.target.value && navigate(`/orgs/${event.target.value}`)}>
            <option value="">Organizations…</option>
            {data.viewer.organizations.map((org) => <option key={org.id} value={org.id}>{org.name}</option>)}
          </select>
        </label>
        <TopSearch orgId={current || data.viewer.organizations[0]?.id || ''} />
        <NavLink to="/my-tasks">My tasks</NavLink>
        <NavLink to="/account">Account</NavLink>
        <NavLink to="/platform">Platform</NavLink>
      </nav>
      <div className="who">
        <Suspense fallback={<NavLink to="/notifications" className="bell">Notifications</NavLink>}>
          <NotificationBell />
        </Suspense>
        <span title={me?.email}>{data.viewer.displayName}</span>
        <button type="button" className="secondary" onClick={() => { void signOut(); }}>Sign out</button>
      </div>
    </header>
  );
}

/** How often the bell asks for the unread count while the page is open. */
const BELL_REFRESH_MS = 60_000;

/**
 * The unread count, asked again every minute, when the tab comes back into view, and when the
 * notifications page marks something read.
 */
function NotificationBell() {
  const [fetchKey, setFetchKey] = useState(0);
  useEffect(() => {
    const again = () => setFetchKey((key) => key + 1);
    const onVisible = () => { if (document.visibilityState === 'visible') again(); };
    const timer = window.setInterval(again, BELL_REFRESH_MS);
    window.addEventListener(NOTIFICATIONS_CHANGED, again);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED, again);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);
  const data = useLazyLoadQuery<LayoutBellQuery>(graphql`
    query LayoutBellQuery { viewer { id unreadNotificationCount } }
  `, {}, { fetchPolicy: fetchKey === 0 ? 'store-and-network' : 'network-only', fetchKey });
  const unread = data.viewer.unreadNotificationCount;
  return (
    <NavLink to="/notifications" className="bell"
      aria-label={unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" /></svg>
      {unread > 0 && <span className="bell-count" aria-hidden="true">{unread > 99 ? '99+' : unread}</span>}
    </NavLink>
  );
}

/** The search box of the top bar: searches the organization in view (or the first one). */
function TopSearch({ orgId }: { orgId: string }) {
  const navigate = useNavigate();
  if (!orgId) return null;
  return (
    <form role="search" aria-label="Search this organization" className="top-search" onSubmit={(event) => {
      event.preventDefault();
      const q = new FormData(event.currentTarget).get('q');
      if (typeof q === 'string' && q.trim()) navigate(`/orgs/${orgId}/search?q=${encodeURIComponent(q.trim())}`);
    }}>
      <label><span className="visually-hidden">Search tasks</span>
        <input type="search" name="q" placeholder="Search tasks…" maxLength={200} />
      </label>
    </form>
  );
}
