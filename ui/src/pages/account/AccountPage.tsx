import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { graphql, useRelayEnvironment } from 'react-relay';
import { commit } from '../../api/relay';
import { NavLink, useNavigate, useParams } from 'react-router';
import { del, get, patch, post, put } from '../../api/http';
import { addPasskey, passkeysSupported, type Passkey } from '../../api/passkeys';
import type { AccountPageDeleteMutation } from '../../__generated__/AccountPageDeleteMutation.graphql';
import { Loading, Section } from '../../components/Section';
import { useSession } from '../../app/session';
import { ErrorMessage, Field, formValues, Notice, useAction, Select } from '../../components/forms';
import { QrCode } from '../../components/QrCode';
import { useStepUp } from '../../components/StepUp';

export default function AccountPage() {
  const { section = 'profile' } = useParams();
  return (
    <>
      <h1>Your account</h1>
      <nav aria-label="Account" className="tabs">
        <NavLink to="/account" end>Profile</NavLink>
        <NavLink to="/account/security">Sign-in and second factors</NavLink>
        <NavLink to="/account/sessions">Sessions</NavLink>
        <NavLink to="/account/tokens">API tokens</NavLink>
        <NavLink to="/account/notifications">Notifications</NavLink>
      </nav>
      {section === 'profile' && <Profile />}
      {section === 'security' && <><Password /><SecondFactors /><Passkeys /></>}
      {section === 'sessions' && <Sessions />}
      {section === 'tokens' && <ApiTokens />}
      {section === 'notifications' && <NotificationMail />}
    </>
  );
}

function Profile() {
  const { me, refresh, signOut } = useSession();
  const [saved, setSaved] = useState<string | null>(null);
  const navigate = useNavigate();
  const { guarded, prompt } = useStepUp();
  const action = useAction(async (work: () => Promise<unknown>, message: string) => { await work(); setSaved(message); await refresh(); });
  const environment = useRelayEnvironment();
  return (
    <>
      <Section title="Profile">
        <form className="stack" onSubmit={(event) => {
          const values = formValues(event);
          void action.run(() => patch('/api/v1/me', { displayName: values.displayName }), 'Your name is saved.');
        }}>
          <Field label="Your name" name="displayName" defaultValue={me?.displayName} required maxLength={100} />
          <button type="submit" disabled={action.busy}>Save</button>
        </form>
        <form className="stack" onSubmit={(event) => {
          const values = formValues(event);
          void action.run(() => guarded(() => put('/api/v1/me/email', { email: values.email })), `We sent a link to ${values.email}: your address changes when you open it.`);
        }}>
          <Field label={`Email (now ${me?.email ?? ''})`} name="email" type="email" required />
          <button type="submit" disabled={action.busy}>Change email</button>
        </form>
        {me && !me.emailVerified && (
          <p>Your address is not confirmed yet. <button type="button" className="link" onClick={() => action.run(() => post('/api/v1/me/verify-email/resend'), 'A new confirmation link is on its way.')}>Send the link again</button></p>
        )}
        {saved && <Notice>{saved}</Notice>}
        <ErrorMessage error={action.error} />
      </Section>
      <Section title="Delete your account">
        <p>Your sign-in, sessions and second factors are deleted; what you wrote stays, attributed to a deleted user.</p>
        <button type="button" className="danger" onClick={() => {
          if (!window.confirm('Delete your account for good?')) return;
          void action.run(() => guarded(() => commit<AccountPageDeleteMutation>(environment,
            graphql`mutation AccountPageDeleteMutation { deleteAccount }`, {}))
            .then(async () => { await signOut(); navigate('/signin'); }), 'Deleted.');
        }}>Delete my account</button>
      </Section>
      {prompt}
    </>
  );
}

const MAIL_CHOICES = [
  { value: 'immediately', label: 'At once', hint: 'A mail within a minute of something new (several at a time in one mail).' },
  { value: 'daily', label: 'Daily summary', hint: 'One mail a day with what is still unread.' },
  { value: 'off', label: 'Never', hint: 'Only here in Rampart, under the bell.' },
] as const;

/** When notifications are mailed. Mails say what happened and link to it; titles and comments stay in Rampart. */
function NotificationMail() {
  const [choice, setChoice] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const save = useAction((email: string) => put<{ email: string }>('/api/v1/me/notification-mail', { email }));
  useEffect(() => {
    get<{ email: string }>('/api/v1/me/notification-mail').then((answer) => setChoice(answer.email), setLoadError);
  }, []);
  // The choices show once the saved one is known: never an unchecked set that looks like "none".
  if (choice === null) {
    return <Section title="Notification mail">{loadError ? <ErrorMessage error={loadError} /> : <Loading />}</Section>;
  }
  return (
    <Section title="Notification mail">
      <form className="stack" onSubmit={(event) => {
        event.preventDefault();
        if (!choice) return;
        setSaved(false);
        void save.run(choice).then((answer) => { if (answer.ok) setSaved(true); });
      }}>
        <fieldset>
          <legend>Mail me about my notifications</legend>
          {MAIL_CHOICES.map((option) => (
            <label key={option.value} className="choice">
              <input type="radio" name="email" value={option.value} checked={choice === option.value}
                onChange={() => { setChoice(option.value); setSaved(false); }} />
              {' '}<strong>{option.label}</strong> <span className="muted">{option.hint}</span>
            </label>
          ))}
        </fieldset>
        <p className="muted">Mails say what happened and link to it; task titles and comments stay in Rampart.</p>
        <button type="submit" disabled={save.busy || choice === null}>Save</button>
        {saved && <Notice>Saved.</Notice>}
        <ErrorMessage error={loadError ?? save.error} />
      </form>
    </Section>
  );
}

