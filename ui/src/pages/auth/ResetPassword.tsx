import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { completePasswordReset } from '../../api/session';
import { ErrorMessage, Field, formValues, Notice, useAction } from '../../components/forms';
import { takeTokenFromLink } from './tokenFromLink';

export default function ResetPassword() {
  const [token] = useState(takeTokenFromLink);
  const [done, setDone] = useState(false);
  const action = useAction(completePasswordReset);
  async function submit(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    if (values.password !== values.repeat) {
      action.setError(new Error('The two passwords differ.'));
      return;
    }
    if ((await action.run(token, values.password ?? '')).ok) setDone(true);
  }
  if (!token) return <><h1>Choose a new password</h1><p role="alert" className="error">This link has no token. Open the link from the mail again.</p></>;
  return (
    <>
      <h1>Choose a new password</h1>
      {done ? <Notice>Your password is changed and every session was signed out. <Link to="/signin">Sign in</Link></Notice> : (
        <form onSubmit={submit} className="stack">
          <Field label="New password" name="password" type="password" autoComplete="new-password" required minLength={12} error={action.fieldError('password')} />
          <Field label="The same password again" name="repeat" type="password" autoComplete="new-password" required />
          <ErrorMessage error={action.error} />
          <button type="submit" disabled={action.busy}>Change password</button>
        </form>
      )}
    </>
  );
}
