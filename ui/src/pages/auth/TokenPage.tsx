import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ErrorMessage, Notice } from '../../components/forms';
import { takeTokenFromLink } from './tokenFromLink';

/** A page a mailed link opens that only needs to send its token (address confirmation, email change). */
export function TokenPage({ title, send, done }: { title: string; send: (token: string) => Promise<unknown>; done: ReactNode }) {
  const [token] = useState(takeTokenFromLink);
  const [state, setState] = useState<'working' | 'done' | 'failed'>(token ? 'working' : 'failed');
  const [error, setError] = useState<unknown>(token ? null : new Error('This link has no token. Open the link from the mail again.'));
  const started = useRef(false);
  useEffect(() => {
    if (started.current || !token) return; // the token works once: never send it twice (StrictMode runs effects twice)
    started.current = true;
    send(token).then(() => setState('done'), (caught: unknown) => {
      setError(caught);
      setState('failed');
    });
  }, [send, token]);
  return (
    <>
      <h1>{title}</h1>
      {state === 'working' && <p role="status">Working…</p>}
      {state === 'done' && <Notice>{done}</Notice>}
      {state === 'failed' && <ErrorMessage error={error} />}
      <p><Link to="/signin">Go to sign-in</Link></p>
    </>
  );
}
