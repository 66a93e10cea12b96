/** A workflow as the editor holds it, and the pure steps of editing it (tested in workflowDraft.test.ts). */
export type Category = 'todo' | 'in_progress' | 'done';

export interface DraftStatus { readonly key: string; readonly name: string; readonly colour: string; readonly category: Category; readonly stored: boolean }
export interface DraftTransition { readonly from: string; readonly to: string; readonly roles: string }
export interface Draft { readonly statuses: readonly DraftStatus[]; readonly transitions: readonly DraftTransition[]; readonly replacements: Readonly<Record<string, string>> }

export const CATEGORIES: ReadonlyArray<{ value: Category; label: string }> = [
  { value: 'todo', label: 'To do' }, { value: 'in_progress', label: 'In progress' }, { value: 'done', label: 'Done' },
];

interface Stored {
  readonly statuses: ReadonlyArray<{ readonly key: string; readonly name: string; readonly colour: string; readonly category: string }>;
  readonly transitions: ReadonlyArray<{ readonly from: string; readonly to: string; readonly roles: ReadonlyArray<string> }>;
}

export function draftOf(workflow: Stored): Draft {
  return {
    statuses: workflow.statuses.map((s) => ({ key: s.key, name: s.name, colour: s.colour, category: s.category as Category, stored: true })),
    transitions: workflow.transitions.map((t) => ({ from: t.from, to: t.to, roles: t.roles.join(', ') })),
    replacements: {},
  };
}

/** A key for a new status from its name: lower case, letters and digits joined by underscores, unique. */
export function keyFor(name: string, taken: readonly string[]): string {
  let base = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 36);
  if (!/^[a-z]/.test(base)) base = `s_${base}`.replace(/_+$/, '');
  let key = base;
  for (let n = 2; taken.includes(key); n++) key = `${base}_${n}`;
  return key;
}

export function addStatus(draft: Draft, name: string, category: Category, colour: string): Draft {
  const key = keyFor(name, draft.statuses.map((s) => s.key).concat(Object.keys(draft.replacements)));
  return { ...draft, statuses: [...draft.statuses, { key, name: name.trim(), colour, category, stored: false }] };
}

export function changeStatus(draft: Draft, key: string, change: Partial<Pick<DraftStatus, 'name' | 'colour' | 'category'>>): Draft {
  return { ...draft, statuses: draft.statuses.map((s) => (s.key === key ? { ...s, ...change } : s)) };
}

export function moveStatus(draft: Draft, key: string, by: -1 | 1): Draft {
  const from = draft.statuses.findIndex((s) => s.key === key);
  const to = from + by;
  if (from < 0 || to < 0 || to >= draft.statuses.length) return draft;
  const statuses = [...draft.statuses];
  const [moved] = statuses.splice(from, 1);
  if (moved) statuses.splice(to, 0, moved);
  return { ...draft, statuses };
}

/**
 * Removes a status with its transitions. A stored one may have tasks: they move to a replacement,
 * by default the first remaining status of the same category (else the first).
 */
export function removeStatus(draft: Draft, key: string): Draft {
  const removed = draft.statuses.find((s) => s.key === key);
  const statuses = draft.statuses.filter((s) => s.key !== key);
  if (!removed || statuses.length === 0) return draft;
  const replacements: Record<string, string> = {};
  for (const [status, replacement] of Object.entries(draft.replacements)) {
    replacements[status] = replacement === key ? fallback(statuses, removed.category) : replacement;
  }
  if (removed.stored) replacements[key] = fallback(statuses, removed.category);
  return {
    statuses,
    transitions: draft.transitions.filter((t) => t.from !== key && t.to !== key),
    replacements,
  };
}

function fallback(statuses: readonly DraftStatus[], category: Category): string {
  return (statuses.find((s) => s.category === category) ?? statuses[0])?.key ?? '';
}

export function setReplacement(draft: Draft, removed: string, replacement: string): Draft {
  return { ...draft, replacements: { ...draft.replacements, [removed]: replacement } };
}

export const allows = (draft: Draft, from: string, to: string) => draft.transitions.some((t) => t.from === from && t.to === to);

export function toggleTransition(draft: Draft, from: string, to: string): Draft {
  return allows(draft, from, to)
    ? { ...draft, transitions: draft.transitions.filter((t) => !(t.from === from && t.to === to)) }
    : { ...draft, transitions: [...draft.transitions, { from, to, roles: '' }] };
}

export function setRoles(draft: Draft, from: string, to: string, roles: string): Draft {
  return { ...draft, transitions: draft.transitions.map((t) => (t.from === from && t.to === to ? { ...t, roles } : t)) };
}

/** Every move between two statuses, or none. */
export function allowEverything(draft: Draft, every: boolean): Draft {
  if (!every) return { ...draft, transitions: [] };
  const transitions: DraftTransition[] = [];
  for (const from of draft.statuses) for (const to of draft.statuses) {
    if (from.key !== to.key) transitions.push(draft.transitions.find((t) => t.from === from.key && t.to === to.key) ?? { from: from.key, to: to.key, roles: '' });
  }
  return { ...draft, transitions };
}

/** The API's input (REST body and GraphQL WorkflowInput alike). */
export function inputOf(draft: Draft) {
  return {
    statuses: draft.statuses.map(({ key, name, colour, category }) => ({ key, name, colour, category })),
    transitions: draft.transitions.map((t) => ({ from: t.from, to: t.to, roles: t.roles.split(',').map((r) => r.trim()).filter(Boolean) })),
    replacements: Object.entries(draft.replacements).map(([status, replacement]) => ({ status, replacement })),
  };
}

/** A problem's JSON Pointer in words: "/statuses/2/name" is "Status 3 “Review”: name". */
export function describePointer(draft: Draft, pointer: string): string {
  const [, list, index, field] = pointer.split('/');
  const at = Number(index);
  if (list === 'statuses' && Number.isInteger(at)) {
    const status = draft.statuses[at];
    return `Status ${at + 1}${status?.name ? ` “${status.name}”` : ''}${field ? `: ${field}` : ''}`;
  }
  if (list === 'transitions' && Number.isInteger(at)) {
    const t = draft.transitions[at];
    const name = (key: string | undefined) => draft.statuses.find((s) => s.key === key)?.name ?? key;
    return `Move ${t ? `${name(t.from)} → ${name(t.to)}` : at + 1}${field ? `: ${field}` : ''}`;
  }
  if (list === 'replacements') return 'Replacement';
  return list ? list[0]?.toUpperCase() + list.slice(1) : 'The workflow';
}
