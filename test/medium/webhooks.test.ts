import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/crypto/secret-box';
import { QueueRepository } from '../../src/queue/queue.repository';
import { WebhookTriggerBody, createWebhookTrigger } from '../factories/api';
import { ApiClient, apiAs, expectError, readJson } from '../helpers/api';
import { TestApp, startTestApp } from '../helpers/test-app';
import { withVars } from '../helpers/test-env';
import { accepted, sendHook, sign, signStandard, standardHeaders } from '../helpers/webhooks';

const MAX_BYTES = 4096;

describe('webhooks', () => {
  let t: TestApp;
  let queue: QueueRepository;
  let operator: ApiClient;

  const job = (executionId: string) => queue.get('executions').getJob(executionId);
  const executionsOf = (triggerId: string) =>
    t.db.selectFrom('executions').selectAll().where('trigger_id', '=', triggerId).execute();

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_MAX_BYTES: String(MAX_BYTES) });
    queue = t.app.get(QueueRepository);
    operator = await apiAs(t, 'operator');
  });
  afterAll(() => t.close());

  describe('accepted', () => {
    it('should store the delivery and a queued execution, then queue its job', async () => {
      const trigger = await createWebhookTrigger(operator);
      const body = JSON.stringify({ action: 'opened', pr: { number: 7 } });
      const res = await sendHook(t, trigger, body, {
        headers: {
          'x-agented-delivery': 'd-1',
          'x-agented-event': 'pull_request',
          authorization: 'Bearer nope',
          cookie: 'sid=1',
          'x-custom': 'kept',
        },
      });
      const { deliveryId, executionIds } = await accepted(res);
      expect(executionIds).toHaveLength(1);

      const [execution] = await executionsOf(trigger.id);
      expect(execution).toMatchObject({
        id: executionIds[0],
        trigger_type: 'webhook',
        delivery_id: deliveryId,
        status: 'queued',
        input: { payload: { action: 'opened', pr: { number: 7 } }, event: 'pull_request', deliveryId },
      });
      expect((await job(executionIds[0]))?.data).toEqual({ executionId: executionIds[0] });

      const delivery = await t.db
        .selectFrom('deliveries')
        .selectAll()
        .where('id', '=', deliveryId)
        .executeTakeFirst();
      expect(delivery).toMatchObject({
        source: 'webhook',
        trigger_id: trigger.id,
        external_id: 'd-1',
        dedup_key: `webhook:${trigger.id}:d-1`,
        event: 'pull_request',
        payload: { action: 'opened', pr: { number: 7 } },
      });
      expect(delivery?.headers).toMatchObject({ 'x-custom': 'kept', 'x-agented-delivery': 'd-1' });
      for (const secret of ['x-agented-signature', 'authorization', 'cookie']) {
        expect(delivery?.headers).not.toHaveProperty(secret);
      }
    });

    it('should take the raw bytes whatever the content type, and null for a missing event', async () => {
      const trigger = await createWebhookTrigger(operator);
      const { executionIds } = await accepted(
        await sendHook(t, trigger, '[1, 2]', { contentType: 'text/plain' }),
      );
      const [execution] = await executionsOf(trigger.id);
      expect(execution.id).toBe(executionIds[0]);
      expect(execution.input).toMatchObject({ payload: [1, 2], event: null });
    });

    it('should accept a body sent without a content type', async () => {
      const trigger = await createWebhookTrigger(operator);
      const body = '{"plain":true}';
      const res = await fetch(`${t.url}${trigger.url}`, {
        method: 'POST',
        headers: { 'x-agented-signature': sign(body, trigger.secret) },
        body: new Blob([body]),
      });
      expect((await accepted(res)).executionIds).toHaveLength(1);
    });

    it('should record a new delivery each time when no delivery id is sent', async () => {
      const trigger = await createWebhookTrigger(operator);
      const a = await accepted(await sendHook(t, trigger, '{}'));
      const b = await accepted(await sendHook(t, trigger, '{}'));
      expect(a.deliveryId).not.toBe(b.deliveryId);
      expect(await executionsOf(trigger.id)).toHaveLength(2);
    });
  });

  describe('match rules', () => {
    const match = [
      { path: 'action', op: 'eq', value: 'opened' },
      { path: 'labels', op: 'contains', value: 'bot' },
    ];

    it('should run the bot when every rule holds', async () => {
      const trigger = await createWebhookTrigger(operator, match);
      const { executionIds } = await accepted(
        await sendHook(t, trigger, JSON.stringify({ action: 'opened', labels: ['bot'] })),
      );
      expect(executionIds).toHaveLength(1);
      expect(await job(executionIds[0])).toBeDefined();
    });

    it('should record the delivery but run nothing when a rule fails', async () => {
      const trigger = await createWebhookTrigger(operator, match);
      const { deliveryId, executionIds } = await accepted(
        await sendHook(t, trigger, JSON.stringify({ action: 'closed', labels: ['bot'] })),
      );
      expect(executionIds).toEqual([]);
      expect(await executionsOf(trigger.id)).toEqual([]);
      expect(
        await t.db.selectFrom('deliveries').select('id').where('id', '=', deliveryId).execute(),
      ).toHaveLength(1);
    });

    it('should run nothing for a disabled bot', async () => {
      const trigger = await createWebhookTrigger(operator, [], { enabled: false });
      expect((await accepted(await sendHook(t, trigger, '{}'))).executionIds).toEqual([]);
    });
  });

  describe('duplicates', () => {
    it('should answer 200 with the first executionIds and queue nothing new', async () => {
      const trigger = await createWebhookTrigger(operator);
      const headers = { 'x-agented-delivery': 'same-id' };
      const first = await accepted(await sendHook(t, trigger, '{"n":1}', { headers }));
      const counts = await queue.get('executions').getJobCounts();

      const again = await accepted(await sendHook(t, trigger, '{"n":2}', { headers }), 200);
      expect(again).toEqual(first);
      expect(await executionsOf(trigger.id)).toHaveLength(1);
      expect(await queue.get('executions').getJobCounts()).toEqual(counts);
    });

    it('should accept exactly one of many concurrent copies', async () => {
      const trigger = await createWebhookTrigger(operator);
      const headers = { 'x-agented-delivery': randomUUID() };
      const results = await Promise.all(
        Array.from({ length: 8 }, () => sendHook(t, trigger, '{}', { headers })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 202]);
      const bodies = await Promise.all(results.map((r) => r.json()));
      expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
      expect(await executionsOf(trigger.id)).toHaveLength(1);
    });

    it('should scope delivery ids to their trigger', async () => {
      const [a, b] = [await createWebhookTrigger(operator), await createWebhookTrigger(operator)];
      const headers = { 'x-agented-delivery': 'shared' };
      await accepted(await sendHook(t, a, '{}', { headers }));
      await accepted(await sendHook(t, b, '{}', { headers }));
    });

    it('should remember a delivery that ran nothing', async () => {
      const trigger = await createWebhookTrigger(operator, [{ path: 'go', op: 'exists' }]);
      const headers = { 'x-agented-delivery': 'no-run' };
      const first = await accepted(await sendHook(t, trigger, '{}', { headers }));
      expect(await accepted(await sendHook(t, trigger, '{"go":1}', { headers }), 200)).toEqual(first);
      expect(await executionsOf(trigger.id)).toEqual([]);
    });
  });

  describe('refused', () => {
    let trigger: WebhookTriggerBody;
    beforeAll(async () => {
      trigger = await createWebhookTrigger(operator);
    });

    it('should answer 404 for an unknown token, before checking the signature', async () => {
      await expectError(
        await sendHook(t, { ...trigger, url: `/hooks/${'A'.repeat(43)}` }, '{}'),
        404,
        /No enabled webhook/,
      );
      await expectError(
        await sendHook(t, { ...trigger, url: '/hooks/short' }, '{}', { signature: null }),
        404,
        /No enabled webhook/,
      );
    });

    it('should answer 404 for a disabled trigger', async () => {
      const disabled = await createWebhookTrigger(operator);
      await readJson(await operator.call('PATCH', `/api/triggers/${disabled.id}`, { enabled: false }), 200);
      await expectError(await sendHook(t, disabled, '{}'), 404, /No enabled webhook/);
    });

    it('should answer 401 for a missing signature', async () => {
      await expectError(
        await sendHook(t, trigger, '{}', { signature: null }),
        401,
        /Missing X-Agented-Signature/,
      );
    });

    it('should answer 401 for a malformed signature', async () => {
      await expectError(
        await sendHook(t, trigger, '{}', { signature: 'sha1=abcdef' }),
        401,
        /must be sha256=/,
      );
      await expectError(await sendHook(t, trigger, '{}', { signature: 'sha256=zz' }), 401, /must be sha256=/);
    });

    it('should answer 401 for a wrong signature', async () => {
      await expectError(await sendHook(t, trigger, '{}', { secret: 'f'.repeat(64) }), 401, /does not match/);
      await expectError(
        await sendHook(t, trigger, '{}', { signature: sign('{ }', trigger.secret) }),
        401,
        /does not match/,
      );
    });

    it('should check the signature before parsing the body', async () => {
      await expectError(await sendHook(t, trigger, 'not json', { signature: null }), 401, /Missing/);
    });

    it('should answer 400 for a signed body that is not JSON', async () => {
      await expectError(await sendHook(t, trigger, '{"a":', {}), 400, /not valid JSON/);
      await expectError(await sendHook(t, trigger, '', {}), 400, /not valid JSON/);
    });

    it('should answer 400 for a delivery id over 200 characters', async () => {
      const headers = { 'x-agented-delivery': 'd'.repeat(201) };
      await expectError(await sendHook(t, trigger, '{}', { headers }), 400, /^x-agented-delivery: /);
    });

    it('should answer 400 for JSON that PostgreSQL cannot store', async () => {
      await expectError(await sendHook(t, trigger, '{"a":"\\u0000"}', {}), 400, /cannot store/);
    });

    it('should answer 413 with the error shape for a body over WEBHOOK_MAX_BYTES', async () => {
      const body = JSON.stringify({ big: 'x'.repeat(MAX_BYTES) });
      const res = await sendHook(t, trigger, body);
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({
        statusCode: 413,
        error: 'Payload Too Large',
        message: expect.stringMatching(/too large/i),
      });
    });

    it('should accept only the new secret after a rotation', async () => {
      const rotating = await createWebhookTrigger(operator);
      const { secret } = await readJson(
        await operator.call('POST', `/api/triggers/${rotating.id}/rotate-secret`),
        200,
      );
      await expectError(await sendHook(t, rotating, '{}'), 401, /does not match/);
      await accepted(await sendHook(t, rotating, '{}', { secret: String(secret) }));
    });
  });

  describe('Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)', () => {
    let trigger: WebhookTriggerBody;
    const now = () => Math.floor(Date.now() / 1000);
    /** Only the Standard Webhooks headers: no X-Agented-Signature. */
    const sendStandard = (body: string, headers: Record<string, string>) =>
      sendHook(t, trigger, body, { signature: null, headers });
    beforeAll(async () => {
      trigger = await createWebhookTrigger(operator);
    });

    it('should accept a valid signature and take webhook-id as the delivery id', async () => {
      const body = '{"type":"invoice.paid"}';
      const headers = standardHeaders(body, trigger.secret, { id: 'msg_accept-1' });
      const { deliveryId, executionIds } = await accepted(await sendStandard(body, headers));
      expect(executionIds).toHaveLength(1);
      const delivery = await t.db
        .selectFrom('deliveries')
        .select(['external_id', 'headers'])
        .where('id', '=', deliveryId)
        .executeTakeFirstOrThrow();
      expect(delivery.external_id).toBe('msg_accept-1');
      expect(delivery.headers).toMatchObject({ 'webhook-id': 'msg_accept-1' });
      expect(delivery.headers).not.toHaveProperty('webhook-signature');
    });

    it('should answer a replayed request with the first answer and queue nothing', async () => {
      const body = '{"n":1}';
      const headers = standardHeaders(body, trigger.secret);
      const first = await accepted(await sendStandard(body, headers));
      // and the unsigned X-Agented-Delivery cannot give it a fresh id
      const again = await sendStandard(body, { ...headers, 'x-agented-delivery': randomUUID() });
      expect(await accepted(again, 200)).toEqual(first);
    });

    it('should refuse a webhook-id changed after signing', async () => {
      const body = '{"n":2}';
      const headers = standardHeaders(body, trigger.secret);
      await accepted(await sendStandard(body, headers));
      await expectError(
        await sendStandard(body, { ...headers, 'webhook-id': `${headers['webhook-id']}-2` }),
        401,
        /webhook-signature does not match/,
      );
    });

    it('should refuse a timestamp outside the tolerance window, either way', async () => {
      const body = '{}';
      for (const timestamp of [now() - 301, now() + 301]) {
        await expectError(
          await sendStandard(body, standardHeaders(body, trigger.secret, { timestamp })),
          401,
          /webhook-timestamp is 30\d s (behind|ahead of) the server's clock; at most 300 s/,
        );
      }
      await accepted(
        await sendStandard(body, standardHeaders(body, trigger.secret, { timestamp: now() - 250 })),
      );
    });

    it('should accept a list of signatures when one of them matches (secret rotation)', async () => {
      const body = '{"rotating":true}';
      const headers = standardHeaders(body, trigger.secret);
      const id = headers['webhook-id'];
      const ts = Number(headers['webhook-timestamp']);
      const old = signStandard(id, ts, body, 'f'.repeat(64));
      await accepted(
        await sendStandard(body, {
          ...headers,
          'webhook-signature': `v1a,c29tZXRoaW5nIGVsc2U= ${old} ${headers['webhook-signature']}`,
        }),
      );
      await expectError(
        await sendStandard(body, { ...headers, 'webhook-id': `${id}b`, 'webhook-signature': old }),
        401,
        /does not match/,
      );
    });

    it('should refuse incomplete or malformed Standard Webhooks headers with a 401 naming them', async () => {
      const body = '{}';
      const headers = standardHeaders(body, trigger.secret);
      const { 'webhook-timestamp': _, ...withoutTimestamp } = headers;
      await expectError(await sendStandard(body, withoutTimestamp), 401, /needs all three headers/);
      await expectError(
        await sendStandard(body, { ...headers, 'webhook-signature': 'sha256=00' }),
        401,
        /webhook-signature must be/,
      );
      await expectError(
        await sendStandard(body, { ...headers, 'webhook-timestamp': '2026-01-01T00:00:00Z' }),
        401,
        /webhook-timestamp must be/,
      );
      // a valid legacy signature does not rescue a failed Standard one
      await expectError(
        await sendHook(t, trigger, body, { headers: { ...headers, 'webhook-id': 'msg_other' } }),
        401,
        /webhook-signature does not match/,
      );
    });

    it('should refuse the legacy signature alone when WEBHOOK_LEGACY_SIGNATURES=false', async () => {
      const strict = await startTestApp(withVars(t.env, { WEBHOOK_LEGACY_SIGNATURES: 'false' }));
      try {
        await expectError(
          await sendHook(strict, trigger, '{}'),
          401,
          /Send Standard Webhooks headers.*WEBHOOK_LEGACY_SIGNATURES=false/,
        );
        await accepted(
          await sendHook(strict, trigger, '{}', {
            signature: null,
            headers: standardHeaders('{}', trigger.secret),
          }),
        );
      } finally {
        await strict.close();
      }
    });
  });

  describe('when a dependency is down', () => {
    it('should answer 503 when PostgreSQL is unreachable', async () => {
      const down = await startTestApp({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' });
      try {
        const res = await fetch(`${down.url}/hooks/${'A'.repeat(43)}`, {
          method: 'POST',
          body: '{}',
          signal: AbortSignal.timeout(5_000),
        });
        await expectError(res, 503, /PostgreSQL or Redis/);
      } finally {
        await down.close();
      }
    });

    it('should answer 503, never 202, when Redis is unreachable', async () => {
      const down = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
      try {
        const downDb = down.db;
        const secret = 'c'.repeat(64);
        const bot = await downDb
          .insertInto('bots')
          .values({ name: 'offline', backend: 'claude' })
          .returning('id')
          .executeTakeFirstOrThrow();
        const trigger = await downDb
          .insertInto('triggers')
          .values({
            bot_id: bot.id,
            type: 'webhook',
            token: 'B'.repeat(43),
            secret_encrypted: new SecretBox(down.env.config.MASTER_KEY.key).encrypt(secret),
          })
          .returning(['id', 'token'])
          .executeTakeFirstOrThrow();

        const res = await fetch(`${down.url}/hooks/${trigger.token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-agented-signature': sign('{}', secret) },
          body: '{}',
          signal: AbortSignal.timeout(5_000),
        });
        await expectError(res, 503, /PostgreSQL or Redis/);
        // committed before the queue refused it: the worker's sweeper queues it later
        const rows = await downDb
          .selectFrom('executions')
          .select('status')
          .where('trigger_id', '=', trigger.id)
          .execute();
        expect(rows).toEqual([{ status: 'queued' }]);
      } finally {
        await down.close();
      }
    });
  });
});
