import { createHmac, randomUUID } from 'node:crypto';
import { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/database/database.types';
import { QueueRepository } from '../../src/queue/queue.repository';
import { AuthHeaders, authHeaders } from '../helpers/auth';
import { TestApp, startTestApp } from '../helpers/test-app';

interface Trigger {
  id: string;
  url: string;
  secret: string;
}

const sign = (body: string, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Group commit: webhooks arriving together share one lookup, one INSERT and one queue call. */
describe('webhook group commit', () => {
  let t: TestApp;
  let db: Kysely<Database>;
  let queue: QueueRepository;
  let operator: AuthHeaders;
  let seq = 0;

  const newTrigger = async (): Promise<Trigger> => {
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${t.url}${path}`, {
        method: 'POST',
        headers: { ...operator, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as Record<string, unknown>;
    };
    const bot = await post('/api/bots', { name: `batch-bot-${++seq}`, backend: 'command', command: ['true'] });
    return (await post(`/api/bots/${String(bot.id)}/triggers`, { type: 'webhook' })) as unknown as Trigger;
  };
  const hook = (trigger: Trigger, body: string, deliveryId = randomUUID()) =>
    fetch(`${t.url}${trigger.url}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-agented-signature': sign(body, trigger.secret),
        'x-agented-delivery': deliveryId,
      },
      body,
    });
  const executionsOf = (triggerIds: string[]) =>
    db.selectFrom('executions').selectAll().where('trigger_id', 'in', triggerIds).execute();

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(Kysely);
    queue = t.app.get(QueueRepository);
    operator = await authHeaders(t, 'operator');
  });
  afterAll(async () => {
    await t.close();
  });

  it('should give each of many concurrent webhooks its own delivery, execution and job', async () => {
    const triggers = [await newTrigger(), await newTrigger()];
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => hook(triggers[i % 2], `{"n":${i}}`)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(60).fill(202));
    const bodies = (await Promise.all(results.map((r) => r.json()))) as { executionIds: string[] }[];

    const rows = await executionsOf(triggers.map((tr) => tr.id));
    expect(rows).toHaveLength(60);
    expect(new Set(bodies.flatMap((b) => b.executionIds))).toEqual(new Set(rows.map((r) => r.id)));
    for (const [i, row] of rows.entries()) {
      expect(await queue.get('executions').getJob(row.id), `job of execution ${i}`).toBeDefined();
    }
    // Rows written by one statement share its transaction's time (to the microsecond, so compared
    // in PostgreSQL): fewer distinct times than webhooks.
    const { statements } = await db
      .selectFrom('executions')
      .select((eb) => eb.fn.count<number>('queued_at').distinct().as('statements'))
      .where('trigger_id', 'in', triggers.map((tr) => tr.id))
      .executeTakeFirstOrThrow();
    expect(statements).toBeLessThan(60);
  });

  it('should fail only the webhook PostgreSQL refuses, not the others sharing its statement', async () => {
    const trigger = await newTrigger();
    const bodies = Array.from({ length: 20 }, (_, i) => (i === 7 ? '{"a":"\\u0000"}' : `{"n":${i}}`));
    const results = await Promise.all(bodies.map((body) => hook(trigger, body)));
    expect(results.map((r) => r.status)).toEqual(bodies.map((_, i) => (i === 7 ? 400 : 202)));
    expect(await executionsOf([trigger.id])).toHaveLength(19);
  });

  it('should accept one copy of a delivery id repeated among concurrent webhooks', async () => {
    const trigger = await newTrigger();
    const repeated = randomUUID();
    const ids = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? repeated : randomUUID()));
    const results = await Promise.all(ids.map((id, i) => hook(trigger, `{"n":${i}}`, id)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(21);
    expect(statuses.filter((s) => s === 200)).toHaveLength(9);

    const answers = (await Promise.all(results.map((r) => r.json()))) as { executionIds: string[] }[];
    const forRepeated = answers.filter((_, i) => ids[i] === repeated).map((a) => JSON.stringify(a));
    expect(new Set(forRepeated).size).toBe(1);
    expect(await executionsOf([trigger.id])).toHaveLength(21);
  });
});
