import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookTriggerBody, createWebhookTrigger } from '../factories/api';
import { ApiClient, apiAs, expectError } from '../helpers/api';
import {
  TestUser,
  authHeaders,
  bearer,
  createApiKey,
  createUser,
  signAccessToken,
  signIn,
} from '../helpers/auth';
import { TestApp, startTestApp } from '../helpers/test-app';
import { TestEnv, createTestEnv, withVars } from '../helpers/test-env';
import { sign } from '../helpers/webhooks';

/** failed sign-ins for one email from all addresses together */
const LOGIN_EMAIL_CEILING = 4;

describe('throttling', () => {
  let env: TestEnv;
  /** two replicas behind a trusted proxy (127.0.0.1), sharing one Redis */
  let a: TestApp;
  let b: TestApp;
  /** a replica that trusts no proxy */
  let direct: TestApp;
  let victim: TestUser;
  let admin: ApiClient;

  /** A sign-in with a wrong password, from `ip` when given (through the trusted proxy). */
  const guess = (app: TestApp, email: string, ip?: string) =>
    signIn(app.url, email, 'wrong password', ip ? { 'x-forwarded-for': ip } : {});
  const hook = (token: string, ip: string) =>
    fetch(`${a.url}/hooks/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: '{}',
    });
  /** A delivery to `trigger` from `ip`, signed with its secret unless another is given. */
  const signedHook = (trigger: WebhookTriggerBody, ip: string, secret = trigger.secret) =>
    fetch(`${a.url}${trigger.url}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': ip,
        'x-agented-signature': sign('{}', secret),
      },
      body: '{}',
    });
  /** A call to the API presenting `authorization` from `ip`. */
  const callAs = (app: TestApp, authorization: string, ip: string) =>
    fetch(`${app.url}/api/auth/me`, { headers: { authorization, 'x-forwarded-for': ip } });
  const guessApiKey = (app: TestApp, ip: string) =>
    callAs(app, `Bearer agd_${randomBytes(32).toString('base64url')}`, ip);
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
      THROTTLE_LOGIN_EMAIL_LIMIT: '1',
      THROTTLE_LOGIN_EMAIL_GLOBAL_LIMIT: String(LOGIN_EMAIL_CEILING),
      THROTTLE_WEBHOOK_IP_LIMIT: '4',
      THROTTLE_WEBHOOK_TRIGGER_LIMIT: '2',
      THROTTLE_WEBHOOK_FAILURE_LIMIT: '3',
      THROTTLE_AUTH_FAILURE_LIMIT: '3',
    });
    const untrusting = withVars(env, { TRUSTED_PROXIES: '' });
    [a, b, direct] = await Promise.all([startTestApp(env), startTestApp(env), startTestApp(untrusting)]);
    victim = await createUser(env, 'operator');
    admin = await apiAs(a, 'admin');
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

  it('should limit failed attempts per email from many IPs, the same way for known and unknown emails', async () => {
    const unknown = 'nobody-here@agented.test';
    for (let i = 0; i < LOGIN_EMAIL_CEILING; i++) {
      expect((await guess(a, victim.email, `10.1.0.${i}`)).status).toBe(401);
      expect((await guess(a, unknown, `10.1.1.${i}`)).status).toBe(401);
    }
    const known = await guess(a, victim.email, '10.1.0.200');
    const notKnown = await guess(b, unknown, '10.1.1.200');
    expect([known.status, notKnown.status]).toEqual([429, 429]);
    // The same answer but for the seconds left, which move on between the two requests.
    const answer = async (res: Response) =>
      JSON.stringify(await res.json()).replace(/retry in \d+ s/, 'retry in N s');
    expect(await answer(known)).toEqual(await answer(notKnown));
  });

  it("should not let a stranger's failed sign-ins lock the owner out of their own address", async () => {
    const owner = await createUser(env, 'viewer');
    expect((await guess(a, owner.email, '10.6.0.1')).status).toBe(401);
    // THROTTLE_LOGIN_EMAIL_LIMIT counts one email's failures from one address
    await expect429(await guess(a, owner.email, '10.6.0.1'), /sign-in attempts/);
    expect((await guess(a, owner.email, '10.6.0.2')).status).toBe(401);
    expect((await guess(b, owner.email, '10.6.0.3')).status).toBe(401);
    const res = await signIn(a.url, owner.email, owner.password, { 'x-forwarded-for': '10.6.1.1' });
    expect(res.status).toBe(200);
  });

  it('should count only failed sign-ins against the per-email limits', async () => {
    const user = await createUser(env, 'viewer');
    for (let i = 0; i <= LOGIN_EMAIL_CEILING; i++) {
      const res = await signIn(a.url, user.email, user.password, { 'x-forwarded-for': `10.7.0.${i}` });
      expect(res.status).toBe(200);
    }
    expect((await signIn(a.url, user.email, user.password, { 'x-forwarded-for': '10.7.1.1' })).status).toBe(
      200,
    );
    expect((await guess(a, user.email, '10.7.1.1')).status).toBe(401);
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

  it('should limit webhooks per trigger and per source IP', async () => {
    const trigger = await createWebhookTrigger(admin);
    expect((await signedHook(trigger, '10.2.0.1')).status).toBe(202);
    expect((await signedHook(trigger, '10.2.0.2')).status).toBe(202);
    await expect429(await signedHook(trigger, '10.2.0.3'), /Too many requests/);

    // /hooks/github answers 404 here (no GITHUB_WEBHOOK_SECRET): not a failure, only requests
    const github = () =>
      fetch(`${a.url}/hooks/github`, {
        method: 'POST',
        headers: { 'x-forwarded-for': '10.3.0.1' },
        body: '{}',
      });
    for (let i = 0; i < 4; i++) expect((await github()).status).toBe(404);
    await expect429(await github(), /Too many requests/);
  });

  it('should not let requests without the secret use up the budget of the real sender', async () => {
    const trigger = await createWebhookTrigger(admin);
    const wrong = 'f'.repeat(64);
    for (let i = 0; i < 3; i++) expect((await signedHook(trigger, '10.4.0.1', wrong)).status).toBe(401);
    // THROTTLE_WEBHOOK_FAILURE_LIMIT (3) per source IP, below its request limit (4)
    await expect429(await signedHook(trigger, '10.4.0.1', wrong), /bad signature or an unknown URL/);
    expect((await signedHook(trigger, '10.4.0.2')).status).toBe(202);
    expect((await signedHook(trigger, '10.4.0.3')).status).toBe(202);
  });

  it('should count unknown webhook URLs as failures of their source', async () => {
    for (let i = 0; i < 3; i++)
      expect((await hook(randomBytes(16).toString('base64url'), '10.3.1.1')).status).toBe(404);
    await expect429(await hook(randomBytes(16).toString('base64url'), '10.3.1.1'), /unknown URL/);
    expect((await hook(randomBytes(16).toString('base64url'), '10.3.1.2')).status).toBe(404);
  });

  it('should refuse credential guesses from one address before looking them up, on every replica', async () => {
    for (let i = 0; i < 3; i++) expect((await guessApiKey(i % 2 ? a : b, '10.5.0.1')).status).toBe(401);
    await expect429(await guessApiKey(a, '10.5.0.1'), /invalid credentials/);
    await expect429(await guessApiKey(b, '10.5.0.1'), /invalid credentials/);
    await expect429(await callAs(a, 'Bearer not-a-jwt', '10.5.0.1'), /invalid credentials/);

    // other addresses, and signed-in callers there, are unaffected
    expect((await guessApiKey(a, '10.5.0.2')).status).toBe(401);
    const key = await createApiKey(env, 'viewer');
    expect((await callAs(a, key.headers.authorization, '10.5.0.2')).status).toBe(200);
  });

  it('should not count missing credentials or an expired access token as guesses', async () => {
    const user = await createUser(env, 'viewer');
    const expired = await signAccessToken(
      env,
      { userId: user.id, role: 'viewer' },
      { expiresInSeconds: -120 },
    );
    for (let i = 0; i < 4; i++) {
      await expectError(await callAs(a, bearer(expired).authorization, '10.5.1.1'), 401, /expired/);
      const none = await fetch(`${a.url}/api/auth/me`, { headers: { 'x-forwarded-for': '10.5.1.1' } });
      expect(none.status).toBe(401);
    }
    const key = await createApiKey(env, 'viewer');
    expect((await callAs(a, key.headers.authorization, '10.5.1.1')).status).toBe(200);
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
