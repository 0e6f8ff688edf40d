import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, apiAs, expectError, readJson } from '../helpers/api';
import { bearer, firstAdmin, login } from '../helpers/auth';
import { TestApp, startTestApp } from '../helpers/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('users', () => {
  let t: TestApp;
  let admin: ApiClient;
  let seq = 0;

  const newUser = async (role = 'viewer', password = 'correct horse battery') => {
    const email = `user-${++seq}@agented.test`;
    const res = await admin.call('POST', '/api/users', { email, password, role });
    const created = await readJson<{ id: string; email: string; role: string }>(res, 201);
    return { ...created, password };
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await apiAs(t, 'admin');
  });
  afterAll(() => t.close());

  it('should create a user who can then sign in, without ever returning the hash', async () => {
    const res = await admin.call('POST', '/api/users', {
      email: 'New.Person@Agented.Test',
      password: 'correct horse battery',
      role: 'operator',
    });
    const body = await readJson(res, 201);
    expect(body).toEqual({
      id: expect.any(String),
      email: 'new.person@agented.test',
      role: 'operator',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const pair = await login(t.url, 'new.person@agented.test', 'correct horse battery');
    expect(pair.user).toEqual({ id: body.id, email: 'new.person@agented.test', role: 'operator' });

    const list = await readJson(await admin.call('GET', '/api/users'), 200);
    expect(JSON.stringify(list)).not.toMatch(/argon2|password/);
  });

  it('should refuse a taken email with 409 and a short password with 400', async () => {
    const user = await newUser();
    await expectError(
      await admin.call('POST', '/api/users', { email: user.email, password: 'whatever1', role: 'viewer' }),
      409,
      /email/,
    );
    await expectError(
      await admin.call('POST', '/api/users', { email: 'x@agented.test', password: 'short', role: 'viewer' }),
      400,
      /password/,
    );
    await expectError(
      await admin.call('POST', '/api/users', {
        email: 'y@agented.test',
        password: 'long enough',
        role: 'root',
      }),
      400,
      /role/,
    );
  });

  it('should change the role, and the old role stops working at once', async () => {
    const user = await newUser('operator');
    const { accessToken } = await login(t.url, user.email, user.password);
    expect((await admin.call('GET', '/api/auth/me', undefined, bearer(accessToken))).status).toBe(200);

    const res = await admin.call('PATCH', `/api/users/${user.id}`, { role: 'viewer' });
    expect((await readJson(res, 200)).role).toBe('viewer');
    await expectError(
      await admin.call('GET', '/api/auth/me', undefined, bearer(accessToken)),
      401,
      /revoked/,
    );

    const again = await login(t.url, user.email, user.password);
    expect(again.user.role).toBe('viewer');
  });

  it('should change the password and end every session of the user', async () => {
    const user = await newUser();
    const pair = await login(t.url, user.email, user.password);
    expect(
      (await admin.call('PATCH', `/api/users/${user.id}`, { password: 'a brand new password' })).status,
    ).toBe(200);

    await expectError(
      await admin.call('GET', '/api/auth/me', undefined, bearer(pair.accessToken)),
      401,
      /revoked/,
    );
    const refresh = await admin.call('POST', '/api/auth/refresh', { refreshToken: pair.refreshToken }, {});
    expect(refresh.status).toBe(401);
    await expect(login(t.url, user.email, user.password)).rejects.toThrow(/401/);
    expect((await login(t.url, user.email, 'a brand new password')).user.id).toBe(user.id);
  });

  it('should delete a user, whose token then stops working', async () => {
    const user = await newUser();
    const { accessToken } = await login(t.url, user.email, user.password);
    expect((await admin.call('DELETE', `/api/users/${user.id}`)).status).toBe(204);
    await expectError(
      await admin.call('GET', '/api/auth/me', undefined, bearer(accessToken)),
      401,
      /revoked/,
    );
    await expectError(await admin.call('DELETE', `/api/users/${user.id}`), 404, /not found/);
    await expectError(
      await admin.call('PATCH', `/api/users/${UNKNOWN_ID}`, { role: 'viewer' }),
      404,
      /not found/,
    );
  });

  it('should never delete or demote the last admin', async () => {
    const first = await firstAdmin(t.env);
    await expectError(await admin.call('DELETE', `/api/users/${first.id}`), 409, /last admin/);
    await expectError(
      await admin.call('PATCH', `/api/users/${first.id}`, { role: 'operator' }),
      409,
      /last admin/,
    );
  });

  it('should keep one admin when the two last admins are demoted at the same moment', async () => {
    const other = await startTestApp();
    try {
      const otherAdmin = await apiAs(other, 'admin');
      const first = await firstAdmin(other.env);
      const created = await otherAdmin.call('POST', '/api/users', {
        email: 'second@agented.test',
        password: 'second admin pw',
        role: 'admin',
      });
      const second = (await created.json()) as { id: string };
      const demote = (id: string) => otherAdmin.call('PATCH', `/api/users/${id}`, { role: 'viewer' });
      const results = await Promise.all([demote(first.id), demote(second.id)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(
        await other.db.selectFrom('users').select('id').where('role', '=', 'admin').execute(),
      ).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('should record user changes in the audit log without passwords', async () => {
    const user = await newUser();
    await admin.call('PATCH', `/api/users/${user.id}`, { role: 'operator', password: 'another password 1' });
    const events = await t.db
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
