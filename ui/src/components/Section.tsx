import type { ReactNode } from 'react';
import { Link } from 'react-router';

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="card" aria-label={title}>
      <div className="card-head"><h2>{title}</h2>{actions}</div>
      {children}
    </section>
  );
}

export function Loading() {
  return <p className="loading" role="status">Loading…</p>;
}

/** What a page shows for something that does not exist or may not be seen (the API answers both alike). */
export function NotFoundNotice({ what, why = 'you may not see it' }: { what: string; why?: string }) {
  return (
    <>
      <h1>{what} not found</h1>
      <p>It does not exist, or {why}.</p>
      <p><Link to="/">Back to your tasks</Link></p>
    </>
  );
}
