import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditService } from '../../src/audit/audit.service';
import { AuthHeaders, authHeaders, createUser, signIn } from '../helpers/auth';
import { TestApp, startTestApp } from '../helpers/test-app';

interface AuditPage {
  items: {
    id: number;
    action: string;
    actor: { type: string; userId: string | null; email: string | null };
  }[];
  nextCursor: string | null;
}

describe('GET /api/audit', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let operatorId: string;

  const page = async (query: string, headers: AuthHeaders = admin) => {
    const res = await fetch(`${t.url}/api/audit${query}`, { headers });
    expect(res.status).toBe(200);
    return (await res.json()) as AuditPage;
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await authHeaders(t, 'admin');
    const operator = await createUser(t.env, 'operator');
    operatorId = operator.id;
    await signIn(t.url, operator.email, operator.password);
    await signIn(t.url, operator.email, 'wrong password');
    await signIn(t.url, 'stranger@agented.test', 'guess');
    const audit = t.app.get(AuditService);
    for (let i = 0; i < 5; i++) {
      await audit.record({ kind: 'user', userId: operatorId }, 'bot.update', { type: 'bot', id: `bot-${i}` });
    }
  });
  afterAll(() => t.close());

  it('should record successful and failed sign-ins, naming the email tried', async () => {
    const failed = await page('?action=auth.login_failed');
    expect(failed.items).toHaveLength(2);
    expect(failed.items.every((e) => e.actor.type === 'anonymous')).toBe(true);
    expect((await page('?actor=stranger@agented.test')).items.map((e) => e.action)).toEqual([
      'auth.login_failed',
    ]);
    const logins = await page(`?action=auth.login&actor=${operatorId}`);
    expect(logins.items).toHaveLength(1);
  });

  it('should filter by actor id, or by email including failed sign-ins with it, newest first', async () => {
    const byId = await page(`?actor=${operatorId}`);
    const byEmail = await page(`?actor=${encodeURIComponent(byId.items[0].actor.email ?? '')}`);
    const signedIn = byEmail.items.filter((e) => e.actor.type !== 'anonymous');
    expect(signedIn.map((e) => e.id)).toEqual(byId.items.map((e) => e.id));
    expect(byEmail.items.filter((e) => e.actor.type === 'anonymous').map((e) => e.action)).toEqual([
      'auth.login_failed',
    ]);
    const ids = byId.items.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(byId.items.every((e) => e.actor.userId === operatorId)).toBe(true);
  });

  it('should page with the cursor, without gaps or repeats', async () => {
    const all = await page(`?actor=${operatorId}`);
    const seen: number[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const p: AuditPage = await page(`?actor=${operatorId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...p.items.map((e) => e.id));
      cursor = p.nextCursor;
    }
    expect(seen).toEqual(all.items.map((e) => e.id));
  });

  it('should reject a bad cursor or action with 400 and anyone but an admin with 403', async () => {
    const bad = await fetch(`${t.url}/api/audit?cursor=!!`, { headers: admin });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ message: expect.stringMatching(/cursor/) });
    expect((await fetch(`${t.url}/api/audit?action=nope`, { headers: admin })).status).toBe(400);
    expect((await fetch(`${t.url}/api/audit`, { headers: await authHeaders(t, 'operator') })).status).toBe(
      403,
    );
  });
});
