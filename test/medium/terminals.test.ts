import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessToken, authHeaders, bearer, createUser, firstAdmin, login } from '../helpers/auth';
import { TestApp, startTestApp } from '../helpers/test-app';
import { TestEnv, createTestEnv } from '../helpers/test-env';
import { RefusedError, openSocket } from '../helpers/ws-client';

describe('terminals', () => {
  let env: TestEnv;
  let one: TestApp;
  let two: TestApp;

  const wsUrl = (t: TestApp, id: string, token?: string) =>
    `${t.url.replace('http', 'ws')}/api/terminals/${id}/ws${token === undefined ? '' : `?access_token=${token}`}`;

  const open = async (t: TestApp, body: object, role: 'admin' | 'operator' | 'viewer' = 'admin') =>
    fetch(`${t.url}/api/terminals`, {
      method: 'POST',
      headers: { ...(await authHeaders(t, role)), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  const list = async (t: TestApp) =>
    (await (await fetch(`${t.url}/api/terminals`, { headers: await authHeaders(t) })).json()) as {
      id: string;
      cwd: string;
      cols: number;
      rows: number;
      ownerId: string;
      ownerEmail: string | null;
    }[];

  const refusal = (url: string) =>
    openSocket(url).then(
      (socket) => {
        socket.close();
        return 101;
      },
      (err: unknown) => (err instanceof RefusedError ? err.status : Promise.reject(err)),
    );

  /** How a socket ended, or that it is still open a while after it should have closed. */
  const closeCode = (socket: { closed: Promise<number> }) =>
    Promise.race([socket.closed, new Promise<string>((r) => setTimeout(() => r('still open'), 8_000))]);
  const openTerminal = async () =>
    ((await (await open(one, { cols: 80, rows: 24 })).json()) as { id: string }).id;
  const endTerminal = async (id: string) =>
    fetch(`${one.url}/api/terminals/${id}`, { method: 'DELETE', headers: await authHeaders(one) });
  /** A second admin who signed in for real (a session of their own). */
  const signedInAdmin = async () => {
    const user = await createUser(env, 'admin');
    return { user, token: (await login(one.url, user.email, user.password)).accessToken };
  };
  const asAdmin = async (method: string, path: string, body?: object) =>
    fetch(`${one.url}${path}`, {
      method,
      headers: { ...(await authHeaders(one)), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    // Open sockets re-check their credential every second here, not every five.
    env = await createTestEnv({ CREDENTIAL_RECHECK_SECONDS: '1' });
    one = await startTestApp(env);
    two = await startTestApp(env);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await env?.cleanup();
  });

  it('should run a shell opened on one replica from another, replay it on reconnect, resize and end it', async () => {
    const created = await open(one, { cwd: '/tmp', cols: 80, rows: 24 });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await list(two)).map((s) => [s.id, s.cwd])).toContainEqual([id, '/tmp']);

    const first = await openSocket(wsUrl(two, id, await accessToken(two)));
    first.send('echo hi-$((40+2))\n');
    await first.waitFor('hi-42');
    first.close();
    await first.closed;

    const again = await openSocket(wsUrl(one, id, await accessToken(one)));
    await again.waitFor('hi-42');

    again.send(JSON.stringify({ type: 'resize', cols: 101, rows: 33 }));
    again.send('stty size\n');
    await again.waitFor(/33 101/);
    // the list shows the size the terminal has now, not the one it was opened with
    const sizeListed = async () => (await list(two)).find((s) => s.id === id);
    for (let i = 0; i < 50 && (await sizeListed())?.cols !== 101; i++)
      await new Promise((r) => setTimeout(r, 40));
    expect(await sizeListed()).toMatchObject({ cols: 101, rows: 33 });

    const deleted = await fetch(`${two.url}/api/terminals/${id}`, {
      method: 'DELETE',
      headers: await authHeaders(two),
    });
    expect(deleted.status).toBe(204);
    expect(await again.closed).toBe(1000);
    expect((await list(one)).map((s) => s.id)).not.toContain(id);
    expect(await refusal(wsUrl(two, id, await accessToken(two)))).toBe(404);
  });

  it('should end the terminals of a replica that shuts down', async () => {
    const owner = await startTestApp(env);
    let ownerClosed = false;
    try {
      const { id } = (await (await open(owner, { cols: 80, rows: 24 })).json()) as { id: string };
      const viewer = await openSocket(wsUrl(two, id, await accessToken(two)));
      viewer.send('echo up-$((1+1))\n');
      await viewer.waitFor('up-2');
      await owner.close();
      ownerClosed = true;
      expect(await viewer.closed).toBe(1000);
      expect((await list(two)).map((s) => s.id)).not.toContain(id);
    } finally {
      if (!ownerClosed) await owner.close();
    }
  });

  it('should record who opened and who closed a terminal in the audit log', async () => {
    const { id } = (await (await open(one, { cols: 80, rows: 24 })).json()) as { id: string };
    await fetch(`${one.url}/api/terminals/${id}`, { method: 'DELETE', headers: await authHeaders(one) });
    const events = await one.db
      .selectFrom('audit_events')
      .select(['action', 'target_id'])
      .where('target_id', '=', id)
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { action: 'terminal.open', target_id: id },
      { action: 'terminal.close', target_id: id },
    ]);
  });

  it('should refuse a cwd that is not an existing directory', async () => {
    const res = await open(one, { cwd: '/no/such/dir', cols: 80, rows: 24 });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('cwd');
    expect((await open(one, { cwd: '/etc/hostname', cols: 80, rows: 24 })).status).toBe(400);
  });

  it('should keep terminals for admins only', async () => {
    expect((await open(one, { cols: 80, rows: 24 }, 'operator')).status).toBe(403);
    expect((await open(one, { cols: 80, rows: 24 }, 'viewer')).status).toBe(403);
    const { id } = (await (await open(one, { cols: 80, rows: 24 })).json()) as { id: string };
    try {
      expect(await refusal(wsUrl(two, id, await accessToken(two, 'operator')))).toBe(403);
      expect(await refusal(wsUrl(two, id))).toBe(401);
      expect(await refusal(wsUrl(two, id, 'not-a-token'))).toBe(401);
    } finally {
      await fetch(`${one.url}/api/terminals/${id}`, { method: 'DELETE', headers: await authHeaders(one) });
    }
  });

  describe('an open socket whose credential stops admitting it', () => {
    it('should close with 4401 when its user signs out, on another replica', async () => {
      const id = await openTerminal();
      try {
        const { token } = await signedInAdmin();
        const socket = await openSocket(wsUrl(two, id, token));
        socket.send('echo still-$((2+3))\n');
        await socket.waitFor('still-5');
        const out = await fetch(`${one.url}/api/auth/logout`, { method: 'POST', headers: bearer(token) });
        expect(out.status).toBe(204);
        expect(await closeCode(socket)).toBe(4401);
      } finally {
        await endTerminal(id);
      }
    });

    it('should close with 4401 when its user is demoted, and when its user is deleted', async () => {
      const id = await openTerminal();
      try {
        const demoted = await signedInAdmin();
        const deleted = await signedInAdmin();
        const sockets = [
          await openSocket(wsUrl(two, id, demoted.token)),
          await openSocket(wsUrl(one, id, deleted.token)),
        ];
        expect((await asAdmin('PATCH', `/api/users/${demoted.user.id}`, { role: 'operator' })).status).toBe(
          200,
        );
        expect((await asAdmin('DELETE', `/api/users/${deleted.user.id}`)).status).toBe(204);
        expect(await Promise.all(sockets.map(closeCode))).toEqual([4401, 4401]);
      } finally {
        await endTerminal(id);
      }
    });

    it('should close with 4403 when the creator of its API key is no longer an admin', async () => {
      const id = await openTerminal();
      try {
        const creator = await createUser(env, 'admin');
        const key = `agd_${randomBytes(32).toString('base64url')}`;
        await one.db
          .insertInto('api_keys')
          .values({
            user_id: creator.id,
            name: 'terminal key',
            role: 'admin',
            key_hash: createHash('sha256').update(key).digest('hex'),
          })
          .execute();
        const socket = await openSocket(wsUrl(two, id, key));
        expect((await asAdmin('PATCH', `/api/users/${creator.id}`, { role: 'operator' })).status).toBe(200);
        expect(await closeCode(socket)).toBe(4403);
      } finally {
        await endTerminal(id);
      }
    });
  });

  it('should show who owns each terminal, and audit another admin attaching to it', async () => {
    const id = await openTerminal();
    try {
      const owner = await firstAdmin(env);
      expect((await list(two)).find((s) => s.id === id)).toMatchObject({
        ownerId: owner.id,
        ownerEmail: owner.email,
      });
      (await openSocket(wsUrl(one, id, await accessToken(one)))).close();
      const { user, token } = await signedInAdmin();
      (await openSocket(wsUrl(two, id, token))).close();
      const attaches = await one.db
        .selectFrom('audit_events')
        .select(['actor_user_id', 'details'])
        .where('action', '=', 'terminal.attach')
        .where('target_id', '=', id)
        .execute();
      expect(attaches).toEqual([{ actor_user_id: user.id, details: { ownerId: owner.id } }]);
    } finally {
      await endTerminal(id);
    }
  });

  it('should limit upgrade attempts per client IP before looking at the credential', async () => {
    const strict = await startTestApp({ THROTTLE_LIMIT: '3' });
    try {
      const unknown = '00000000-0000-4000-8000-000000000000';
      const attempts = [];
      for (let i = 0; i < 4; i++) attempts.push(await refusal(wsUrl(strict, unknown, 'not-a-token')));
      expect(attempts).toEqual([401, 401, 401, 429]);
    } finally {
      await strict.close();
    }
  });
});
