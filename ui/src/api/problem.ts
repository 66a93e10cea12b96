/** An answer the server refused: its RFC 9457 problem document, ready to show. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly fields: Record<string, string>;
  readonly extra: Record<string, unknown>;

  constructor(status: number, code: string, detail: string, fields: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.fields = fields;
    this.extra = extra;
  }

  /** True when the server wants the user to prove it is them again (password or code). */
  get needsStepUp(): boolean {
    return this.code === 'step-up-required';
  }
}

type Problem = { type?: string; title?: string; detail?: string; errors?: Array<{ field?: string; message?: string }> } & Record<string, unknown>;

export function fromProblem(status: number, body: unknown): ApiError {
  const problem = (body && typeof body === 'object' ? body : {}) as Problem;
  const type = typeof problem.type === 'string' ? problem.type : '';
  const code = type.split(/[/:]/).pop() || `http-${status}`;
  const fields: Record<string, string> = {};
  for (const error of Array.isArray(problem.errors) ? problem.errors : []) {
    if (error.field && error.message) fields[error.field] = error.message;
  }
  const detail = typeof problem.detail === 'string' ? problem.detail
    : typeof problem.title === 'string' ? problem.title : `The server answered ${status}.`;
  return new ApiError(status, code, detail, fields, problem);
}

/** The message to show for anything thrown by an API call. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = Object.entries(error.fields).map(([field, message]) => `${field}: ${message}`);
    return fields.length > 0 ? `${error.detail} (${fields.join('; ')})` : error.detail;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
