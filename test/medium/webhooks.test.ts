import { createHmac, randomUUID } from 'node:crypto';
import { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/crypto/secret-box';
import { Database } from '../../src/database/database.types';
import { QueueRepository } from '../../src/queue/queue.repository';
import { AuthHeaders, authHeaders } from '../helpers/auth';
import { TestApp, startTestApp } from '../helpers/test-app';
import { createTestEnv } from '../helpers/test-env';

const MAX_BYTES = 4096;
type Json = Record<string, unknown>;
interface Trigger {
  id: string;
  url: string;
  secret: string;
}
interface HookOptions {
  secret?: string;
  signature?: string | null;
  headers?: Record<string, string>;
  contentType?: string;
}

const sign = (body: string, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('webhooks', () => {
  let t: TestApp;
  let db: Kysely<Database>;
  let queue: QueueRepository;
  let operator: AuthHeaders;
  let seq = 0;

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { ...operator, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status).toBeLessThan(300);
    return (await res.json()) as Json;
  };
  const newTrigger = async (match: Json[] = [], bot: Json = {}): Promise<Trigger> => {
    const { id } = await api('POST', '/api/bots', { name: `hook-bot-${++seq}`, backend: 'claude', ...bot });
    return (await api('POST', `/api/bots/${String(id)}/triggers`, {
      type: 'webhook',
      match,
    })) as unknown as Trigger;
  };
  /** Signs with the trigger's secret unless told otherwise; `signature: null` sends none. */
  const hook = (trigger: Pick<Trigger, 'url' | 'secret'>, body: string, o: HookOptions = {}) =>
    fetch(`${t.url}${trigger.url}`, {
      method: 'POST',
      headers: {
        'content-type': o.contentType ?? 'application/json',
        ...(o.signature === null
          ? {}
          : { 'x-agented-signature': o.signature ?? sign(body, o.secret ?? trigger.secret) }),
        ...o.headers,
      },
      body,
    });
  const accepted = async (res: Response, status = 202) => {
    expect(res.status).toBe(status);
    return (await res.json()) as { deliveryId: string; executionIds: string[] };
  };
  const expectError = async (res: Response, status: number, message: RegExp) => {
    expect(res.status).toBe(status);
    const body = (await res.json()) as Json;
    expect(body).toEqual({ statusCode: status, error: expect.any(String), message: expect.any(String) });
    expect(body.message).toMatch(message);
  };
  const job = (executionId: string) => queue.get('executions').getJob(executionId);
  const executionsOf = (triggerId: string) =>
    db.selectFrom('executions').selectAll().where('trigger_id', '=', triggerId).execute();

  beforeAll(async () => {
    t = await startTestApp(await createTestEnv({ WEBHOOK_MAX_BYTES: String(MAX_BYTES) }));
    db = t.app.get(Kysely);
    queue = t.app.get(QueueRepository);
    operator = await authHeaders(t, 'operator');
  });
  afterAll(async () => {
    await t.close();
    await t.env.cleanup();
  });

  describe('accepted', () => {
    it('should store the delivery and a queued execution, then queue its job', async () => {
      const trigger = await newTrigger();
      const body = JSON.stringify({ action: 'opened', pr: { number: 7 } });
      const res = await hook(trigger, body, {
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

      const delivery = await db
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
      const trigger = await newTrigger();
      const { executionIds } = await accepted(await hook(trigger, '[1, 2]', { contentType: 'text/plain' }));
      const [execution] = await executionsOf(trigger.id);
      expect(execution.id).toBe(executionIds[0]);
      expect(execution.input).toMatchObject({ payload: [1, 2], event: null });
    });

    it('should accept a body sent without a content type', async () => {
      const trigger = await newTrigger();
      const body = '{"plain":true}';
      const res = await fetch(`${t.url}${trigger.url}`, {
        method: 'POST',
        headers: { 'x-agented-signature': sign(body, trigger.secret) },
        body: new Blob([body]),
      });
      expect((await accepted(res)).executionIds).toHaveLength(1);
    });

    it('should record a new delivery each time when no delivery id is sent', async () => {
      const trigger = await newTrigger();
      const a = await accepted(await hook(trigger, '{}'));
      const b = await accepted(await hook(trigger, '{}'));
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
      const trigger = await newTrigger(match);
      const { executionIds } = await accepted(
        await hook(trigger, JSON.stringify({ action: 'opened', labels: ['bot'] })),
      );
      expect(executionIds).toHaveLength(1);
      expect(await job(executionIds[0])).toBeDefined();
    });

    it('should record the delivery but run nothing when a rule fails', async () => {
      const trigger = await newTrigger(match);
      const { deliveryId, executionIds } = await accepted(
        await hook(trigger, JSON.stringify({ action: 'closed', labels: ['bot'] })),
      );
      expect(executionIds).toEqual([]);
      expect(await executionsOf(trigger.id)).toEqual([]);
      expect(
        await db.selectFrom('deliveries').select('id').where('id', '=', deliveryId).execute(),
      ).toHaveLength(1);
    });

    it('should run nothing for a disabled bot', async () => {
      const trigger = await newTrigger([], { enabled: false });
      expect((await accepted(await hook(trigger, '{}'))).executionIds).toEqual([]);
    });
  });

  describe('duplicates', () => {
    it('should answer 200 with the first executionIds and queue nothing new', async () => {
      const trigger = await newTrigger();
      const headers = { 'x-agented-delivery': 'same-id' };
      const first = await accepted(await hook(trigger, '{"n":1}', { headers }));
      const counts = await queue.get('executions').getJobCounts();

      const again = await accepted(await hook(trigger, '{"n":2}', { headers }), 200);
      expect(again).toEqual(first);
      expect(await executionsOf(trigger.id)).toHaveLength(1);
      expect(await queue.get('executions').getJobCounts()).toEqual(counts);
    });

    it('should accept exactly one of many concurrent copies', async () => {
      const trigger = await newTrigger();
      const headers = { 'x-agented-delivery': randomUUID() };
      const results = await Promise.all(Array.from({ length: 8 }, () => hook(trigger, '{}', { headers })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 202]);
      const bodies = await Promise.all(results.map((r) => r.json()));
      expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
      expect(await executionsOf(trigger.id)).toHaveLength(1);
    });

    it('should scope delivery ids to their trigger', async () => {
      const [a, b] = [await newTrigger(), await newTrigger()];
      const headers = { 'x-agented-delivery': 'shared' };
      await accepted(await hook(a, '{}', { headers }));
      await accepted(await hook(b, '{}', { headers }));
    });

    it('should remember a delivery that ran nothing', async () => {
      const trigger = await newTrigger([{ path: 'go', op: 'exists' }]);
      const headers = { 'x-agented-delivery': 'no-run' };
      const first = await accepted(await hook(trigger, '{}', { headers }));
      expect(await accepted(await hook(trigger, '{"go":1}', { headers }), 200)).toEqual(first);
      expect(await executionsOf(trigger.id)).toEqual([]);
    });
  });

  describe('refused', () => {
    let trigger: Trigger;
    beforeAll(async () => {
      trigger = await newTrigger();
    });

    it('should answer 404 for an unknown token, before checking the signature', async () => {
      await expectError(
        await hook({ ...trigger, url: `/hooks/${'A'.repeat(43)}` }, '{}'),
        404,
        /No enabled webhook/,
      );
      await expectError(
        await hook({ ...trigger, url: '/hooks/short' }, '{}', { signature: null }),
        404,
        /No enabled webhook/,
      );
    });

    it('should answer 404 for a disabled trigger', async () => {
      const disabled = await newTrigger();
      await api('PATCH', `/api/triggers/${disabled.id}`, { enabled: false });
      await expectError(await hook(disabled, '{}'), 404, /No enabled webhook/);
    });

    it('should answer 401 for a missing signature', async () => {
      await expectError(await hook(trigger, '{}', { signature: null }), 401, /Missing X-Agented-Signature/);
    });

    it('should answer 401 for a malformed signature', async () => {
      await expectError(await hook(trigger, '{}', { signature: 'sha1=abcdef' }), 401, /must be sha256=/);
      await expectError(await hook(trigger, '{}', { signature: 'sha256=zz' }), 401, /must be sha256=/);
    });

    it('should answer 401 for a wrong signature', async () => {
      await expectError(await hook(trigger, '{}', { secret: 'f'.repeat(64) }), 401, /does not match/);
      await expectError(
        await hook(trigger, '{}', { signature: sign('{ }', trigger.secret) }),
        401,
        /does not match/,
      );
    });

    it('should check the signature before parsing the body', async () => {
      await expectError(await hook(trigger, 'not json', { signature: null }), 401, /Missing/);
    });

    it('should answer 400 for a signed body that is not JSON', async () => {
      await expectError(await hook(trigger, '{"a":', {}), 400, /not valid JSON/);
      await expectError(await hook(trigger, '', {}), 400, /not valid JSON/);
    });

    it('should answer 400 for a delivery id over 200 characters', async () => {
      const headers = { 'x-agented-delivery': 'd'.repeat(201) };
      await expectError(await hook(trigger, '{}', { headers }), 400, /^x-agented-delivery: /);
    });

    it('should answer 400 for JSON that PostgreSQL cannot store', async () => {
      await expectError(await hook(trigger, '{"a":"\\u0000"}', {}), 400, /cannot store/);
    });

    it('should answer 413 with the error shape for a body over WEBHOOK_MAX_BYTES', async () => {
      const body = JSON.stringify({ big: 'x'.repeat(MAX_BYTES) });
      const res = await hook(trigger, body);
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({
        statusCode: 413,
        error: 'Payload Too Large',
        message: expect.stringMatching(/too large/i),
      });
    });

    it('should accept only the new secret after a rotation', async () => {
      const rotating = await newTrigger();
      const { secret } = await api('POST', `/api/triggers/${rotating.id}/rotate-secret`);
      await expectError(await hook(rotating, '{}'), 401, /does not match/);
      await accepted(await hook(rotating, '{}', { secret: String(secret) }));
    });
  });

  describe('when a dependency is down', () => {
    it('should answer 503 when PostgreSQL is unreachable', async () => {
      const down = await startTestApp(
        await createTestEnv({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' }),
      );
      try {
        const res = await fetch(`${down.url}/hooks/${'A'.repeat(43)}`, {
          method: 'POST',
          body: '{}',
          signal: AbortSignal.timeout(5_000),
        });
        await expectError(res, 503, /PostgreSQL or Redis/);
      } finally {
        await down.close();
        await down.env.cleanup();
      }
    });

    it('should answer 503, never 202, when Redis is unreachable', async () => {
      const env = await createTestEnv({ REDIS_URL: 'redis://127.0.0.1:1' });
      const down = await startTestApp(env);
      try {
        const downDb = down.app.get<Kysely<Database>>(Kysely);
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
            secret_encrypted: new SecretBox(env.config.MASTER_KEY.key).encrypt(secret),
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
        await env.cleanup();
      }
    });
  });
});