function Password() {
  const [done, setDone] = useState(false);
  const action = useAction((currentPassword: string, newPassword: string) => put('/api/v1/me/password', { currentPassword, newPassword }));
  return (
    <Section title="Password">
      <form className="stack" onSubmit={async (event) => {
        const values = formValues(event);
        const form = event.currentTarget;
        if ((await action.run(values.currentPassword ?? '', values.newPassword ?? '')).ok) { setDone(true); form.reset(); }
      }}>
        <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required error={action.fieldError('currentPassword')} />
        <Field label="New password" name="newPassword" type="password" autoComplete="new-password" required minLength={12} error={action.fieldError('newPassword')} />
        <ErrorMessage error={action.error} />
        <button type="submit" disabled={action.busy}>Change password</button>
        {done && <Notice>Your password is changed; your other sessions were signed out.</Notice>}
      </form>
    </Section>
  );
}

interface MfaStatus { totp: boolean; passkeys: number; recoveryCodesLeft: number; enrolled: boolean }
interface Enrolment { secret: string; uri: string }

function SecondFactors() {
  const { refresh } = useSession();
  const [status, setStatus] = useState<MfaStatus | null>(null);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const { guarded, prompt } = useStepUp();
  const load = useCallback(() => get<MfaStatus>('/api/v1/me/mfa').then(setStatus), []);
  const action = useAction(async (work: () => Promise<unknown>) => { await work(); await load(); await refresh(); });
  useEffect(() => { load().catch(action.setError); }, [load]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <Section title="Authenticator app">
      {status && <p>{status.totp ? `An authenticator app is set up. Recovery codes left: ${status.recoveryCodesLeft}.` : 'No authenticator app yet.'}</p>}
      {status && !status.totp && !enrolment && (
        <button type="button" onClick={() => action.run(async () => setEnrolment(await guarded(() => post<Enrolment>('/api/v1/me/mfa/totp'))))}>Set up an authenticator app</button>
      )}
      {enrolment && (
        <form className="stack" onSubmit={(event) => {
          const values = formValues(event);
          void action.run(async () => {
            const answer = await post<{ recoveryCodes: string[] }>('/api/v1/me/mfa/totp/confirm', { code: values.code });
            setEnrolment(null);
            setCodes(answer.recoveryCodes ?? null);
          });
        }}>
          <p>Scan this code with your authenticator app, or type the key by hand.</p>
          <QrCode text={enrolment.uri} label="QR code for your authenticator app" />
          <p>Key: <code className="secret" data-testid="totp-secret">{enrolment.secret}</code></p>
          <Field label="The 6-digit code the app shows" name="code" autoComplete="one-time-code" inputMode="numeric" required pattern="[0-9]{6}" />
          <button type="submit" disabled={action.busy}>Confirm</button>
        </form>
      )}
      {codes && codes.length > 0 && (
        <div className="notice" role="status">
          <p><strong>Your recovery codes.</strong> Keep them somewhere safe: each signs you in once if you lose your phone. They are shown only now.</p>
          <ul className="codes" data-testid="recovery-codes">{codes.map((code) => <li key={code}><code>{code}</code></li>)}</ul>
        </div>
      )}
      {status?.totp && (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => action.run(async () => setCodes((await guarded(() => post<{ recoveryCodes: string[] }>('/api/v1/me/mfa/recovery-codes'))).recoveryCodes))}>New recovery codes</button>
          <button type="button" className="danger" onClick={() => action.run(() => guarded(() => del('/api/v1/me/mfa/totp')))}>Remove the authenticator app</button>
        </div>
      )}
      <ErrorMessage error={action.error} />
      {prompt}
    </Section>
  );
}

function Passkeys() {
  const [passkeys, setPasskeys] = useState<Passkey[] | null>(null);
  const { guarded, prompt } = useStepUp();
  const load = useCallback(() => get<Passkey[]>('/api/v1/me/passkeys').then(setPasskeys), []);
  const action = useAction(async (work: () => Promise<unknown>) => { await work(); await load(); });
  useEffect(() => { load().catch(action.setError); }, [load]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <Section title="Passkeys">
      <ul className="plain" data-testid="passkeys">
        {(passkeys ?? []).map((key) => (
          <li key={key.id}>{key.label || 'Passkey'} <span className="muted">added {key.createdAt.slice(0, 10)}</span>{' '}
            <button type="button" className="link" onClick={() => action.run(() => guarded(() => del(`/api/v1/me/passkeys/${encodeURIComponent(key.id)}`)))}>Remove</button></li>
        ))}
      </ul>
      {passkeys?.length === 0 && <p className="muted">No passkeys yet.</p>}
      {passkeysSupported() ? (
        <form className="inline" onSubmit={(event) => {
          const values = formValues(event);
          void action.run(() => guarded(() => addPasskey(values.label ?? '')));
        }}>
          <Field label="Name for the new passkey" name="label" maxLength={100} placeholder="This laptop" />
          <button type="submit" disabled={action.busy}>Add a passkey</button>
        </form>
      ) : <p className="muted">This browser cannot use passkeys.</p>}
      <ErrorMessage error={action.error} />
      {prompt}
    </Section>
  );
}

