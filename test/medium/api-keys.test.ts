import { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/database/database.types';
import { AuthHeaders, authHeaders, bearer } from '../helpers/auth';
import { TestApp, startTestApp } from '../helpers/test-app';

describe('api keys', () => {
  let t: TestApp;
  let other: TestApp;
  let db: Kysely<Database>;
  let admin: AuthHeaders;

  const call = (method: string, path: string, headers: AuthHeaders, body?: unknown, url = t.url) =>
    fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const createKey = async (role: string, name = `key for ${role}`) => {
    const res = await call('POST', '/api/api-keys', admin, { name, role });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; key: string; role: string; name: string };
  };

  beforeAll(async () => {
    t = await startTestApp();
    other = await startTestApp(t.env);
    db = t.app.get(Kysely);
    admin = await authHeaders(t, 'admin');
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
    const row = await db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(JSON.stringify(row)).not.toContain(created.key.slice(4));

    const list = await (await call('GET', '/api/api-keys', admin)).text();
    expect(list).toContain(created.id);
    expect(list).not.toContain(created.key.slice(4));
  });

  it('should authenticate with the role of the key and record when it was last used', async () => {
    const viewer = await createKey('viewer');
    const me = await call('GET', '/api/auth/me', bearer(viewer.key));
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ role: 'viewer' });
    expect((await call('GET', '/api/users', bearer(viewer.key))).status).toBe(403);

    const row = await db
      .selectFrom('api_keys')
      .select('last_used_at')
      .where('id', '=', viewer.id)
      .executeTakeFirstOrThrow();
    expect(row.last_used_at).toBeInstanceOf(Date);
    const listed = (await (await call('GET', '/api/api-keys', admin)).json()) as {
      id: string;
      lastUsedAt: string;
    }[];
    expect(listed.find((k) => k.id === viewer.id)?.lastUsedAt).toEqual(expect.any(String));
  });

  it('should stop a revoked key at once on every replica', async () => {
    const key = await createKey('admin');
    expect((await call('GET', '/api/users', bearer(key.key), undefined, other.url)).status).toBe(200);

    expect((await call('DELETE', `/api/api-keys/${key.id}`, admin)).status).toBe(204);

    for (const url of [t.url, other.url]) {
      const res = await call('GET', '/api/users', bearer(key.key), undefined, url);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ message: 'Invalid or revoked API key' });
    }
    expect((await call('DELETE', `/api/api-keys/${key.id}`, admin)).status).toBe(404);
    const listed = (await (await call('GET', '/api/api-keys', admin)).json()) as { id: string }[];
    expect(listed.map((k) => k.id)).not.toContain(key.id);
  });

  it('should refuse an unknown key and name the problem of a bad request', async () => {
    expect((await call('GET', '/api/auth/me', bearer('agd_not-a-real-key'))).status).toBe(401);
    const res = await call('POST', '/api/api-keys', admin, { name: '', role: 'viewer' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ message: expect.stringMatching(/name/) });
  });

  it('should audit creation and revocation, acting as the key when a key is used', async () => {
    const adminKey = await createKey('admin', 'automation');
    const made = await call('POST', '/api/api-keys', bearer(adminKey.key), {
      name: 'made by a key',
      role: 'viewer',
    });
    const { id } = (await made.json()) as { id: string };
    await call('DELETE', `/api/api-keys/${id}`, bearer(adminKey.key));

    const events = await db
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
