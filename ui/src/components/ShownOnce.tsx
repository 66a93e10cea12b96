import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A secret shown once (a webhook's signing secret, a BI user's password): selected for copying,
 * with a copy button, gone once the person says it is stored.
 */
export function ShownOnce({ id, title, label, value, children, onDone }: {
  id: string; title: string; label: string; value: string; children?: ReactNode; onDone: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => { input.current?.focus(); input.current?.select(); }, [value]);
  return (
    <div role="status" className="notice secret-once">
      <p><strong>{title}: copy it now, it is not shown again.</strong></p>
      {children}
      <label htmlFor={id}>{label}</label>
      <div className="inline">
        <input id={id} ref={input} readOnly value={value} />
        <button type="button" className="secondary" onClick={() => {
          void navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false));
        }}>{copied ? 'Copied' : 'Copy'}</button>
        <button type="button" onClick={onDone}>I have stored it</button>
      </div>
    </div>
  );
}
