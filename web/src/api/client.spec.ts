import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '../app/testing/http';
import { ApiError, clearSession, freshAccessToken, onUnauthorized, request, setSession } from './client';

const pair = (token: string) => ({
  accessToken: token,
  expiresIn: 900,
  refreshToken: 'r',
  refreshExpiresIn: 3600,
  user: { id: 'u1', email: 'a@b.c', role: 'admin' },
});

const authOf = (call: unknown[]) => (call[1] as RequestInit).headers as Headers;

describe(request.name, () => {
  const unauthorized = vi.fn();

  beforeEach(() => {
    setSession({ accessToken: 'old', expiresIn: 900 });
    onUnauthorized(unauthorized);
  });

  afterEach(() => {
    clearSession();
    unauthorized.mockReset();
    vi.unstubAllGlobals();
  });

  it('should refresh once on a 401 and retry with the new token', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(
        jsonResponse(401, { statusCode: 401, error: 'Unauthorized', message: 'expired' }),
      )
      .mockResolvedValueOnce(jsonResponse(200, pair('new')))
      .mockResolvedValueOnce(jsonResponse(200, [{ id: 'b1' }]));
    vi.stubGlobal('fetch', fetch);

    await expect(request('/api/bots')).resolves.toEqual([{ id: 'b1' }]);

    expect(fetch.mock.calls.map((c) => [c[0], (c[1] as RequestInit).method])).toEqual([
      ['/api/bots', 'GET'],
      ['/api/auth/refresh', 'POST'],
      ['/api/bots', 'GET'],
    ]);
    expect(authOf(fetch.mock.calls[0]).get('Authorization')).toBe('Bearer old');
    expect((fetch.mock.calls[1][1] as RequestInit).credentials).toBe('same-origin');
    expect(authOf(fetch.mock.calls[2]).get('Authorization')).toBe('Bearer new');
    expect(unauthorized).not.toHaveBeenCalled();
  });

  it('should share one refresh between requests that fail together', async () => {
    let refreshes = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        if (url === '/api/auth/refresh') {
          refreshes++;
          return jsonResponse(200, pair('new'));
        }
        const token = (init.headers as Headers).get('Authorization');
        return token === 'Bearer new'
          ? jsonResponse(200, { url })
          : jsonResponse(401, { message: 'expired' });
      }),
    );

    const answers = await Promise.all([request('/api/a'), request('/api/b'), request('/api/c')]);

    expect(answers).toEqual([{ url: '/api/a' }, { url: '/api/b' }, { url: '/api/c' }]);
    expect(refreshes).toBe(1);
  });

  it('should send the person to sign in when the refresh fails too', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(
        jsonResponse(401, { statusCode: 401, error: 'Unauthorized', message: 'expired' }),
      )
      .mockResolvedValueOnce(
        jsonResponse(401, { statusCode: 401, error: 'Unauthorized', message: 'reused' }),
      );
    vi.stubGlobal('fetch', fetch);

    const error = await request('/api/bots').catch((err: unknown) => err);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, message: 'expired' });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(unauthorized).toHaveBeenCalledTimes(1);
  });

  it('should not refresh when signing in fails', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(
        jsonResponse(401, { statusCode: 401, error: 'Unauthorized', message: 'Wrong email or password' }),
      );
    vi.stubGlobal('fetch', fetch);

    await expect(request('/api/auth/login', { method: 'POST', body: {} })).rejects.toMatchObject({
      status: 401,
      message: 'Wrong email or password',
    });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(unauthorized).not.toHaveBeenCalled();
  });

  it("should turn an error body into an ApiError with the server's message", async () => {
    vi.stubGlobal(
      'fetch',
      vi
        .fn()
        .mockResolvedValue(jsonResponse(409, { statusCode: 409, error: 'Conflict', message: 'name taken' })),
    );

    await expect(request('/api/bots', { method: 'POST', body: { name: 'x' } })).rejects.toMatchObject({
      status: 409,
      error: 'Conflict',
      message: 'name taken',
    });
  });

  it('should send JSON bodies, leave out empty query values and read 204 as undefined', async () => {
    const fetch = vi.fn().mockResolvedValue(new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetch);

    await expect(
      request('/api/x', {
        method: 'PATCH',
        body: { a: 1 },
        query: { botId: 'b', status: undefined, cursor: '' },
      }),
    ).resolves.toBeUndefined();

    const [url, init] = fetch.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/x?botId=b');
    expect(init.body).toBe('{"a":1}');
    expect((init.headers as Headers).get('Content-Type')).toBe('application/json');
  });
});

describe(freshAccessToken.name, () => {
  const unauthorized = vi.fn();

  beforeEach(() => onUnauthorized(unauthorized));
  afterEach(() => {
    clearSession();
    unauthorized.mockReset();
    vi.unstubAllGlobals();
  });

  it('should hand out the current token while it has time left', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    setSession({ accessToken: 'live', expiresIn: 900 });

    await expect(freshAccessToken()).resolves.toBe('live');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('should refresh a token about to run out, so a stream URL never carries a dying one', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(200, pair('new'))));
    setSession({ accessToken: 'dying', expiresIn: 10 });

    await expect(freshAccessToken()).resolves.toBe('new');
    await expect(freshAccessToken()).resolves.toBe('new');
  });

  it('should end the session when there is nothing to refresh', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(401, { message: 'no session' })));

    await expect(freshAccessToken()).resolves.toBeNull();
    expect(unauthorized).toHaveBeenCalledTimes(1);
  });
});
