import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISSING_CREDENTIALS } from '../../src/access/credentials';
import { ROLES, roleAtLeast } from '../../src/access/roles';
import { accessToken, authHeaders } from '../helpers/auth';
import { RegisteredRoute, recordRoutes } from '../helpers/routes';
import { TestApp, startTestApp } from '../helpers/test-app';
import { ROUTE_ACCESS, RouteAccess } from './route-access.table';

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

/** `/api/bots/:id` → `/api/bots/<uuid>`; `/docs/*` → `/docs/sample` */
const samplePath = (route: string) => route.replace(/:[A-Za-z]+/g, SAMPLE_ID).replace('*', 'sample');

describe('route access', () => {
  let t: TestApp;
  let dist: string;
  let registered: RegisteredRoute[];

  /** Status and error message; streams are dropped as soon as their headers arrive. */
  const send = async (entry: RouteAccess, headers: Record<string, string> = {}) => {
    const abort = new AbortController();
    const hasBody = ['POST', 'PUT', 'PATCH'].includes(entry.method);
    const res = await fetch(`${t.url}${samplePath(entry.route)}`, {
      method: entry.method,
      headers: hasBody ? { ...headers, 'content-type': 'application/json' } : headers,
      body: hasBody ? '{}' : undefined,
      redirect: 'manual',
      signal: abort.signal,
    });
    const json = res.headers.get('content-type')?.includes('application/json');
    const message = json ? ((await res.json()) as { message?: string }).message : undefined;
    abort.abort();
    return { status: res.status, message };
  };

  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'agented-web-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
    writeFileSync(path.join(dist, 'assets', 'app.js'), 'void 0;');
    const recording = recordRoutes();
    try {
      t = await startTestApp({ WEB_DIST_DIR: dist });
    } finally {
      recording.stop();
    }
    registered = recording.routes;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('should have a row for every registered route, and no row for a route that is gone', () => {
    // A HEAD route is the GET route's handler behind the same guard.
    const served = new Set(registered.map((r) => `${r.method === 'HEAD' ? 'GET' : r.method} ${r.url}`));
    const listed = new Set(ROUTE_ACCESS.map((r) => `${r.method} ${r.route}`));
    expect([...served].filter((r) => !listed.has(r)).sort()).toEqual([]);
    expect([...listed].filter((r) => !served.has(r)).sort()).toEqual([]);
    expect(listed.size).toBe(ROUTE_ACCESS.length);
  });

  const rows = ROUTE_ACCESS.map((r) => ({ ...r, name: `${r.method} ${r.route} (${r.access})` }));

  it.each(rows)('should let in exactly who may call $name', async (entry) => {
    const anonymous = await send(entry);
    if (entry.access === 'public') {
      expect(anonymous.status).not.toBe(403);
      expect(anonymous.message).not.toBe(MISSING_CREDENTIALS);
      return;
    }
    expect(anonymous).toEqual({ status: 401, message: MISSING_CREDENTIALS });
    for (const role of ROLES) {
      const { status } = await send(entry, await authHeaders(t, role));
      const expected = roleAtLeast(role, entry.access) ? 'allowed' : 'forbidden';
      expect({
        role,
        outcome: status === 403 ? 'forbidden' : status === 401 ? 'unauthenticated' : 'allowed',
      }).toEqual({
        role,
        outcome: expected,
      });
    }
  });

  it('should accept ?access_token= on the stream routes only', async () => {
    const token = await accessToken(t, 'viewer');
    const events = await send({
      method: 'GET',
      route: `/api/events?access_token=${token}`,
      access: 'viewer',
    });
    expect(events.status).toBe(200);
    const stream = await send({
      method: 'GET',
      route: `/api/executions/:id/stream?access_token=${token}`,
      access: 'viewer',
    });
    expect(stream.status).toBe(404);
    const notAStream = await send({
      method: 'GET',
      route: `/api/executions?access_token=${token}`,
      access: 'viewer',
    });
    expect(notAStream).toEqual({ status: 401, message: MISSING_CREDENTIALS });
  });
});
