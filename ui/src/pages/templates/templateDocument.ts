/**
 * A process template document (format rampart.process-template/1) as the editor holds it, and
 * the problems the server names by JSON Pointer, said in words a person can find in the editor.
 */
export type Due = { workingDays: number; after?: 'projectStart' | 'dependencies' };

export type Step = {
  /** The editor's own handle on a step (never sent): the key may change while typing. */
  uid?: string;
  key: string;
  title: string;
  instructions?: string;
  checklist?: string[];
  role?: string;
  estimateMinutes?: number;
  due?: Due;
  dependsOn?: string[];
};

export type Phase = { name: string; steps: Step[] };

export type TemplateDocument = {
  $schema?: string;
  format: 'rampart.process-template/1';
  name: string;
  description?: string;
  phases: Phase[];
};

export const FORMAT = 'rampart.process-template/1';

export function emptyDocument(name: string): TemplateDocument {
  return { format: FORMAT, name, phases: [{ name: 'Phase 1', steps: [] }] };
}

let uids = 0;
const nextUid = () => `s${++uids}`;

/** The document as the editor holds it: each step with a uid of its own. */
export function withUids(document: TemplateDocument): TemplateDocument {
  return { ...document, phases: document.phases.map((phase) => ({ ...phase, steps: phase.steps.map((step) => ({ ...step, uid: step.uid ?? nextUid() })) })) };
}

/** The document as the server takes it (no editor handles). */
export function serialise(document: TemplateDocument): string {
  return JSON.stringify(document, (name, value: unknown) => (name === 'uid' ? undefined : value));
}

/** A new step with a fresh key and handle. */
export function newStep(document: TemplateDocument, title: string): Step {
  return { uid: nextUid(), key: freshKey(document), title };
}

/** Renames a step's key and every dependency on it. */
export function renameKey(document: TemplateDocument, from: string, to: string): TemplateDocument {
  if (from === to) return document;
  return {
    ...document,
    phases: document.phases.map((phase) => ({
      ...phase,
      steps: phase.steps.map((step) => ({
        ...step,
        key: step.key === from ? to : step.key,
        dependsOn: step.dependsOn?.map((key) => (key === from ? to : key)),
      })),
    })),
  };
}

/** A step key not yet used in the document (step-1, step-2, ...). */
export function freshKey(document: TemplateDocument): string {
  const used = new Set(document.phases.flatMap((phase) => phase.steps.map((step) => step.key)));
  for (let n = 1; ; n++) if (!used.has(`step-${n}`)) return `step-${n}`;
}

/** Moves an item of a list from one index to another (a new list). */
export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(Math.max(0, Math.min(to, next.length)), 0, item);
  return next;
}

/** Moves a step to another place, in its phase or another; dependencies go with its key. */
export function moveStep(document: TemplateDocument, from: { phase: number; step: number }, to: { phase: number; step: number }): TemplateDocument {
  const phases = document.phases.map((phase) => ({ ...phase, steps: [...phase.steps] }));
  const [step] = phases[from.phase]?.steps.splice(from.step, 1) ?? [];
  if (!step || !phases[to.phase]) return document;
  const target = phases[to.phase]!.steps;
  target.splice(Math.max(0, Math.min(to.step, target.length)), 0, step);
  return { ...document, phases };
}

/** Removes a step and every dependency on it. */
export function removeStep(document: TemplateDocument, at: { phase: number; step: number }): TemplateDocument {
  const key = document.phases[at.phase]?.steps[at.step]?.key;
  return {
    ...document,
    phases: document.phases.map((phase, p) => ({
      ...phase,
      steps: phase.steps.filter((_, s) => !(p === at.phase && s === at.step))
        .map((step) => (step.dependsOn?.includes(key ?? '') ? { ...step, dependsOn: step.dependsOn.filter((d) => d !== key) } : step)),
    })),
  };
}

/** "/phases/0/steps/2/title" → "Phase 1 “Start”, step 3 “Kick-off”: title". */
export function describePointer(document: TemplateDocument | null, pointer: string): string {
  if (pointer === '') return 'The document';
  const parts = pointer.split('/').slice(1);
  const words: string[] = [];
  let i = 0;
  if (parts[0] === 'phases' && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    const p = Number(parts[1]);
    const phase = document?.phases[p];
    words.push(`Phase ${p + 1}${phase?.name ? ` “${phase.name}”` : ''}`);
    i = 2;
    if (parts[2] === 'steps' && parts[3] !== undefined && /^\d+$/.test(parts[3])) {
      const s = Number(parts[3]);
      const step = phase?.steps[s];
      words.push(`step ${s + 1}${step?.title ? ` “${step.title}”` : ''}`);
      i = 4;
    }
  }
  const rest = parts.slice(i).join(' ');
  return words.length ? `${words.join(', ')}${rest ? `: ${rest}` : ''}` : rest;
}

/** How two versions differ, step by step (by key): added, removed, changed. */
export function compareVersions(left: TemplateDocument, right: TemplateDocument): Map<string, 'added' | 'removed' | 'changed' | 'same'> {
  const steps = (document: TemplateDocument) => new Map(document.phases.flatMap((phase) => phase.steps.map((step) => [step.key, JSON.stringify({ ...step, phase: phase.name })] as const)));
  const a = steps(left);
  const b = steps(right);
  const result = new Map<string, 'added' | 'removed' | 'changed' | 'same'>();
  for (const [key, value] of b) result.set(key, !a.has(key) ? 'added' : a.get(key) === value ? 'same' : 'changed');
  for (const key of a.keys()) if (!b.has(key)) result.set(key, 'removed');
  return result;
}
