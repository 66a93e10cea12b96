import { useCallback, useEffect, useState } from 'react';
import { get, post } from '../../api/http';
import { Section } from '../../components/Section';
import { ErrorMessage, Notice, useAction } from '../../components/forms';
import { useStepUp } from '../../components/StepUp';

interface KeyStatus { storeKind: string; storeId: string; currentKek: string; keks: string[]; keysets: number; oldestRotation: string | null; dueForRotation: number; reencryptionPending: number }
interface ErrorReport { id: string; at: string; exceptionType: string; stackTrace: string; route: string | null }
interface Verification { [key: string]: unknown }

/** For key custodians and operators: what their platform roles allow, nothing for anyone else. */
export default function PlatformPage() {
  const [roles, setRoles] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => { get<{ roles: string[] }>('/api/v1/platform/roles').then((answer) => setRoles(answer.roles), setError); }, []);
  return (
    <>
      <h1>Platform</h1>
      <ErrorMessage error={error} />
      {roles && roles.length === 0 && <p>You have no platform role. Key custodians and operators are named on the server (<code>rampart admin grant-role</code>).</p>}
      {roles?.includes('key-custodian') && <Keys />}
      {roles?.includes('operator') && <><Health /><Errors /></>}
    </>
  );
}

function Keys() {
  const [status, setStatus] = useState<KeyStatus | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const { guarded, prompt } = useStepUp();
  const load = useCallback(() => get<KeyStatus>('/api/v1/platform/keys').then(setStatus), []);
  const action = useAction(async (work: () => Promise<string>) => { setResult(await work()); await load(); });
  useEffect(() => { load().catch(action.setError); }, [load]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <Section title="Keys">
      {status && (
        <dl className="facts">
          <dt>Key store</dt><dd>{status.storeKind} ({status.storeId})</dd>
          <dt>Key-encryption key</dt><dd><code>{status.currentKek}</code> of {status.keks.length}</dd>
          <dt>Data keysets</dt><dd>{status.keysets}</dd>
          <dt>Oldest rotation</dt><dd>{status.oldestRotation ?? 'never'}</dd>
          <dt>Due for rotation</dt><dd>{status.dueForRotation}</dd>
          <dt>Waiting for re-encryption</dt><dd>{status.reencryptionPending}</dd>
        </dl>
      )}
      <div className="actions">
        <button type="button" onClick={() => action.run(async () => {
          const answer = await guarded(() => post<{ rotated: unknown }>('/api/v1/platform/keys/rotate', {}));
          return `Rotated: ${JSON.stringify(answer.rotated)}. Re-encryption continues in the background.`;
        })}>Rotate due data keys</button>
        <button type="button" className="secondary" onClick={() => action.run(async () => {
          const answer = await guarded(() => post<{ currentKek: string; rewrapped: number }>('/api/v1/platform/keys/rotate-kek', {}));
          return `New key-encryption key ${answer.currentKek}; ${answer.rewrapped} keysets re-wrapped.`;
        })}>Rotate the key-encryption key</button>
        <button type="button" className="secondary" onClick={() => action.run(async () => {
          const report = await post<Verification>('/api/v1/platform/keys/verify?sample=20', {});
          return `Verification: ${JSON.stringify(report)}`;
        })}>Verify sealed data</button>
      </div>
      {result && <Notice>{result}</Notice>}
      <ErrorMessage error={action.error} />
      {prompt}
    </Section>
  );
}

function Health() {
  const [health, setHealth] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => { get<Record<string, unknown>>('/api/v1/platform/health').then(setHealth, setError); }, []);
  return (
    <Section title="Health">
      {health && <dl className="facts">{Object.entries(health).map(([key, value]) => <div key={key}><dt>{key}</dt><dd>{String(value)}</dd></div>)}</dl>}
      <ErrorMessage error={error} />
    </Section>
  );
}

function Errors() {
  const [reports, setReports] = useState<ErrorReport[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => { get<ErrorReport[]>('/api/v1/platform/errors?limit=50').then(setReports, setError); }, []);
  return (
    <Section title="Error reports">
      <p className="muted">Types and stack frames only: never messages or request data.</p>
      {reports?.length === 0 && <p>No errors reported.</p>}
      <ul className="plain">
        {(reports ?? []).map((report) => (
          <li key={report.id}>
            <button type="button" className="link" aria-expanded={open === report.id} onClick={() => setOpen(open === report.id ? null : report.id)}>
              {new Date(report.at).toLocaleString()} · {report.exceptionType} {report.route ? `· ${report.route}` : ''}
            </button>
            {open === report.id && <pre className="trace">{report.stackTrace}</pre>}
          </li>
        ))}
      </ul>
      <ErrorMessage error={error} />
    </Section>
  );
}
