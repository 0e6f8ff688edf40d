import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, apiAs, expectError, readJson } from '../helpers/api';
import { bearer, createUser, login } from '../helpers/auth';
import { TestApp, startTestApp } from '../helpers/test-app';

describe('api keys', () => {
  let t: TestApp;
  let other: TestApp;
  let admin: ApiClient;

  /** A caller holding only this key, on this replica. */
  const withKey = (key: string, app: TestApp = t) => new ApiClient(app.url, bearer(key));
  const createKey = async (role: string, name = `key for ${role}`) =>
    readJson<{ id: string; key: string; role: string; name: string }>(
      await admin.call('POST', '/api/api-keys', { name, role }),
      201,
    );

  beforeAll(async () => {
    t = await startTestApp();
    other = await startTestApp(t.env);
    admin = await apiAs(t, 'admin');
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  it('should show the key once, store only its hash and never list it', async () => {
    const created = await createKey('operator', 'CI deploy');
    expect(created).toEqual({
      id: expect.any(String),
      name: 'CI deploy',
      role: 'operator',
      userId: expect.any(String),
      createdAt: expect.any(String),
      lastUsedAt: null,
      key: expect.stringMatching(/^agd_[A-Za-z0-9_-]{43}$/),
    });
    const row = await t.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(JSON.stringify(row)).not.toContain(created.key.slice(4));

    const list = await (await admin.call('GET', '/api/api-keys')).text();
    expect(list).toContain(created.id);
    expect(list).not.toContain(created.key.slice(4));
  });

  it('should authenticate with the role of the key and record when it was last used', async () => {
    const viewer = await createKey('viewer');
    const me = await withKey(viewer.key).call('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ role: 'viewer' });
    expect((await withKey(viewer.key).call('GET', '/api/users')).status).toBe(403);

    const row = await t.db
      .selectFrom('api_keys')
      .select('last_used_at')
      .where('id', '=', viewer.id)
      .executeTakeFirstOrThrow();
    expect(row.last_used_at).toBeInstanceOf(Date);
    const listed = (await (await admin.call('GET', '/api/api-keys')).json()) as {
      id: string;
      lastUsedAt: string;
    }[];
    expect(listed.find((k) => k.id === viewer.id)?.lastUsedAt).toEqual(expect.any(String));
  });

  it('should stop a revoked key at once on every replica', async () => {
    const key = await createKey('admin');
    expect((await withKey(key.key, other).call('GET', '/api/users')).status).toBe(200);

    expect((await admin.call('DELETE', `/api/api-keys/${key.id}`)).status).toBe(204);

    for (const app of [t, other]) {
      const res = await withKey(key.key, app).call('GET', '/api/users');
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ message: 'Invalid or revoked API key' });
    }
    expect((await admin.call('DELETE', `/api/api-keys/${key.id}`)).status).toBe(404);
    const listed = (await (await admin.call('GET', '/api/api-keys')).json()) as { id: string }[];
    expect(listed.map((k) => k.id)).not.toContain(key.id);
  });

  it('should never act above its creator’s current role, and stop with its creator', async () => {
    const creator = await createUser(t.env, 'admin');
    const { accessToken } = await login(t.url, creator.email, creator.password);
    const created = await readJson<{ id: string; key: string }>(
      await admin.call(
        'POST',
        '/api/api-keys',
        { name: 'made by an admin', role: 'admin' },
        bearer(accessToken),
      ),
      201,
    );
    expect((await withKey(created.key).call('GET', '/api/users')).status).toBe(200);

    const demoted = await admin.call('PATCH', `/api/users/${creator.id}`, { role: 'viewer' });
    expect(demoted.status).toBe(200);
    await expectError(await withKey(created.key, other).call('GET', '/api/users'), 403, /you have viewer/);
    expect(await (await withKey(created.key).call('GET', '/api/auth/me')).json()).toMatchObject({
      role: 'viewer',
    });

    expect((await admin.call('DELETE', `/api/users/${creator.id}`)).status).toBe(204);
    await expectError(
      await withKey(created.key).call('GET', '/api/auth/me'),
      401,
      /Invalid or revoked API key/,
    );
  });

  it('should refuse an unknown key and name the problem of a bad request', async () => {
    expect((await withKey('agd_not-a-real-key').call('GET', '/api/auth/me')).status).toBe(401);
    const res = await admin.call('POST', '/api/api-keys', { name: '', role: 'viewer' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ message: expect.stringMatching(/name/) });
  });

  it('should audit creation and revocation, acting as the key when a key is used', async () => {
    const adminKey = await createKey('admin', 'automation');
    const made = await withKey(adminKey.key).call('POST', '/api/api-keys', {
      name: 'made by a key',
      role: 'viewer',
    });
    const { id } = (await made.json()) as { id: string };
    await withKey(adminKey.key).call('DELETE', `/api/api-keys/${id}`);

    const events = await t.db
      .selectFrom('audit_events')
      .select(['action', 'actor_type', 'actor_api_key_id', 'details'])
      .where('target_id', '=', id)
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      {
        action: 'api_key.create',
        actor_type: 'api-key',
        actor_api_key_id: adminKey.id,
        details: { name: 'made by a key', role: 'viewer' },
      },
      {
        action: 'api_key.revoke',
        actor_type: 'api-key',
        actor_api_key_id: adminKey.id,
        details: { name: 'made by a key' },
      },
    ]);
  });
});
