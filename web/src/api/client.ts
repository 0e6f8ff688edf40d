import type { ResponseOf } from './api.types';

/** An error answer from the server, from its `{statusCode, error, message}` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** the HTTP reason, e.g. "Conflict" */
    readonly error?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type TokenPair = ResponseOf<'/api/auth/login', 'post'>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** sent as JSON */
  body?: unknown;
  /** undefined and empty values are left out */
  query?: Record<string, string | number | undefined | null>;
}

/** Refresh this long before the access token runs out, so a stream URL never carries a dying one. */
const EXPIRY_MARGIN_MS = 30_000;
/** Their 401 means "wrong password" or "session over", never "refresh and try again". */
const NO_RETRY_PATHS = ['/api/auth/login', '/api/auth/refresh'];

// The access token lives only in memory: a script on the page could read web storage, and a page
// load gets a fresh token from the httpOnly refresh cookie anyway.
let accessToken: string | null = null;
let expiresAt = 0;
let refreshing: Promise<TokenPair | null> | null = null;
let unauthorizedHandler: () => void = () => undefined;

export function setSession(pair: Pick<TokenPair, 'accessToken' | 'expiresIn'>): void {
  accessToken = pair.accessToken;
  expiresAt = Date.now() + pair.expiresIn * 1000;
}

export function clearSession(): void {
  accessToken = null;
  expiresAt = 0;
}

/** Called once refreshing could not save a request: the session is over, send the person to sign in. */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

/**
 * Trades the refresh cookie for a new pair. Concurrent callers share one exchange: refresh tokens
 * work once, so a second exchange with the same cookie would end the whole session.
 */
export function refreshSession(): Promise<TokenPair | null> {
  refreshing ??= send('/api/auth/refresh', { method: 'POST' })
    .then(async (res) => {
      if (!res.ok) return null;
      const pair = (await res.json()) as TokenPair;
      setSession(pair);
      return pair;
    })
    .catch(() => null)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/**
 * The access token for URLs that cannot carry a header (EventSource), refreshed when near its
 * end. When the session cannot be refreshed it is over, as for a request.
 */
export async function freshAccessToken(): Promise<string | null> {
  if (accessToken && Date.now() < expiresAt - EXPIRY_MARGIN_MS) return accessToken;
  const pair = await refreshSession();
  if (!pair) {
    clearSession();
    unauthorizedHandler();
  }
  return pair?.accessToken ?? null;
}

export function withQuery(path: string, query: RequestOptions['query'] = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

function send(path: string, options: RequestOptions): Promise<Response> {
  const headers = new Headers({ Accept: 'application/json' });
  if (accessToken) headers.set('Authorization', `Bearer ${accessToken}`);
  if (options.body !== undefined) headers.set('Content-Type', 'application/json');
  return fetch(withQuery(path, options.query), {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    // the refresh cookie is scoped to /api/auth and same-site only
    credentials: 'same-origin',
  });
}

async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => undefined)) as
    { message?: unknown; error?: unknown } | undefined;
  // Validation errors may carry a list of messages; people read them as one sentence.
  const raw = body?.message;
  const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : undefined;
  const error = typeof body?.error === 'string' ? body.error : undefined;
  return new ApiError(res.status, message ?? `${res.status} ${res.statusText}`, error);
}

/**
 * The web app's one way to call the server: JSON back (undefined for 204), or an ApiError with the
 * server's message. A 401 gets one silent refresh and one retry; after that, the sign-in page.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let res = await send(path, options);
  if (res.status === 401 && !NO_RETRY_PATHS.includes(path)) {
    const pair = await refreshSession();
    if (pair) res = await send(path, options);
    if (res.status === 401) {
      clearSession();
      unauthorizedHandler();
    }
  }
  if (!res.ok) throw await errorOf(res);
  if (res.status === 204) return undefined as T;
  return (await res.json().catch(() => undefined)) as T;
}
