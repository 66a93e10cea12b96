import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { Loading } from '../components/Section';

/** Pages for people not (yet) signed in: sign-in, sign-up and the pages mailed links open. No Relay here. */
export function PublicLayout() {
  return (
    <div className="public">
      <a className="skip" href="#main">Skip to content</a>
      <header className="brand-bar"><Link to="/" className="brand">Rampart</Link></header>
      <main id="main" className="page narrow">
        <ErrorBoundary>
          <Suspense fallback={<Loading />}><Outlet /></Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}
