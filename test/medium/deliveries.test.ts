import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueRepository } from '../../src/queue/queue.repository';
import { WebhookTriggerBody, createBot, createTrigger, createWebhookTrigger } from '../factories/api';
import { ApiClient, Json, apiAs, readJson } from '../helpers/api';
import { githubFixture, githubPayload } from '../helpers/github-fixtures';
import { TestApp, startTestApp } from '../helpers/test-app';
import { accepted, sendGithubDelivery, sendHook } from '../helpers/webhooks';

const GITHUB_SECRET = 'deliveries-test-github-secret-0123';
interface Page {
  items: Json[];
  nextCursor: string | null;
}

describe('deliveries', () => {
  let t: TestApp;
  let queue: QueueRepository;
  let operator: ApiClient;
  let viewer: ApiClient;

  const send = async (trigger: WebhookTriggerBody, payload: Json, headers: Record<string, string> = {}) =>
    accepted(await sendHook(t, trigger, JSON.stringify(payload), { headers }));
  const executionRow = (id: string) =>
    t.db.selectFrom('executions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await startTestApp({ GITHUB_WEBHOOK_SECRET: GITHUB_SECRET });
    queue = t.app.get(QueueRepository);
    operator = await apiAs(t, 'operator');
    viewer = await apiAs(t, 'viewer');
  });
  afterAll(() => t.close());

  describe('GET /api/deliveries', () => {
    it("should list a trigger's deliveries newest first, a page at a time", async () => {
      const trigger = await createWebhookTrigger(operator);
      const sent: string[] = [];
      for (let i = 0; i < 5; i++) sent.push((await send(trigger, { n: i })).deliveryId);
      await send(await createWebhookTrigger(operator), { other: true });

      const first = await readJson<Page>(
        await operator.call('GET', `/api/deliveries?triggerId=${trigger.id}&limit=2`),
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
        const page = await readJson<Page>(
          await operator.call('GET', `/api/deliveries?triggerId=${trigger.id}&limit=2&cursor=${cursor}`),
          200,
        );
        seen.push(...page.items);
        cursor = page.nextCursor;
      }
      expect(seen.map((d) => d.id)).toEqual([...sent].reverse());
    });

    it('should list the deliveries that started a GitHub trigger', async () => {
      const { id: botId } = await createBot(operator);
      const { id } = await createTrigger(operator, botId, { type: 'github', events: ['push'] });
      const res = await sendGithubDelivery(t, GITHUB_SECRET, { event: 'push', body: githubFixture('push') });
      const { deliveryId } = await accepted(res);
      const page = await readJson<Page>(
        await operator.call('GET', `/api/deliveries?triggerId=${String(id)}`),
        200,
      );
      expect(page.items.map((d) => [d.id, d.source, d.event, d.triggerId])).toEqual([
        [deliveryId, 'github', 'push', null],
      ]);
      await t.db.deleteFrom('triggers').where('id', '=', String(id)).execute();
    });

    it('should find nothing for an unknown trigger, and refuse a bad cursor', async () => {
      expect(
        await readJson(await operator.call('GET', `/api/deliveries?triggerId=${randomUUID()}`), 200),
      ).toEqual({
        items: [],
        nextCursor: null,
      });
      expect(
        (await readJson(await operator.call('GET', '/api/deliveries?cursor=nope'), 400)).message,
      ).toMatch(/^cursor: /);
      expect(
        (await readJson(await operator.call('GET', '/api/deliveries?triggerId=1'), 400)).message,
      ).toMatch(/^triggerId: /);
    });
  });

  describe('GET /api/deliveries/:id', () => {
    it('should show headers without secrets, the payload and its executions', async () => {
      const trigger = await createWebhookTrigger(operator);
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
      const shown = await readJson(await operator.call('GET', `/api/deliveries/${deliveryId}`), 200);
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
      const row = await t.db
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
      expect((await readJson(await operator.call('GET', `/api/deliveries/${row.id}`), 200)).headers).toEqual({
        accept: '*/*',
      });
    });

    it('should answer 404 for an unknown delivery and 400 for a bad id', async () => {
      expect(
        (await readJson(await operator.call('GET', `/api/deliveries/${randomUUID()}`), 404)).message,
      ).toMatch(/^Delivery .* not found$/);
      expect((await readJson(await operator.call('GET', '/api/deliveries/nope'), 400)).message).toMatch(
        /^id: /,
      );
    });
  });

  describe('POST /api/deliveries/:id/replay', () => {
    it('should start a new replay execution with the same input, and queue it', async () => {
      const trigger = await createWebhookTrigger(operator, [{ path: 'action', op: 'eq', value: 'opened' }]);
      const first = await send(trigger, { action: 'opened' }, { 'x-agented-event': 'pr' });
      const { executionIds } = await readJson<{ executionIds: string[] }>(
        await operator.call('POST', `/api/deliveries/${first.deliveryId}/replay`),
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

      const shown = await readJson(await operator.call('GET', `/api/deliveries/${first.deliveryId}`), 200);
      expect(shown.executionIds).toEqual([original.id, replayed.id]);
      const audit = await t.db
        .selectFrom('audit_events')
        .select(['action', 'target_id'])
        .where('action', '=', 'delivery.replay')
        .execute();
      expect(audit).toContainEqual({ action: 'delivery.replay', target_id: first.deliveryId });
    });

    it('should go through the triggers as they are now', async () => {
      const trigger = await createWebhookTrigger(operator);
      const { deliveryId } = await send(trigger, { action: 'closed' });
      const path = `/api/triggers/${trigger.id}`;
      const replay = async () =>
        (
          await readJson<{ executionIds: string[] }>(
            await operator.call('POST', `/api/deliveries/${deliveryId}/replay`),
            202,
          )
        ).executionIds;

      await readJson(
        await operator.call('PATCH', path, { match: [{ path: 'action', op: 'eq', value: 'opened' }] }),
        200,
      );
      expect(await replay()).toEqual([]);
      await readJson(await operator.call('PATCH', path, { match: [], enabled: false }), 200);
      expect(await replay()).toEqual([]);
      await readJson(await operator.call('PATCH', path, { enabled: true }), 200);
      expect(await replay()).toHaveLength(1);
      expect((await operator.call('DELETE', path)).status).toBe(204);
      expect(await replay()).toEqual([]);
    });

    it('should start nothing for a disabled bot, as the same webhook received now would', async () => {
      const trigger = await createWebhookTrigger(operator);
      const { deliveryId } = await send(trigger, {});
      await readJson(await operator.call('PATCH', `/api/bots/${trigger.botId}`, { enabled: false }), 200);
      const replayed = await readJson<{ executionIds: string[] }>(
        await operator.call('POST', `/api/deliveries/${deliveryId}/replay`),
        202,
      );
      expect(replayed.executionIds).toEqual([]);
      const hook = await send(trigger, {});
      expect(hook.executionIds).toEqual([]);
    });

    it('should replay a GitHub delivery through every GitHub trigger that selects it, with its github fields', async () => {
      const payload = githubPayload('pull_request.opened');
      const delivery = await t.db
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
      // The fixture's PR comes from a CONTRIBUTOR's fork, which the default would not take.
      const make = async (events: string[]) =>
        String(
          (
            await createTrigger(operator, (await createBot(operator)).id, {
              type: 'github',
              events,
              authorAssociations: ['CONTRIBUTOR'],
            })
          ).id,
        );
      const [a, b] = [await make(['pull_request.opened']), await make(['pull_request'])];
      await make(['push']);

      const { executionIds } = await readJson<{ executionIds: string[] }>(
        await operator.call('POST', `/api/deliveries/${delivery.id}/replay`),
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
      await t.db.deleteFrom('triggers').where('type', '=', 'github').execute();
    });

    it('should keep deliveries from viewers: payloads may be private', async () => {
      const { deliveryId } = await send(await createWebhookTrigger(operator), {});
      expect((await viewer.call('GET', `/api/deliveries/${deliveryId}`)).status).toBe(403);
      expect((await viewer.call('POST', `/api/deliveries/${deliveryId}/replay`)).status).toBe(403);
      expect((await operator.call('POST', `/api/deliveries/${randomUUID()}/replay`)).status).toBe(404);
    });
  });
});
