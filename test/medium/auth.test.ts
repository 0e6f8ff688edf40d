import Redis from 'ioredis';
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/database/database';
import { ApiClient, expectError } from '../helpers/api';
import { TestUser, bearer, createUser, firstAdmin, login, signAccessToken } from '../helpers/auth';
import { TestApp, startTestApp } from '../helpers/test-app';
import { TEST_ADMIN, TestEnv, createTestEnv } from '../helpers/test-env';

describe('auth', () => {
  let env: TestEnv;
  let t: TestApp;
  let admin: TestUser;
  /** no credentials unless a call brings its own */
  let anonymous: ApiClient;

  const me = (headers: Record<string, string>, url = t.url) => fetch(`${url}/api/auth/me`, { headers });

  beforeAll(async () => {
    env = await createTestEnv({ ACCESS_TOKEN_TTL_SECONDS: '60', JWT_CLOCK_TOLERANCE_SECONDS: '0' });
    t = await startTestApp(env);
    anonymous = new ApiClient(t.url);
    admin = await firstAdmin(env);
  });
  afterAll(async () => {
    await t.close();
    await env.cleanup();
  });

  describe('first admin', () => {
    it('should be created once from ADMIN_EMAIL / ADMIN_PASSWORD when replicas start together', async () => {
      const fresh = await createTestEnv();
      try {
        const replicas = await Promise.all([startTestApp(fresh), startTestApp(fresh), startTestApp(fresh)]);
        await Promise.all(replicas.map((r) => r.close()));
        const fdb = createDatabase(fresh.databaseUrl, 1);
        const users = await fdb.selectFrom('users').select(['email', 'role', 'password_hash']).execute();
        await fdb.destroy();
        expect(users).toEqual([
          { email: TEST_ADMIN.email, role: 'admin', password_hash: expect.stringMatching(/^\$argon2id\$/) },
        ]);
      } finally {
        await fresh.cleanup();
      }
    });

    it('should leave existing users alone on the next start', async () => {
      const again = await startTestApp(env);
      await again.close();
      expect(await t.db.selectFrom('users').select('email').execute()).toEqual([{ email: TEST_ADMIN.email }]);
    });
  });

  describe('POST /api/auth/login', () => {
    it('should return a token pair, the user and an httpOnly refresh cookie', async () => {
      const res = await anonymous.call('POST', '/api/auth/login', {
        email: TEST_ADMIN.email.toUpperCase(),
        password: TEST_ADMIN.password,
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toEqual({
        accessToken: expect.stringMatching(/^eyJ/),
        expiresIn: 60,
        refreshToken: expect.any(String),
        refreshExpiresIn: env.config.REFRESH_TOKEN_TTL_SECONDS,
        user: { id: admin.id, email: admin.email, role: 'admin' },
      });
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toContain(`agented_refresh=${String(body.refreshToken)}`);
      expect(cookie).toMatch(/Path=\/api\/auth/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      const claims = JSON.parse(Buffer.from(String(body.accessToken).split('.')[1], 'base64url').toString());
      expect(claims).toMatchObject({ sub: admin.id, role: 'admin', jti: expect.any(String) });
    });

    it('should answer an unknown email and a wrong password with the same 401', async () => {
      const wrong = await anonymous.call('POST', '/api/auth/login', {
        email: TEST_ADMIN.email,
        password: 'not-the-password',
      });
      const unknown = await anonymous.call('POST', '/api/auth/login', {
        email: 'nobody@agented.test',
        password: 'not-the-password',
      });
      const bodies = [await wrong.json(), await unknown.json()];
      expect([wrong.status, unknown.status]).toEqual([401, 401]);
      expect(bodies[0]).toEqual(bodies[1]);
      expect(bodies[0]).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Invalid email or password',
      });
    });

    it('should name the field of a malformed request', async () => {
      await expectError(
        await anonymous.call('POST', '/api/auth/login', { email: 'x', password: 'y' }),
        400,
        /email/,
      );
    });
  });

  describe('GET /api/auth/me', () => {
    it('should answer 401 without credentials and with a malformed header', async () => {
      await expectError(await me({}), 401, /Authorization: Bearer/);
      await expectError(await me({ authorization: 'Basic abc' }), 401, /Authorization: Bearer/);
    });

    it('should not accept ?access_token= on a route that is not a stream', async () => {
      const { accessToken } = await login(t.url, TEST_ADMIN.email, TEST_ADMIN.password);
      await expectError(await fetch(`${t.url}/api/auth/me?access_token=${accessToken}`), 401, /Sign in/);
    });
  });

  describe('token attacks', () => {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claimsFor = (u: TestUser) => ({
      sub: u.id,
      role: u.role,
      jti: randomUUID(),
      sid: randomUUID(),
      iss: 'agented',
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 60,
    });

    it('should accept a well-formed token (the control case)', async () => {
      const token = await signAccessToken(env, { userId: admin.id, role: 'admin' });
      expect((await me(bearer(token))).status).toBe(200);
    });

    it('should reject an expired token', async () => {
      const token = await signAccessToken(env, { userId: admin.id, role: 'admin' }, { expiresInSeconds: -5 });
      await expectError(await me(bearer(token)), 401, /expired/);
    });

    it('should reject a token whose payload was changed after signing', async () => {
      const viewer = await createUser(env, 'viewer');
      const token = await signAccessToken(env, { userId: viewer.id, role: 'viewer' });
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const forged = [header, b64({ ...claims, role: 'admin' }), signature].join('.');
      await expectError(
        await fetch(`${t.url}/api/users`, { headers: bearer(forged) }),
        401,
        /Invalid access token/,
      );
    });

    it('should reject alg: none', async () => {
      const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claimsFor(admin))}.`;
      await expectError(await me(bearer(token)), 401, /Invalid access token/);
    });

    it('should reject a token signed with another key', async () => {
      const token = await signAccessToken(
        env,
        { userId: admin.id, role: 'admin' },
        { secret: 'another-secret-of-at-least-thirty-two-chars' },
      );
      await expectError(await me(bearer(token)), 401, /Invalid access token/);
    });

    it('should reject another HMAC algorithm even with the right key', async () => {
      const signingInput = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(claimsFor(admin))}`;
      const signature = createHmac('sha512', env.vars.JWT_SECRET).update(signingInput).digest('base64url');
      await expectError(await me(bearer(`${signingInput}.${signature}`)), 401, /Invalid access token/);
    });
  });

  describe('whose token it is', () => {
    it('should refuse a validly signed token made for a user that does not exist', async () => {
      const token = await signAccessToken(env, { userId: randomUUID(), role: 'admin' });
      await expectError(await fetch(`${t.url}/api/users`, { headers: bearer(token) }), 401, /does not exist/);
    });

    it('should act with the user’s current role, never with more than that because the token says so', async () => {
      const viewer = await createUser(env, 'viewer');
      const token = await signAccessToken(env, { userId: viewer.id, role: 'admin' });
      await expectError(
        await fetch(`${t.url}/api/users`, { headers: bearer(token) }),
        403,
        /you have viewer/,
      );
      expect(await (await me(bearer(token))).json()).toMatchObject({ id: viewer.id, role: 'viewer' });
    });
  });

  describe('after Redis forgets everything (a flush)', () => {
    const adminHeaders = async () => bearer(await signAccessToken(env, { userId: admin.id, role: 'admin' }));

    it('should keep a signed-out access token revoked', async () => {
      const pair = await login(t.url, TEST_ADMIN.email, TEST_ADMIN.password);
      expect(
        (await anonymous.call('POST', '/api/auth/logout', undefined, bearer(pair.accessToken))).status,
      ).toBe(204);
      await flushRedisKeys(env);
      await expectError(await me(bearer(pair.accessToken)), 401, /revoked/);
    });

    it('should keep the access tokens of a demoted user revoked', async () => {
      const operator = await createUser(env, 'operator');
      const { accessToken } = await login(t.url, operator.email, operator.password);
      const demoted = await anonymous.call(
        'PATCH',
        `/api/users/${operator.id}`,
        { role: 'viewer' },
        await adminHeaders(),
      );
      expect(demoted.status).toBe(200);
      await flushRedisKeys(env);
      await expectError(await me(bearer(accessToken)), 401, /revoked/);
    });
  });

  describe('refresh and logout', () => {
    it('should rotate the refresh token on every use (body or cookie)', async () => {
      const first = await login(t.url, TEST_ADMIN.email, TEST_ADMIN.password);
      const viaBody = await anonymous.call('POST', '/api/auth/refresh', { refreshToken: first.refreshToken });
      expect(viaBody.status).toBe(200);
      const second = (await viaBody.json()) as { refreshToken: string; accessToken: string };
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect((await me(bearer(second.accessToken))).status).toBe(200);

      const viaCookie = await anonymous.call('POST', '/api/auth/refresh', undefined, {
        cookie: `agented_refresh=${second.refreshToken}`,
      });
      expect(viaCookie.status).toBe(200);
      expect(viaCookie.headers.get('set-cookie')).toMatch(/^agented_refresh=/);
    });

    it('should revoke the whole family when a used refresh token comes back', async () => {
      const first = await login(t.url, TEST_ADMIN.email, TEST_ADMIN.password);
      const rotated = (await (
        await anonymous.call('POST', '/api/auth/refresh', { refreshToken: first.refreshToken })
      ).json()) as {
        refreshToken: string;
        accessToken: string;
      };

      await expectError(
        await anonymous.call('POST', '/api/auth/refresh', { refreshToken: first.refreshToken }),
        401,
        /already used/,
      );
      // The legitimate holder's newer token and access token are gone too.
      await expectError(
        await anonymous.call('POST', '/api/auth/refresh', { refreshToken: rotated.refreshToken }),
        401,
        /sign in again/,
      );
      await expectError(await me(bearer(rotated.accessToken)), 401, /revoked/);
      const audit = await t.db
        .selectFrom('audit_events')
        .select('action')
        .where('action', '=', 'auth.refresh_reused')
        .execute();
      expect(audit).toHaveLength(1);
    });

    it('should refuse an unknown refresh token and a missing one', async () => {
      await expectError(
        await anonymous.call('POST', '/api/auth/refresh', { refreshToken: 'nope' }),
        401,
        /Invalid or expired/,
      );
      await expectError(await anonymous.call('POST', '/api/auth/refresh'), 401, /Invalid or expired/);
    });

    it('should stop a signed-out access token on another replica at once, and its refresh token', async () => {
      const other = await startTestApp(env);
      try {
        const pair = await login(t.url, TEST_ADMIN.email, TEST_ADMIN.password);
        expect((await me(bearer(pair.accessToken), other.url)).status).toBe(200);

        const out = await anonymous.call('POST', '/api/auth/logout', undefined, bearer(pair.accessToken));
        expect(out.status).toBe(204);
        expect(out.headers.get('set-cookie')).toMatch(/agented_refresh=;.*Max-Age=0/);

        await expectError(await me(bearer(pair.accessToken), other.url), 401, /revoked/);
        await expectError(
          await anonymous.call('POST', '/api/auth/refresh', { refreshToken: pair.refreshToken }),
          401,
          /sign in again/,
        );
      } finally {
        await other.close();
      }
    });
  });

  describe('when Redis is unreachable', () => {
    it('should answer 503 for an authenticated route, not 500 and not a pass', async () => {
      const broken = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
      try {
        const token = await signAccessToken(broken.env, { userId: admin.id, role: 'admin' });
        const started = Date.now();
        await expectError(await me(bearer(token), broken.url), 503, /unreachable/);
        expect(Date.now() - started).toBeLessThan(5_000);
      } finally {
        await broken.close();
      }
    });
  });
});

/** What FLUSHDB does to one app, limited to this test's prefix (other test files share the server). */
async function flushRedisKeys(env: TestEnv): Promise<void> {
  const redis = new Redis(env.config.REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.redisPrefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}
