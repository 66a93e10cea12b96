import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetSession, get, post } from './http';
import { ApiError } from './problem';

type Call = { url: string; init: RequestInit };

function respond(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('the API module', () => {
  let calls: Call[];
  let issued: number;

  beforeEach(() => {
    forgetSession();
    calls = [];
    issued = 0;
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit = {}) => {
      calls.push({ url, init });
      if (url.startsWith('/api/v1/auth/csrf-tokens')) {
        const tokens = Array.from({ length: 20 }, () => `token-${++issued}`);
        return respond(200, { tokens, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
      }
      if (url === '/api/v1/broken') return respond(409, { type: 'urn:rampart:problem:stale-version', detail: 'the task was changed' });
      return init.method === 'POST' ? respond(201, { ok: true }) : respond(200, { ok: true });
    }));
  });

  afterEach(() => vi.unstubAllGlobals());

  it('fetches one-time CSRF tokens in batches and spends one per change', async () => {
    await post('/api/v1/orgs', { name: 'a' });
    await post('/api/v1/orgs', { name: 'b' });
    const changes = calls.filter((call) => call.url === '/api/v1/orgs');
    const sent = changes.map((call) => (call.init.headers as Record<string, string>)['X-CSRF-Token']);
    expect(sent).toEqual(['token-1', 'token-2']);
    expect(calls.filter((call) => call.url.startsWith('/api/v1/auth/csrf-tokens'))).toHaveLength(1);
    expect(changes.every((call) => call.init.credentials === 'same-origin')).toBe(true);
  });

  it('sends no token with reads or anonymous calls and forgets its tokens at sign-out', async () => {
    await get('/api/v1/me');
    await post('/api/v1/auth/login', { email: 'x' }, { anonymous: true });
    expect(calls.some((call) => call.url.startsWith('/api/v1/auth/csrf-tokens'))).toBe(false);
    await post('/api/v1/orgs', {});
    forgetSession();
    await post('/api/v1/orgs', {});
    expect(calls.filter((call) => call.url.startsWith('/api/v1/auth/csrf-tokens'))).toHaveLength(2);
  });

  it('turns a problem document into an ApiError', async () => {
    const error = await post('/api/v1/broken', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('stale-version');
    expect((error as ApiError).status).toBe(409);
  });
});

describe('a server that goes quiet', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  /** fetch that never answers until aborted, then (for the ones after) answers at once. */
  function quietThen(answers: number) {
    const calls: string[] = [];
    vi.stubGlobal('fetch', vi.fn((url: string, init: RequestInit = {}) => {
      calls.push(`${init.method ?? 'GET'} ${url}`);
      if (url.startsWith('/api/v1/auth/csrf-tokens')) {
        return Promise.resolve(respond(200, { tokens: ['t1', 't2'], expiresAt: new Date(Date.now() + 3_600_000).toISOString() }));
      }
      if (calls.filter((c) => !c.includes('csrf')).length > answers) return Promise.resolve(respond(200, { ok: true }));
      return new Promise<Response>((_, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason ?? new Error('aborted')));
      });
    }));
    return calls;
  }

  it('asks a read once more when the first try times out', async () => {
    vi.useFakeTimers();
    forgetSession();
    const calls = quietThen(1);
    const answer = get<{ ok: boolean }>('/api/v1/me');
    await vi.advanceTimersByTimeAsync(15_001);
    await expect(answer).resolves.toEqual({ ok: true });
    expect(calls.filter((c) => c === 'GET /api/v1/me')).toHaveLength(2);
  });

  it('reports a change that timed out and never sends it twice', async () => {
    vi.useFakeTimers();
    forgetSession();
    const calls = quietThen(5);
    const answer = post('/api/v1/orgs', { name: 'x' }).catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(60_001);
    const error = await answer;
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('timeout');
    expect(calls.filter((c) => c === 'POST /api/v1/orgs')).toHaveLength(1);
  });
});

describe('a call that needs no session', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is sent again with a CSRF token when a session in this browser makes the server ask for one', async () => {
    forgetSession();
    const sent: Array<Record<string, string>> = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit = {}) => {
      if (url.startsWith('/api/v1/auth/csrf-tokens')) {
        return respond(200, { tokens: ['t-1'], expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
      }
      const headers = init.headers as Record<string, string>;
      sent.push(headers);
      return headers['X-CSRF-Token'] ? new Response(null, { status: 204 })
        : respond(403, { type: 'urn:rampart:problem:csrf-token-invalid', detail: 'needs a token' });
    }));
    await post('/api/v1/auth/confirm-email-change', { token: 'x' }, { anonymous: true });
    expect(sent.map((headers) => headers['X-CSRF-Token'] ?? null)).toEqual([null, 't-1']);
  });
});
