import { useEffect, useId, useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from 'react';
import { fetchQuery, graphql, useRelayEnvironment } from 'react-relay';
import type { MentionTextareaQuery } from '../../__generated__/MentionTextareaQuery.graphql';
import { insertMention, mentionAt } from './mentions';

interface Candidate { readonly id: string; readonly displayName: string }

/**
 * A Markdown textarea that offers people to mention after "@": the members who may read the task
 * (the server decides). Arrow keys move through the offers, Enter or Tab takes one, Escape closes
 * the list; the textarea keeps the focus throughout (a combobox).
 */
export function MentionTextarea({ taskId, label, ...textarea }: { taskId: string; label: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const environment = useRelayEnvironment();
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [open, setOpen] = useState<{ start: number; query: string } | null>(null);
  const [candidates, setCandidates] = useState<readonly Candidate[]>([]);
  const [active, setActive] = useState(0);

  useEffect(() => {
    if (!open) return undefined;
    const timer = window.setTimeout(() => {
      const subscription = fetchQuery<MentionTextareaQuery>(environment, graphql`
        query MentionTextareaQuery($id: ID!, $query: String!) { task(id: $id) { id mentionable(query: $query) { id displayName } } }
      `, { id: taskId, query: open.query }, { fetchPolicy: 'network-only' }).subscribe({
        next: (data) => { setCandidates(data.task?.mentionable ?? []); setActive(0); },
        error: () => setCandidates([]),
      });
      return () => subscription.unsubscribe();
    }, 150);
    return () => window.clearTimeout(timer);
  }, [environment, taskId, open]);

  function look() {
    const element = ref.current;
    if (!element) return;
    const found = mentionAt(element.value, element.selectionStart);
    setOpen((current) => (found && current?.query === found.query && current.start === found.start ? current : found));
    if (!found) setCandidates([]);
  }

  function choose(candidate: Candidate) {
    const element = ref.current;
    if (!element || !open) return;
    const inserted = insertMention(element.value, open.start, element.selectionStart, candidate.displayName, candidate.id);
    // Through the native setter, so React (and a form reading it) see the change.
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(element, inserted.text);
    element.dispatchEvent(new Event('input', { bubbles: true }));
    element.setSelectionRange(inserted.caret, inserted.caret);
    setOpen(null);
    setCandidates([]);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (!open || candidates.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (index + step + candidates.length) % candidates.length);
    }
    else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      const candidate = candidates[active];
      if (candidate) choose(candidate);
    }
    else if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(null);
      setCandidates([]);
    }
  }

  const showing = open !== null && candidates.length > 0;
  return (
    <div className="field">
      <label>{label}
        <textarea {...textarea} ref={ref} role="combobox" aria-autocomplete="list" aria-expanded={showing}
          aria-controls={listId} aria-activedescendant={showing ? `${listId}-${active}` : undefined}
          onKeyDown={onKeyDown} onInput={look} onClick={look} />
      </label>
      <ul id={listId} role="listbox" aria-label="People you may mention" className="mention-picker" hidden={!showing}>
        {candidates.map((candidate, index) => (
          <li key={candidate.id} id={`${listId}-${index}`} role="option" aria-selected={index === active}
            onMouseDown={(event) => { event.preventDefault(); choose(candidate); }}>
            {candidate.displayName}
          </li>
        ))}
      </ul>
      <span className="muted hint">Type @ and a name to mention someone who may read this task.</span>
    </div>
  );
}
