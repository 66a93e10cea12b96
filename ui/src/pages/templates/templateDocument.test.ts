import { describe, expect, it } from 'vitest';
import { compareVersions, describePointer, emptyDocument, freshKey, moveStep, removeStep, renameKey, serialise, withUids, type TemplateDocument } from './templateDocument';

const doc: TemplateDocument = {
  format: 'rampart.process-template/1',
  name: 'Onboarding',
  phases: [
    { name: 'Start', steps: [{ key: 'a', title: 'A' }, { key: 'b', title: 'B', dependsOn: ['a'] }] },
    { name: 'End', steps: [{ key: 'c', title: 'C', dependsOn: ['a', 'b'] }] },
  ],
};

describe('template documents', () => {
  it('names a pointer in words', () => {
    expect(describePointer(doc, '/phases/0/steps/1/title')).toBe('Phase 1 “Start”, step 2 “B”: title');
    expect(describePointer(doc, '/phases/1/name')).toBe('Phase 2 “End”: name');
    expect(describePointer(doc, '')).toBe('The document');
    expect(describePointer(doc, '/name')).toBe('name');
  });

  it('moves a step across phases and removes one with the dependencies on it', () => {
    const moved = moveStep(doc, { phase: 0, step: 0 }, { phase: 1, step: 1 });
    expect(moved.phases[0]!.steps.map((s) => s.key)).toEqual(['b']);
    expect(moved.phases[1]!.steps.map((s) => s.key)).toEqual(['c', 'a']);
    const removed = removeStep(doc, { phase: 0, step: 0 });
    expect(removed.phases[1]!.steps[0]!.dependsOn).toEqual(['b']);
    expect(removed.phases[0]!.steps[0]!.dependsOn).toEqual([]);
  });

  it('renames a key with the dependencies on it, and never sends the editor handles', () => {
    const renamed = renameKey(doc, 'a', 'first');
    expect(renamed.phases[0]!.steps[0]!.key).toBe('first');
    expect(renamed.phases[1]!.steps[0]!.dependsOn).toEqual(['first', 'b']);
    const held = withUids(doc);
    expect(held.phases[0]!.steps[0]!.uid).toBeTruthy();
    expect(serialise(held)).toBe(JSON.stringify(doc));
  });

  it('finds a fresh key and compares versions by step key', () => {
    expect(freshKey(emptyDocument('x'))).toBe('step-1');
    const next: TemplateDocument = { ...doc, phases: [{ name: 'Start', steps: [{ key: 'a', title: 'A!' }, { key: 'd', title: 'D' }] }] };
    const diff = compareVersions(doc, next);
    expect(diff.get('a')).toBe('changed');
    expect(diff.get('d')).toBe('added');
    expect(diff.get('c')).toBe('removed');
  });
});
