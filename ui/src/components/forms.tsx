import { useId, useState, type FormEvent, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { ApiError, messageOf } from '../api/problem';

/** A labelled input; the server's message for this field (if any) is tied to it for screen readers. */
export function Field({ label, error, hint, ...input }: { label: string; error?: string | undefined; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {hint && <small id={`${id}-hint`}>{hint}</small>}
      {error && <small id={`${id}-error`} className="field-error">{error}</small>}
    </div>
  );
}

/** A labelled select (the label is tied by id, so its name is the label alone, not the options' text). */
export function Select({ label, children, ...select }: { label: string; children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} {...select}>{children}</select>
    </div>
  );
}

export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  return <p role="alert" className="error">{messageOf(error)}</p>;
}

export function Notice({ children }: { children: ReactNode }) {
  return <p role="status" className="notice">{children}</p>;
}

/**
 * Runs an API call from a form: keeps the button busy while it runs, shows the server's answer
 * when it refuses, and gives field errors to the fields they name.
 */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (...args: A): Promise<{ ok: true; value: R } | { ok: false }> => {
    setBusy(true);
    setError(null);
    try {
      return { ok: true, value: await action(...args) };
    } catch (caught) {
      setError(caught);
      return { ok: false };
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (name: string) => (error instanceof ApiError ? error.fields[name] : undefined);
  return { busy, error, setError, run, fieldError };
}

/** Reads a form's named inputs as strings. */
export function formValues(event: FormEvent<HTMLFormElement>): Record<string, string> {
  event.preventDefault();
  const values: Record<string, string> = {};
  new FormData(event.currentTarget).forEach((value, key) => {
    if (typeof value === 'string') values[key] = value;
  });
  return values;
}
