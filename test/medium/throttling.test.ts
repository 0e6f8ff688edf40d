import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestUser, authHeaders, createUser, signIn } from '../helpers/auth';
import { TestApp, startTestApp } from '../helpers/test-app';
import { TestEnv, createTestEnv, withVars } from '../helpers/test-env';

describe('throttling', () => {
  let env: TestEnv;
  /** two replicas behind a trusted proxy (127.0.0.1), sharing one Redis */
  let a: TestApp;
  let b: TestApp;
  /** a replica that trusts no proxy */
  let direct: TestApp;
  let victim: TestUser;

  /** A sign-in with a wrong password, from `ip` when given (through the trusted proxy). */
  const guess = (app: TestApp, email: string, ip?: string) =>
    signIn(app.url, email, 'wrong password', ip ? { 'x-forwarded-for': ip } : {});
  const hook = (token: string, ip: string) =>
    fetch(`${a.url}/hooks/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: '{}',
    });
  const expect429 = async (res: Response, message: RegExp) => {
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await res.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(message),
    });
  };

  beforeAll(async () => {
    env = await createTestEnv({
      TRUSTED_PROXIES: '127.0.0.1',
      THROTTLE_LIMIT: '5',
      THROTTLE_LOGIN_TTL_SECONDS: '60',
      THROTTLE_LOGIN_IP_LIMIT: '2',
      THROTTLE_LOGIN_EMAIL_LIMIT: '2',
      THROTTLE_WEBHOOK_IP_LIMIT: '4',
      THROTTLE_WEBHOOK_TRIGGER_LIMIT: '2',
    });
    const untrusting = withVars(env, { TRUSTED_PROXIES: '' });
    [a, b, direct] = await Promise.all([startTestApp(env), startTestApp(env), startTestApp(untrusting)]);
    victim = await createUser(env, 'operator');
  });
  afterAll(async () => {
    await Promise.all([a, b, direct].map((app) => app.close()));
    await env.cleanup();
  });

  it('should stop sign-in attempts from one IP with 429 and Retry-After', async () => {
    for (let i = 0; i < 2; i++)
      expect((await guess(a, `guess-${i}@agented.test`, '10.0.0.1')).status).toBe(401);
    await expect429(
      await guess(a, 'guess-2@agented.test', '10.0.0.1'),
      /Too many sign-in attempts; retry in \d+ s/,
    );
    // Other clients are unaffected.
    expect((await guess(a, 'guess-4@agented.test', '10.0.0.99')).status).toBe(401);
  });

  it('should count attempts across replicas sharing Redis', async () => {
    expect((await guess(a, 'x1@agented.test', '10.0.0.2')).status).toBe(401);
    expect((await guess(b, 'x2@agented.test', '10.0.0.2')).status).toBe(401);
    await expect429(await guess(a, 'x3@agented.test', '10.0.0.2'), /sign-in attempts/);
  });

  it('should limit attempts per email from many IPs, the same way for known and unknown emails', async () => {
    const unknown = 'nobody-here@agented.test';
    for (let i = 0; i < 2; i++) {
      expect((await guess(a, victim.email, `10.1.0.${i}`)).status).toBe(401);
      expect((await guess(a, unknown, `10.1.1.${i}`)).status).toBe(401);
    }
    const known = await guess(a, victim.email, '10.1.0.200');
    const notKnown = await guess(b, unknown, '10.1.1.200');
    expect([known.status, notKnown.status]).toEqual([429, 429]);
    expect(await known.json()).toEqual(await notKnown.json());
  });

  it('should ignore X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    for (let i = 0; i < 2; i++)
      expect((await guess(direct, `d${i}@agented.test`, `10.9.0.${i}`)).status).toBe(401);
    await expect429(await guess(direct, 'd2@agented.test', '10.9.0.2'), /sign-in attempts/);
  });

  it('should apply the global limit per signed-in caller', async () => {
    const busy = await authHeaders({ env }, 'viewer');
    const calm = await authHeaders({ env }, 'operator');
    for (let i = 0; i < 5; i++)
      expect((await fetch(`${a.url}/api/auth/me`, { headers: busy })).status).toBe(200);
    await expect429(await fetch(`${b.url}/api/auth/me`, { headers: busy }), /Too many requests/);
    expect((await fetch(`${a.url}/api/auth/me`, { headers: calm })).status).toBe(200);
  });

  it('should limit webhooks per trigger token and per source IP', async () => {
    const token = randomBytes(16).toString('base64url');
    expect((await hook(token, '10.2.0.1')).status).toBe(404);
    expect((await hook(token, '10.2.0.2')).status).toBe(404);
    await expect429(await hook(token, '10.2.0.3'), /Too many requests/);

    for (let i = 0; i < 4; i++)
      expect((await hook(randomBytes(16).toString('base64url'), '10.3.0.1')).status).toBe(404);
    await expect429(await hook(randomBytes(16).toString('base64url'), '10.3.0.1'), /Too many requests/);
  });

  it('should refuse sign-in while the counters are unreachable, and let webhooks reach their handler', async () => {
    const app = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const login = await guess(app, 'someone@agented.test');
      expect(login.status).toBe(503);
      // The unknown-token 404 comes from the webhook handler (PostgreSQL), past the limiter.
      const res = await fetch(`${app.url}/hooks/${randomBytes(16).toString('base64url')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('should never throttle the health checks', async () => {
    for (let i = 0; i < 8; i++) expect((await fetch(`${a.url}/health/live`)).status).toBe(200);
  });
});
