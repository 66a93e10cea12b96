import { ApiError, messageOf } from '../../api/problem';
import { describePointer, type TemplateDocument } from './templateDocument';

/** The server's refusal of a template document: every problem, placed in words. */
export function Problems({ error, document }: { error: unknown; document: TemplateDocument | null }) {
  if (!error) return null;
  const fields = error instanceof ApiError ? Object.entries(error.fields) : [];
  if (fields.length === 0) return <p role="alert" className="error">{messageOf(error)}</p>;
  return (
    <div role="alert" className="error problems">
      <p>The template was not saved: {fields.length === 1 ? 'one problem' : `${fields.length} problems`}.</p>
      <ul>
        {fields.map(([pointer, message]) => (
          <li key={pointer}><strong>{describePointer(document, pointer)}</strong> {message} <code className="muted">{pointer || '/'}</code></li>
        ))}
      </ul>
    </div>
  );
}
