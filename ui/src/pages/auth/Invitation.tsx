import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { post } from '../../api/http';
import { useSession } from '../../app/session';
import { ErrorMessage, Field, formValues, Notice, useAction } from '../../components/forms';
import { takeTokenFromLink } from './tokenFromLink';

/**
 * Kept in memory only (never in the URL or storage) while the invitee signs in first: the
 * sign-in page comes back here within the same page load.
 */
let pendingToken = '';

export default function Invitation() {
  const { me } = useSession();
  const navigate = useNavigate();
  const [token] = useState(() => {
    pendingToken = takeTokenFromLink() || pendingToken;
    return pendingToken;
  });
  const [created, setCreated] = useState(false);
  const accept = useAction(async () => {
    const answer = await post<{ orgId: string }>('/api/v1/invitations/accept', { token });
    pendingToken = '';
    navigate(`/orgs/${answer.orgId}`);
  });
  const acceptNew = useAction(async (displayName: string, password: string) => {
    await post('/api/v1/invitations/accept-new', { token, displayName, password }, { anonymous: true });
    pendingToken = '';
    setCreated(true);
  });

  if (!token) return <><h1>Invitation</h1><p role="alert" className="error">This link has no token. Open the link from the mail again.</p></>;
  if (created) {
    return <><h1>Welcome to Rampart</h1><Notice>Your account is ready and you have joined the organization.</Notice><p><Link to="/signin">Sign in</Link></p></>;
  }
  if (me) {
    return (
      <>
        <h1>Join the organization</h1>
        <p>You are signed in as {me.email}. The invitation must have been sent to this address.</p>
        <ErrorMessage error={accept.error} />
        <button type="button" onClick={() => accept.run()} disabled={accept.busy}>Accept the invitation</button>
      </>
    );
  }
  function createAccount(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    void acceptNew.run(values.displayName ?? '', values.password ?? '');
  }
  return (
    <>
      <h1>You are invited</h1>
      <p>Already have a Rampart account with the invited address? <Link to="/signin?next=/invitation">Sign in to accept</Link>.</p>
      <h2>New to Rampart? Create your account</h2>
      <form onSubmit={createAccount} className="stack">
        <Field label="Your name" name="displayName" autoComplete="name" required maxLength={100} error={acceptNew.fieldError('displayName')} />
        <Field label="Password" name="password" type="password" autoComplete="new-password" required minLength={12} error={acceptNew.fieldError('password')} />
        <ErrorMessage error={acceptNew.error} />
        <button type="submit" disabled={acceptNew.busy}>Create account and join</button>
      </form>
    </>
  );
}
