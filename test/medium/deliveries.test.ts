import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/database/database.types';
import { QueueRepository } from '../../src/queue/queue.repository';
import { AuthHeaders, authHeaders } from '../helpers/auth';
import { TestApp, startTestApp } from '../helpers/test-app';
import { createTestEnv } from '../helpers/test-env';

const GITHUB_SECRET = 'deliveries-test-github-secret-0123';
type Json = Record<string, unknown>;
interface Page {
  items: Json[];
  nextCursor: string | null;
}

const hmac = (body: string, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('deliveries', () => {
  let t: TestApp;
  let db: Kysely<Database>;
  let queue: QueueRepository;
  let operator: AuthHeaders;
  let viewer: AuthHeaders;
  let seq = 0;

  const call = (method: string, path: string, body?: unknown, headers: AuthHeaders = operator) =>
    fetch(`${t.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const json = async <T = Json>(res: Response, status: number): Promise<T> => {
    expect(res.status, await res.clone().text()).toBe(status);
    return (await res.json()) as T;
  };
  const newBot = async () =>
    String(
      (await json(await call('POST', '/api/bots', { name: `dlv-bot-${++seq}`, backend: 'claude' }), 201)).id,
    );
  const newWebhook = async (match: Json[] = []) =>
    json<{ id: string; url: string; secret: string }>(
      await call('POST', `/api/bots/${await newBot()}/triggers`, { type: 'webhook', match }),
      201,
    );
  const send = async (
    trigger: { url: string; secret: string },
    payload: Json,
    headers: Record<string, string> = {},
  ) => {
    const body = JSON.stringify(payload);
    const res = await fetch(`${t.url}${trigger.url}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-agented-signature': hmac(body, trigger.secret),
        ...headers,
      },
      body,
    });
    return json<{ deliveryId: string; executionIds: string[] }>(res, 202);
  };
  const executionRow = (id: string) =>
    db.selectFrom('executions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await startTestApp(await createTestEnv({ GITHUB_WEBHOOK_SECRET: GITHUB_SECRET }));
    db = t.app.get(Kysely);
    queue = t.app.get(QueueRepository);
    operator = await authHeaders(t, 'operator');
    viewer = await authHeaders(t, 'viewer');
  });
  afterAll(async () => {
    await t.close();
    await t.env.cleanup();
  });

  describe('GET /api/deliveries', () => {
    it("should list a trigger's deliveries newest first, a page at a time", async () => {
      const trigger = await newWebhook();
      const sent: string[] = [];
      for (let i = 0; i < 5; i++) sent.push((await send(trigger, { n: i })).deliveryId);
      await send(await newWebhook(), { other: true });

      const first = await json<Page>(
        await call('GET', `/api/deliveries?triggerId=${trigger.id}&limit=2`),
        200,
      );
      expect(first.items).toHaveLength(2);
      expect(first.items[0]).toEqual({
        id: sent[4],
        source: 'webhook',
        triggerId: trigger.id,
        externalId: expect.any(String),
        event: null,
        receivedAt: expect.any(String),
      });
      const seen = [...first.items];
      let cursor = first.nextCursor;
      while (cursor) {
        const page = await json<Page>(
          await call('GET', `/api/deliveries?triggerId=${trigger.id}&limit=2&cursor=${cursor}`),
          200,
        );
        seen.push(...page.items);
        cursor = page.nextCursor;
      }
      expect(seen.map((d) => d.id)).toEqual([...sent].reverse());
    });

    it('should list the deliveries that started a GitHub trigger', async () => {
      const { id } = await json(
        await call('POST', `/api/bots/${await newBot()}/triggers`, { type: 'github', events: ['push'] }),
        201,
      );
      const body = readFileSync(join(__dirname, '../fixtures/github/push.json'), 'utf8');
      const res = await fetch(`${t.url}/hooks/github`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'push',
          'x-github-delivery': randomUUID(),
          'x-hub-signature-256': hmac(body, GITHUB_SECRET),
        },
        body,
      });
      const { deliveryId } = await json<{ deliveryId: string }>(res, 202);
      const page = await json<Page>(await call('GET', `/api/deliveries?triggerId=${String(id)}`), 200);
      expect(page.items.map((d) => [d.id, d.source, d.event, d.triggerId])).toEqual([
        [deliveryId, 'github', 'push', null],
      ]);
      await db.deleteFrom('triggers').where('id', '=', String(id)).execute();
    });

    it('should find nothing for an unknown trigger, and refuse a bad cursor', async () => {
      expect(await json(await call('GET', `/api/deliveries?triggerId=${randomUUID()}`), 200)).toEqual({
        items: [],
        nextCursor: null,
      });
      expect((await json(await call('GET', '/api/deliveries?cursor=nope'), 400)).message).toMatch(
        /^cursor: /,
      );
      expect((await json(await call('GET', '/api/deliveries?triggerId=1'), 400)).message).toMatch(
        /^triggerId: /,
      );
    });
  });

  describe('GET /api/deliveries/:id', () => {
    it('should show headers without secrets, the payload and its executions', async () => {
      const trigger = await newWebhook();
      const { deliveryId, executionIds } = await send(
        trigger,
        { action: 'opened', pr: { number: 7 } },
        {
          'x-agented-delivery': 'd-42',
          'x-agented-event': 'pull_request',
          authorization: 'Bearer nope',
          cookie: 'sid=1',
          'x-api-key': 'k-123',
          'x-gitlab-token': 'gl-secret',
          'x-custom': 'kept',
        },
      );
      const shown = await json(await call('GET', `/api/deliveries/${deliveryId}`), 200);
      expect(shown).toEqual({
        id: deliveryId,
        source: 'webhook',
        triggerId: trigger.id,
        externalId: 'd-42',
        event: 'pull_request',
        receivedAt: expect.any(String),
        headers: expect.objectContaining({ 'x-custom': 'kept', 'x-agented-event': 'pull_request' }),
        payload: { action: 'opened', pr: { number: 7 } },
        executionIds,
      });
      const names = Object.keys(shown.headers as Json);
      for (const secret of [
        'x-agented-signature',
        'authorization',
        'cookie',
        'x-api-key',
        'x-gitlab-token',
      ]) {
        expect(names).not.toContain(secret);
      }
    });

    it('should hide secret headers even when they were stored', async () => {
      const row = await db
        .insertInto('deliveries')
        .values({
          source: 'webhook',
          external_id: 'old',
          dedup_key: `old:${randomUUID()}`,
          headers: JSON.stringify({ 'x-hub-signature-256': 'sha256=00', 'x-auth-token': 't', accept: '*/*' }),
          payload: '{}',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect((await json(await call('GET', `/api/deliveries/${row.id}`), 200)).headers).toEqual({
        accept: '*/*',
      });
    });

    it('should answer 404 for an unknown delivery and 400 for a bad id', async () => {
      expect((await json(await call('GET', `/api/deliveries/${randomUUID()}`), 404)).message).toMatch(
        /^Delivery .* not found$/,
      );
      expect((await json(await call('GET', '/api/deliveries/nope'), 400)).message).toMatch(/^id: /);
    });
  });

  describe('POST /api/deliveries/:id/replay', () => {
    it('should start a new replay execution with the same input, and queue it', async () => {
      const trigger = await newWebhook([{ path: 'action', op: 'eq', value: 'opened' }]);
      const first = await send(trigger, { action: 'opened' }, { 'x-agented-event': 'pr' });
      const { executionIds } = await json<{ executionIds: string[] }>(
        await call('POST', `/api/deliveries/${first.deliveryId}/replay`),
        202,
      );
      expect(executionIds).toHaveLength(1);
      const [original, replayed] = [
        await executionRow(first.executionIds[0]),
        await executionRow(executionIds[0]),
      ];
      expect(replayed).toMatchObject({
        trigger_type: 'replay',
        trigger_id: trigger.id,
        bot_id: original.bot_id,
        delivery_id: first.deliveryId,
        status: 'queued',
        input: original.input,
      });
      expect((await queue.get('executions').getJob(replayed.id))?.data).toEqual({ executionId: replayed.id });

      const shown = await json(await call('GET', `/api/deliveries/${first.deliveryId}`), 200);
      expect(shown.executionIds).toEqual([original.id, replayed.id]);
      const audit = await db
        .selectFrom('audit_events')
        .select(['action', 'target_id'])
        .where('action', '=', 'delivery.replay')
        .execute();
      expect(audit).toContainEqual({ action: 'delivery.replay', target_id: first.deliveryId });
    });

    it('should go through the triggers as they are now', async () => {
      const trigger = await newWebhook();
      const { deliveryId } = await send(trigger, { action: 'closed' });
      const path = `/api/triggers/${trigger.id}`;
      const replay = async () =>
        (
          await json<{ executionIds: string[] }>(
            await call('POST', `/api/deliveries/${deliveryId}/replay`),
            202,
          )
        ).executionIds;

      await json(await call('PATCH', path, { match: [{ path: 'action', op: 'eq', value: 'opened' }] }), 200);
      expect(await replay()).toEqual([]);
      await json(await call('PATCH', path, { match: [], enabled: false }), 200);
      expect(await replay()).toEqual([]);
      await json(await call('PATCH', path, { enabled: true }), 200);
      expect(await replay()).toHaveLength(1);
      expect((await call('DELETE', path)).status).toBe(204);
      expect(await replay()).toEqual([]);
    });

    it('should replay a GitHub delivery through every GitHub trigger that selects it, with its github fields', async () => {
      const payload = JSON.parse(
        readFileSync(join(__dirname, '../fixtures/github/pull_request.opened.json'), 'utf8'),
      ) as Json;
      const delivery = await db
        .insertInto('deliveries')
        .values({
          source: 'github',
          external_id: 'gh-1',
          dedup_key: `github:${randomUUID()}`,
          event: 'pull_request.opened',
          headers: JSON.stringify({ 'x-github-event': 'pull_request' }),
          payload: JSON.stringify(payload),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const make = async (events: string[]) =>
        String(
          (
            await json(
              await call('POST', `/api/bots/${await newBot()}/triggers`, { type: 'github', events }),
              201,
            )
          ).id,
        );
      const [a, b] = [await make(['pull_request.opened']), await make(['pull_request'])];
      await make(['push']);

      const { executionIds } = await json<{ executionIds: string[] }>(
        await call('POST', `/api/deliveries/${delivery.id}/replay`),
        202,
      );
      const rows = await Promise.all(executionIds.map(executionRow));
      expect(rows.map((r) => r.trigger_id).sort()).toEqual([a, b].sort());
      expect(rows[0]).toMatchObject({
        trigger_type: 'replay',
        delivery_id: delivery.id,
        input: {
          event: 'pull_request.opened',
          deliveryId: delivery.id,
          github: { event: 'pull_request', pr: { number: 42, branch: 'fix/sprocket-resize' } },
        },
      });
      await db.deleteFrom('triggers').where('type', '=', 'github').execute();
    });

    it('should keep deliveries from viewers: payloads may be private', async () => {
      const { deliveryId } = await send(await newWebhook(), {});
      expect((await call('GET', `/api/deliveries/${deliveryId}`, undefined, viewer)).status).toBe(403);
      expect((await call('POST', `/api/deliveries/${deliveryId}/replay`, undefined, viewer)).status).toBe(
        403,
      );
      expect((await call('POST', `/api/deliveries/${randomUUID()}/replay`)).status).toBe(404);
    });
  });
});
