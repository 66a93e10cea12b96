import type { ReactNode } from 'react';

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
