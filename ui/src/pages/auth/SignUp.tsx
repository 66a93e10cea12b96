import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { signUp } from '../../api/session';
import { ErrorMessage, Field, formValues, Notice, useAction } from '../../components/forms';

export default function SignUp() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const action = useAction(signUp);
  async function submit(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    const answer = await action.run(values.email ?? '', values.password ?? '', values.displayName ?? '');
    if (answer.ok) setSentTo(answer.value.email);
  }
  if (sentTo) {
    return (
      <>
        <h1>Check your mail</h1>
        <Notice>We sent a link to {sentTo}. Open it to confirm your address, then sign in.</Notice>
        <p><Link to="/signin">Go to sign-in</Link></p>
      </>
    );
  }
  return (
    <>
      <h1>Create your account</h1>
      <form onSubmit={submit} className="stack">
        <Field label="Your name" name="displayName" autoComplete="name" required maxLength={100} error={action.fieldError('displayName')} />
        <Field label="Email" name="email" type="email" autoComplete="email" required error={action.fieldError('email')} />
        <Field label="Password" name="password" type="password" autoComplete="new-password" required minLength={12}
          hint="At least 12 characters; a common or guessable password is refused." error={action.fieldError('password')} />
        <ErrorMessage error={action.error} />
        <button type="submit" disabled={action.busy}>Create account</button>
      </form>
      <p>Already have an account? <Link to="/signin">Sign in</Link></p>
    </>
  );
}
