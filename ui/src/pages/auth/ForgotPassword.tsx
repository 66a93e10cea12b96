import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { requestPasswordReset } from '../../api/session';
import { ErrorMessage, Field, formValues, Notice, useAction } from '../../components/forms';

export default function ForgotPassword() {
  const [sent, setSent] = useState(false);
  const action = useAction(requestPasswordReset);
  async function submit(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    if ((await action.run(values.email ?? '')).ok) setSent(true);
  }
  return (
    <>
      <h1>Reset your password</h1>
      {sent ? <Notice>If an account has that address, a link to choose a new password is on its way.</Notice> : (
        <form onSubmit={submit} className="stack">
          <Field label="Email" name="email" type="email" autoComplete="email" required />
          <ErrorMessage error={action.error} />
          <button type="submit" disabled={action.busy}>Send the link</button>
        </form>
      )}
      <p><Link to="/signin">Back to sign-in</Link></p>
    </>
  );
}
