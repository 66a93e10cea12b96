/** One recorded change as the API gives it. */
export interface HistoryEntry {
  readonly field: string;
  readonly from: HistoryValue | null | undefined;
  readonly to: HistoryValue | null | undefined;
}

export interface HistoryValue {
  readonly value: string;
  readonly label: string | null | undefined;
}

const FIELD_NAMES: Record<string, string> = {
  title: 'title',
  description: 'description',
  status: 'status',
  priority: 'priority',
  assignee: 'assignee',
  dueDate: 'due date',
  startDate: 'start date',
  estimateMinutes: 'estimate',
  milestone: 'milestone',
  visibility: 'visibility',
  sprint: 'sprint',
  storyPoints: 'story points',
};

/** What a value is called: its name where the reader may see what it refers to. */
function shown(field: string, value: HistoryValue | null | undefined, estimate: (minutes: number) => string): string {
  if (!value) return 'nothing';
  if (value.label) return value.label;
  switch (field) {
    case 'assignee': return 'someone';
    case 'milestone': return 'a milestone no longer there';
    case 'sprint': return 'a sprint no longer there';
    case 'estimateMinutes': return estimate(Number(value.value));
    case 'status': return value.value;
    default: return value.value;
  }
}

/**
 * A change in words ("changed the status from To do to Done"); a description's before and after
 * are too long for one line and come as details.
 */
export function describeChange(entry: HistoryEntry, estimate: (minutes: number) => string):
  { summary: string; details?: { before: string; after: string } } {
  if (entry.field === 'labels') {
    const verb = entry.to ? 'added' : 'removed';
    const name = (entry.to ?? entry.from)?.label;
    return { summary: name ? `${verb} the label ${name}` : `${verb} a label since deleted` };
  }
  if (entry.field === 'description') {
    return { summary: 'changed the description', details: { before: entry.from?.value ?? '', after: entry.to?.value ?? '' } };
  }
  const name = FIELD_NAMES[entry.field] ?? entry.field;
  if (entry.field === 'sprint') {
    return { summary: `moved it from ${entry.from ? shown('sprint', entry.from, estimate) : 'the backlog'} to ${entry.to ? shown('sprint', entry.to, estimate) : 'the backlog'}` };
  }
  if (!entry.from) return { summary: `set the ${name} to ${shown(entry.field, entry.to, estimate)}` };
  if (!entry.to) return { summary: `cleared the ${name} (was ${shown(entry.field, entry.from, estimate)})` };
  return { summary: `changed the ${name} from ${shown(entry.field, entry.from, estimate)} to ${shown(entry.field, entry.to, estimate)}` };
}
