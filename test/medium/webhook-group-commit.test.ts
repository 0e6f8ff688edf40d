import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueRepository } from '../../src/queue/queue.repository';
import { WebhookTriggerBody, createWebhookTrigger } from '../factories/api';
import { ApiClient, apiAs } from '../helpers/api';
import { TestApp, startTestApp } from '../helpers/test-app';
import { sendHook } from '../helpers/webhooks';

/** Group commit: webhooks arriving together share one lookup, one INSERT and one queue call. */
describe('webhook group commit', () => {
  let t: TestApp;
  let queue: QueueRepository;
  let operator: ApiClient;

  const newTrigger = () => createWebhookTrigger(operator, [], { backend: 'command', command: ['true'] });
  const hook = (trigger: WebhookTriggerBody, body: string, deliveryId = randomUUID()) =>
    sendHook(t, trigger, body, { headers: { 'x-agented-delivery': deliveryId } });
  const executionsOf = (triggerIds: string[]) =>
    t.db.selectFrom('executions').selectAll().where('trigger_id', 'in', triggerIds).execute();

  beforeAll(async () => {
    t = await startTestApp();
    queue = t.app.get(QueueRepository);
    operator = await apiAs(t, 'operator');
  });
  afterAll(() => t.close());

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
    const { statements } = await t.db
      .selectFrom('executions')
      .select((eb) => eb.fn.count<number>('queued_at').distinct().as('statements'))
      .where(
        'trigger_id',
        'in',
        triggers.map((tr) => tr.id),
      )
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