interface SessionView { id: string; device: string | null; address: string | null; createdAt: string; lastUsedAt: string; expiresAt: string; secondFactor: boolean; current: boolean }

function Sessions() {
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [sessions, setSessions] = useState<SessionView[] | null>(null);
  const load = useCallback(() => get<{ items: SessionView[] } | SessionView[]>('/api/v1/me/sessions')
    .then((answer) => setSessions(Array.isArray(answer) ? answer : answer.items)), []);
  const action = useAction(async (work: () => Promise<unknown>) => { await work(); await load(); });
  useEffect(() => { load().catch(action.setError); }, [load]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <Section title="Where you are signed in">
      <table>
        <caption className="visually-hidden">Your sessions</caption>
        <thead><tr><th scope="col">Device</th><th scope="col">Address</th><th scope="col">Signed in</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead>
        <tbody>
          {(sessions ?? []).map((session) => (
            <tr key={session.id}>
              <td>{session.device ?? 'unknown'} {session.current && <span className="badge">this browser</span>}</td>
              <td>{session.address ?? ''}</td>
              <td>{new Date(session.createdAt).toLocaleString()}</td>
              <td>{new Date(session.lastUsedAt).toLocaleString()}</td>
              <td>{!session.current && <button type="button" className="link" onClick={() => action.run(() => del(`/api/v1/me/sessions/${session.id}`))}>End</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => action.run(() => post('/api/v1/me/sessions/sign-out-everywhere', { keepCurrent: true }))}>Sign out everywhere else</button>
        <button type="button" className="danger" onClick={() => action.run(async () => { await post('/api/v1/me/sessions/sign-out-everywhere', { keepCurrent: false }); await signOut().catch(() => undefined); navigate('/signin'); })}>Sign out everywhere</button>
      </div>
      <ErrorMessage error={action.error} />
    </Section>
  );
}

interface ApiToken { id: string; name: string; access: string; orgId: string | null; createdAt: string; expiresAt: string; lastUsedAt: string | null; revokedAt: string | null }

function ApiTokens() {
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [issued, setIssued] = useState<string | null>(null);
  const { guarded, prompt } = useStepUp();
  const load = useCallback(() => get<{ items: ApiToken[] } | ApiToken[]>('/api/v1/me/api-tokens')
    .then((answer) => setTokens(Array.isArray(answer) ? answer : answer.items)), []);
  const action = useAction(async (work: () => Promise<unknown>) => { await work(); await load(); });
  useEffect(() => { load().catch(action.setError); }, [load]); // eslint-disable-line react-hooks/exhaustive-deps
  function create(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    const form = event.currentTarget;
    void action.run(async () => {
      const answer = await guarded(() => post<{ token: string }>('/api/v1/me/api-tokens', {
        name: values.name, access: values.access, expiresInDays: values.expiresInDays ? Number(values.expiresInDays) : null }));
      setIssued(answer.token);
      form.reset();
    });
  }
  return (
    <Section title="API tokens">
      <p className="muted">For scripts and BI tools: send the token as <code>Authorization: Bearer …</code>.</p>
      <form className="inline" onSubmit={create} aria-label="New API token">
        <Field label="Name" name="name" required maxLength={100} />
        <Select label="Access" name="access" defaultValue="read-only"><option value="read-only">read-only</option><option value="read-write">read-write</option></Select>
        <Field label="Expires in (days)" name="expiresInDays" type="number" min={1} max={365} defaultValue="90" />
        <button type="submit" disabled={action.busy}>Create token</button>
      </form>
      {issued && (
        <div className="notice" role="status">
          <p><strong>Your new token</strong>, shown only now: copy it into your tool.</p>
          <code className="secret" data-testid="api-token">{issued}</code>
          <p><button type="button" className="link" onClick={() => setIssued(null)}>I have copied it: hide it</button></p>
        </div>
      )}
      <table>
        <caption className="visually-hidden">Your API tokens</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Access</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead>
        <tbody>
          {(tokens ?? []).map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td><td>{token.access}</td><td>{token.expiresAt.slice(0, 10)}</td><td>{token.lastUsedAt?.slice(0, 10) ?? 'never'}</td>
              <td>{token.revokedAt ? 'revoked' : <button type="button" className="link" onClick={() => action.run(() => del(`/api/v1/me/api-tokens/${token.id}`))}>Revoke</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorMessage error={action.error} />
      {prompt}
    </Section>
  );
}
