import { ApiError, fromProblem } from './problem';

/**
 * The only code that talks to the server. The browser's session is the HttpOnly cookie, which
 * scripts cannot read; every change also carries a one-time CSRF token, fetched in batches.
 */

const CSRF_BATCH = 20;
const CSRF_HEADER = 'X-CSRF-Token';

/**
 * How long a call may take before the page gives up on it: a read is asked once more (it changes
 * nothing), a change is reported as failed, never sent twice. A page never waits forever on a
 * connection that went quiet.
 */
export const READ_TIMEOUT_MS = 15_000;
export const CHANGE_TIMEOUT_MS = 60_000;

/** fetch, aborted after {@code timeout} ms (or when the caller's own signal aborts). */
async function fetchWithin(path: string, init: RequestInit, timeout: number): Promise<Response> {
  const timer = new AbortController();
  const handle = setTimeout(() => timer.abort(new DOMException('timed out', 'TimeoutError')), timeout);
  const signal = init.signal ? AbortSignal.any([init.signal, timer.signal]) : timer.signal;
  try {
    return await fetch(path, { ...init, signal });
  } catch (error) {
    if (timer.signal.aborted && !init.signal?.aborted) {
      throw new ApiError(0, 'timeout', 'The server did not answer in time. Try again.');
    }
    throw error;
  } finally {
    clearTimeout(handle);
  }
}

/** A read: once more after a timeout or a dropped connection. */
async function read(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchWithin(path, init, READ_TIMEOUT_MS);
  } catch (error) {
    if (init.signal?.aborted) throw error;
    return fetchWithin(path, init, READ_TIMEOUT_MS);
  }
}

let csrfTokens: string[] = [];
let csrfExpiresAt = 0;
let csrfPending: Promise<void> | null = null;
const signedOutListeners = new Set<() => void>();

/** Called when the server says the session is gone (expired, ended elsewhere). */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

/** Forgets everything kept for the session (the CSRF tokens); the page state goes with the Relay store. */
export function forgetSession(): void {
  csrfTokens = [];
  csrfExpiresAt = 0;
}

async function refillCsrfTokens(): Promise<void> {
  const response = await read(`/api/v1/auth/csrf-tokens?count=${CSRF_BATCH}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw failed(response.status, body);
  const issued = body as { tokens: string[]; expiresAt: string };
  csrfTokens = [...issued.tokens];
  // Renew a minute early so a token never expires on its way to the server.
  csrfExpiresAt = Date.parse(issued.expiresAt) - 60_000;
}

async function nextCsrfToken(): Promise<string> {
  for (;;) {
    if (csrfTokens.length > 0 && Date.now() < csrfExpiresAt) return csrfTokens.shift() as string;
    csrfPending ??= refillCsrfTokens().finally(() => { csrfPending = null; });
    await csrfPending;
  }
}

function failed(status: number, body: unknown): ApiError {
  const error = fromProblem(status, body);
  if (status === 401) signedOutListeners.forEach((listener) => listener());
  return error;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** Sent as If-Match (optimistic concurrency). */
  ifMatch?: string;
  signal?: AbortSignal;
  /** An anonymous call (sign-in, sign-up): no CSRF token, none needed. */
  anonymous?: boolean;
}

/** Calls a REST endpoint with a JSON body and returns the JSON answer (undefined for 204). */
export async function request<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.ifMatch) headers['If-Match'] = options.ifMatch;
  if (method !== 'GET' && !options.anonymous) headers[CSRF_HEADER] = await nextCsrfToken();
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) init.body = JSON.stringify(body);
  if (options.signal) init.signal = options.signal;
  let response = method === 'GET' ? await read(path, init) : await fetchWithin(path, init, CHANGE_TIMEOUT_MS);
  if (options.anonymous && method !== 'GET' && response.status === 403) {
    // A call that needs no session (a mailed link's page, sign-in) made while one is signed in in
    // this browser: the server then wants a CSRF token as for any change with the cookie.
    const problem = fromProblem(403, await response.clone().json().catch(() => null));
    if (problem.code === 'csrf-token-invalid') {
      response = await fetchWithin(path, { ...init, headers: { ...headers, [CSRF_HEADER]: await nextCsrfToken() } }, CHANGE_TIMEOUT_MS);
    }
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) throw failed(response.status, parsed);
  return parsed as T;
}

export const get = <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options);
export const post = <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, body ?? {}, options);
export const put = <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, body ?? {}, options);
export const patch = <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', path, body ?? {}, options);
export const del = <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, undefined, options);

/** Uploads one file as multipart form data, reporting progress (0..1) as it goes. */
export async function upload<T>(path: string, file: File, onProgress: (fraction: number) => void): Promise<T> {
  const token = await nextCsrfToken();
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader(CSRF_HEADER, token);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        parsed = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(parsed as T);
      } else {
        reject(failed(xhr.status, parsed));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The upload failed: the server could not be reached.'));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

/** Sends a GraphQL operation that the build registered with the server: only its id travels. */
export async function graphql(id: string, variables: Record<string, unknown>): Promise<unknown> {
  const response = await fetchWithin('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json', [CSRF_HEADER]: await nextCsrfToken() },
    body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: id } } }),
  }, CHANGE_TIMEOUT_MS);
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok && !(body && typeof body === 'object' && 'data' in body)) throw failed(response.status, body);
  return body;
}

export { ApiError };
