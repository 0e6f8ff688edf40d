import { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/database/database.types';
import { AuthHeaders, authHeaders, bearer, firstAdmin, login } from '../helpers/auth';
import { TestApp, startTestApp } from '../helpers/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('users', () => {
  let t: TestApp;
  let db: Kysely<Database>;
  let admin: AuthHeaders;
  let seq = 0;

  const call = async (method: string, path: string, body?: unknown, headers: AuthHeaders = admin) =>
    fetch(`${t.url}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const json = async (res: Response) => (await res.json()) as Record<string, unknown>;
  const newUser = async (role = 'viewer', password = 'correct horse battery') => {
    const email = `user-${++seq}@agented.test`;
    const res = await call('POST', '/api/users', { email, password, role });
    expect(res.status).toBe(201);
    return { ...(await json(res)), password } as {
      id: string;
      email: string;
      role: string;
      password: string;
    };
  };
  const expectError = async (res: Response, status: number, message: RegExp) => {
    expect(res.status).toBe(status);
    expect((await json(res)).message).toMatch(message);
  };

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(Kysely);
    admin = await authHeaders(t, 'admin');
  });
  afterAll(() => t.close());

  it('should create a user who can then sign in, without ever returning the hash', async () => {
    const res = await call('POST', '/api/users', {
      email: 'New.Person@Agented.Test',
      password: 'correct horse battery',
      role: 'operator',
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toEqual({
      id: expect.any(String),
      email: 'new.person@agented.test',
      role: 'operator',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const pair = await login(t.url, 'new.person@agented.test', 'correct horse battery');
    expect(pair.user).toEqual({ id: body.id, email: 'new.person@agented.test', role: 'operator' });

    const list = await json(await call('GET', '/api/users'));
    expect(JSON.stringify(list)).not.toMatch(/argon2|password/);
  });

  it('should refuse a taken email with 409 and a short password with 400', async () => {
    const user = await newUser();
    await expectError(
      await call('POST', '/api/users', { email: user.email, password: 'whatever1', role: 'viewer' }),
      409,
      /email/,
    );
    await expectError(
      await call('POST', '/api/users', { email: 'x@agented.test', password: 'short', role: 'viewer' }),
      400,
      /password/,
    );
    await expectError(
      await call('POST', '/api/users', { email: 'y@agented.test', password: 'long enough', role: 'root' }),
      400,
      /role/,
    );
  });

  it('should change the role, and the old role stops working at once', async () => {
    const user = await newUser('operator');
    const { accessToken } = await login(t.url, user.email, user.password);
    expect((await call('GET', '/api/auth/me', undefined, bearer(accessToken))).status).toBe(200);

    const res = await call('PATCH', `/api/users/${user.id}`, { role: 'viewer' });
    expect(res.status).toBe(200);
    expect((await json(res)).role).toBe('viewer');
    await expectError(await call('GET', '/api/auth/me', undefined, bearer(accessToken)), 401, /revoked/);

    const again = await login(t.url, user.email, user.password);
    expect(again.user.role).toBe('viewer');
  });

  it('should change the password and end every session of the user', async () => {
    const user = await newUser();
    const pair = await login(t.url, user.email, user.password);
    expect((await call('PATCH', `/api/users/${user.id}`, { password: 'a brand new password' })).status).toBe(
      200,
    );

    await expectError(await call('GET', '/api/auth/me', undefined, bearer(pair.accessToken)), 401, /revoked/);
    const refresh = await call(
      'POST',
      '/api/auth/refresh',
      { refreshToken: pair.refreshToken },
      {} as AuthHeaders,
    );
    expect(refresh.status).toBe(401);
    await expect(login(t.url, user.email, user.password)).rejects.toThrow(/401/);
    expect((await login(t.url, user.email, 'a brand new password')).user.id).toBe(user.id);
  });

  it('should delete a user, whose token then stops working', async () => {
    const user = await newUser();
    const { accessToken } = await login(t.url, user.email, user.password);
    expect((await call('DELETE', `/api/users/${user.id}`)).status).toBe(204);
    await expectError(await call('GET', '/api/auth/me', undefined, bearer(accessToken)), 401, /revoked/);
    await expectError(await call('DELETE', `/api/users/${user.id}`), 404, /not found/);
    await expectError(await call('PATCH', `/api/users/${UNKNOWN_ID}`, { role: 'viewer' }), 404, /not found/);
  });

  it('should never delete or demote the last admin', async () => {
    const first = await firstAdmin(t.env);
    await expectError(await call('DELETE', `/api/users/${first.id}`), 409, /last admin/);
    await expectError(await call('PATCH', `/api/users/${first.id}`, { role: 'operator' }), 409, /last admin/);
  });

  it('should keep one admin when the two last admins are demoted at the same moment', async () => {
    const other = await startTestApp();
    try {
      const headers = await authHeaders(other, 'admin');
      const first = await firstAdmin(other.env);
      const created = await fetch(`${other.url}/api/users`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'second@agented.test', password: 'second admin pw', role: 'admin' }),
      });
      const second = (await created.json()) as { id: string };
      const demote = (id: string) =>
        fetch(`${other.url}/api/users/${id}`, {
          method: 'PATCH',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ role: 'viewer' }),
        });
      const results = await Promise.all([demote(first.id), demote(second.id)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const odb = other.app.get<Kysely<Database>>(Kysely);
      expect(await odb.selectFrom('users').select('id').where('role', '=', 'admin').execute()).toHaveLength(
        1,
      );
    } finally {
      await other.close();
    }
  });

  it('should record user changes in the audit log without passwords', async () => {
    const user = await newUser();
    await call('PATCH', `/api/users/${user.id}`, { role: 'operator', password: 'another password 1' });
    const events = await db
      .selectFrom('audit_events')
      .select(['action', 'target_id', 'details'])
      .where('target_id', '=', user.id)
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { action: 'user.create', target_id: user.id, details: { email: user.email, role: 'viewer' } },
      {
        action: 'user.update',
        target_id: user.id,
        details: { role: { from: 'viewer', to: 'operator' }, password: 'changed' },
      },
    ]);
  });
});
