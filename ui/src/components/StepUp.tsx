import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/problem';
import { passkeysSupported, stepUpWithPasskey } from '../api/passkeys';
import { stepUp } from '../api/session';
import { useSession } from '../app/session';
import { ErrorMessage, Field, formValues } from './forms';

/**
 * Runs a sensitive change; when the server asks for a step-up, asks for the password (or a code
 * when the account has a second factor) in place, proves it, and runs the change again.
 */
export function useStepUp() {
  const [pending, setPending] = useState<{ retry: () => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void } | null>(null);

  async function guarded<R>(change: () => Promise<R>): Promise<R> {
    try {
      return await change();
    } catch (error) {
      if (!(error instanceof ApiError && error.needsStepUp)) throw error;
      return new Promise<R>((resolve, reject) => setPending({ retry: change, resolve: resolve as (v: unknown) => void, reject }));
    }
  }

  const prompt = pending ? <StepUpPrompt onDone={async () => {
    const current = pending;
    setPending(null);
    try {
      current.resolve(await current.retry());
    } catch (error) {
      current.reject(error);
    }
  }} onCancel={() => {
    pending.reject(new ApiError(403, 'step-up-cancelled', 'Cancelled: the change needs you to confirm it is you.'));
    setPending(null);
  }} /> : null;

  return { guarded, prompt };
}

function StepUpPrompt({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const { me } = useSession();
  const [error, setError] = useState<unknown>(null);
  const withCode = Boolean(me?.mfaEnrolled);
  const form = useRef<HTMLFormElement>(null);
  // A modal dialog takes the focus to its first field (and Escape cancels it).
  const cancel = useRef(onCancel);
  useEffect(() => {
    cancel.current = onCancel;
  });
  useEffect(() => {
    form.current?.querySelector('input')?.focus();
    const escape = (event: KeyboardEvent) => { if (event.key === 'Escape') cancel.current(); };
    document.addEventListener('keydown', escape);
    return () => document.removeEventListener('keydown', escape);
  }, []);
  async function submit(event: FormEvent<HTMLFormElement>) {
    const values = formValues(event);
    try {
      await stepUp(withCode ? { code: values.code ?? '' } : { password: values.password ?? '' });
      onDone();
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="step-up-title">
      <form onSubmit={submit} ref={form}>
        <h2 id="step-up-title">Confirm it is you</h2>
        <p>This change needs you to prove again who you are.</p>
        {withCode
          ? <Field label="Code from your authenticator app (or a recovery code)" name="code" autoComplete="one-time-code" required />
          : <Field label="Password" name="password" type="password" autoComplete="current-password" required />}
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit">Confirm</button>
          {passkeysSupported() && <button type="button" className="secondary" onClick={async () => {
            try {
              await stepUpWithPasskey();
              onDone();
            } catch (caught) {
              setError(caught);
            }
          }}>Use a passkey</button>}
          <button type="button" className="secondary" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    </div>
  );
}
