import { Suspense, useState } from 'react';
import { graphql, RelayEnvironmentProvider, useLazyLoadQuery } from 'react-relay';
import { createEnvironment } from '../api/relay';
import { Loading } from '../components/Section';
import { Link, Navigate, NavLink, Outlet, useLocation, useMatch, useNavigate } from 'react-router';
import type { LayoutQuery } from '../__generated__/LayoutQuery.graphql';
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
        <NavLink to="/my-tasks">My tasks</NavLink>
        <NavLink to="/account">Account</NavLink>
        <NavLink to="/platform">Platform</NavLink>
      </nav>
      <div className="who">
        <span title={me?.email}>{data.viewer.displayName}</span>
        <button type="button" className="secondary" onClick={() => { void signOut(); }}>Sign out</button>
      </div>
    </header>
  );
}
