import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { passkeysSupported, signInWithPasskey } from '../../api/passkeys';
import { secondFactor, signIn } from '../../api/session';
import { useSession } from '../../app/session';
import { ErrorMessage, Field, formValues, useAction } from '../../components/forms';

/** Where to go after signing in: only a path of this site (never another origin). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export default function SignIn() {
  const { me, refresh } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [challenge, setChallenge] = useState<string | null>(null);
  const action = useAction(async (work: () => Promise<boolean>) => {
    if (await work()) {
      await refresh();
      navigate(safeNext(params.get('next')), { replace: true });
    }
  });

  if (me) return <Navigate to={safeNext(params.get('next'))} replace />;

  function password(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    void action.run(async () => {
      const answer = await signIn(values.email ?? '', values.password ?? '');
      if (answer.kind === 'second-factor') {
        setChallenge(answer.challenge);
        return false;
      }
      return true;
    });
  }

  function code(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    void action.run(async () => {
      await secondFactor(challenge ?? '', values.code ?? '');
      return true;
    });
  }

  const passkey = (withChallenge?: string) => action.run(async () => {
    await signInWithPasskey(withChallenge);
    return true;
  });

  if (challenge) {
    return (
      <>
        <h1>Second step</h1>
        <form onSubmit={code} className="stack" ref={(form) => form?.querySelector('input')?.focus()}>
          <Field label="Code from your authenticator app, or a recovery code" name="code" autoComplete="one-time-code" inputMode="text" required />
          <ErrorMessage error={action.error} />
          <button type="submit" disabled={action.busy}>Sign in</button>
        </form>
        {passkeysSupported() && <p><button type="button" className="secondary" onClick={() => passkey(challenge)}>Use a passkey instead</button></p>}
      </>
    );
  }

  return (
    <>
      <h1>Sign in to Rampart</h1>
      <form onSubmit={password} className="stack">
        <Field label="Email" name="email" type="email" autoComplete="username webauthn" required error={action.fieldError('email')} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required error={action.fieldError('password')} />
        <ErrorMessage error={action.error} />
        <button type="submit" disabled={action.busy}>Sign in</button>
      </form>
      {passkeysSupported() && <p><button type="button" className="secondary" onClick={() => passkey()}>Sign in with a passkey</button></p>}
      <p><Link to="/forgot-password">Forgot your password?</Link> · <Link to="/signup">Create an account</Link></p>
    </>
  );
}
