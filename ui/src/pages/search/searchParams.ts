/** The search page's state lives in its address, so a search can be bookmarked and shared. */
export interface SearchState {
  readonly q: string;
  readonly projectId: string | null;
  readonly status: string | null;
  readonly labelId: string | null;
  readonly mine: boolean;
  readonly dueFrom: string | null;
  readonly dueTo: string | null;
}

export function readSearch(params: URLSearchParams): SearchState {
  const value = (name: string) => { const v = params.get(name)?.trim(); return v ? v : null; };
  return {
    q: params.get('q')?.trim() ?? '',
    projectId: value('project'),
    status: value('status'),
    labelId: value('label'),
    mine: params.get('mine') === '1',
    dueFrom: value('dueFrom'),
    dueTo: value('dueTo'),
  };
}

export function writeSearch(state: SearchState): Record<string, string> {
  const out: Record<string, string> = {};
  if (state.q) out.q = state.q;
  if (state.projectId) out.project = state.projectId;
  if (state.status) out.status = state.status;
  if (state.labelId) out.label = state.labelId;
  if (state.mine) out.mine = '1';
  if (state.dueFrom) out.dueFrom = state.dueFrom;
  if (state.dueTo) out.dueTo = state.dueTo;
  return out;
}

const WHERE: Record<string, string> = { title: 'title', description: 'description', comment: 'a comment' };

/** "in the title and a comment". */
export function describeMatch(matchedIn: readonly string[]): string {
  const parts = matchedIn.map((field) => WHERE[field] ?? field);
  if (parts.length === 0) return '';
  const last = parts[parts.length - 1] ?? '';
  const list = parts.length === 1 ? last : `${parts.slice(0, -1).join(', ')} and ${last}`;
  return `in the ${list}`.replace('the a comment', 'a comment');
}
