import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotRow, ExecutionRow } from '../../src/database/database.types';
import { ExecutionDispatcher } from '../../src/executions/execution-dispatcher';
import { ExecutionEventsRepository } from '../../src/live-log/execution-events.repository';
import { QueueRepository } from '../../src/queue/queue.repository';
import { RedisKeys } from '../../src/redis/redis-keys';
import { insertBot } from '../factories/bot-rows';
import { insertExecution, insertLogs, logLines, range } from '../factories/executions';
import { ApiClient, apiAs, expectError, readJson } from '../helpers/api';
import { SseClient } from '../helpers/sse';
import { TestApp, startTestApp } from '../helpers/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface Page {
  items: { id: string; botId: string; status: string }[];
  nextCursor: string | null;
}

describe('executions API', () => {
  let t: TestApp;
  let events: ExecutionEventsRepository;
  let queue: QueueRepository;
  let bot: BotRow;
  let operator: ApiClient;

  const queued = async (input: Record<string, unknown> = {}): Promise<ExecutionRow> => {
    const dispatcher = t.app.get(ExecutionDispatcher, { strict: false });
    const [row] = await dispatcher.createAndQueue([{ bot_id: bot.id, trigger_type: 'manual', input }]);
    return row;
  };

  beforeAll(async () => {
    t = await startTestApp();
    events = t.app.get(ExecutionEventsRepository, { strict: false });
    queue = t.app.get(QueueRepository);
    bot = await insertBot(t.db);
    operator = await apiAs(t, 'operator');
  });
  afterAll(() => t.close());

  describe('GET /api/executions', () => {
    let other: BotRow;
    const ids: string[] = [];

    beforeAll(async () => {
      other = await insertBot(t.db);
      // One group commit: five rows share a queue time to the microsecond, only the id orders them.
      const sameInstant = await t.db
        .insertInto('executions')
        .values(range(1, 5).map(() => ({ bot_id: other.id, trigger_type: 'webhook' as const })))
        .returningAll()
        .execute();
      ids.push(...sameInstant.map((r) => r.id));
      for (const status of ['succeeded', 'failed', 'succeeded'] as const) {
        ids.push((await insertExecution(t.db, other.id, { status, finished_at: new Date() })).id);
      }
    });

    const listAll = async (query: string, limit: number) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const cursorParam: string = cursor ? `&cursor=${cursor}` : '';
        const page: Page = await readJson<Page>(
          await operator.call('GET', `/api/executions?${query}&limit=${limit}${cursorParam}`),
          200,
        );
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      return { seen, pages };
    };

    it('should page through every execution of a bot once, newest first', async () => {
      const { seen, pages } = await listAll(`botId=${other.id}`, 3);
      expect(pages).toBe(3);
      const rows = await t.db
        .selectFrom('executions')
        .select('id')
        .where('bot_id', '=', other.id)
        .orderBy('queued_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      expect(seen).toEqual(rows.map((r) => r.id));
      expect(new Set(seen)).toEqual(new Set(ids));
    });

    it('should filter by status', async () => {
      const { seen } = await listAll(`botId=${other.id}&status=succeeded`, 1);
      expect(seen).toHaveLength(2);
      const page = await readJson<Page>(
        await operator.call('GET', `/api/executions?botId=${other.id}&status=failed`),
        200,
      );
      expect(page.items.map((i) => i.status)).toEqual(['failed']);
      expect(page.nextCursor).toBeNull();
    });

    it('should default to 50 per page', async () => {
      const page = await readJson<Page>(await operator.call('GET', '/api/executions'), 200);
      expect(page.items.length).toBeGreaterThanOrEqual(8);
      expect(page.items.length).toBeLessThanOrEqual(50);
    });

    it('should reject a bad cursor, limit, status or botId', async () => {
      await expectError(await operator.call('GET', '/api/executions?cursor=bm9wZQ'), 400, /cursor/);
      await expectError(await operator.call('GET', '/api/executions?limit=0'), 400, /limit/);
      await expectError(await operator.call('GET', '/api/executions?limit=201'), 400, /limit/);
      await expectError(await operator.call('GET', '/api/executions?status=done'), 400, /status/);
      await expectError(await operator.call('GET', '/api/executions?botId=x'), 400, /botId/);
    });
  });

  describe('GET /api/executions/:id', () => {
    it('should return the execution', async () => {
      const row = await insertExecution(t.db, bot.id, {
        status: 'succeeded',
        started_at: new Date('2025-01-01T00:00:01Z'),
        finished_at: new Date('2025-01-01T00:00:09Z'),
        exit_code: 0,
        worker_id: 'w1',
        cost_usd: '0.0125',
      });
      const body = await readJson(await operator.call('GET', `/api/executions/${row.id}`), 200);
      expect(body).toEqual({
        id: row.id,
        botId: bot.id,
        triggerId: null,
        triggerType: 'manual',
        deliveryId: null,
        status: 'succeeded',
        attempt: 1,
        queuedAt: row.queued_at.toISOString(),
        startedAt: '2025-01-01T00:00:01.000Z',
        finishedAt: '2025-01-01T00:00:09.000Z',
        exitCode: 0,
        error: null,
        workerId: 'w1',
        costUsd: 0.0125,
      });
    });

    it('should answer 404 for an unknown id and 400 for a malformed one', async () => {
      await expectError(await operator.call('GET', `/api/executions/${UNKNOWN_ID}`), 404, /not found/);
      await expectError(await operator.call('GET', '/api/executions/not-a-uuid'), 400, /id/);
    });
  });

  describe('GET /api/executions/:id/logs', () => {
    it('should page stored lines with nextSeq', async () => {
      const row = await insertExecution(t.db, bot.id, { status: 'succeeded', finished_at: new Date() });
      await insertLogs(t.db, row.id, logLines(1, 7));
      const first = await readJson<{ items: { seq: number }[]; nextSeq: number }>(
        await operator.call('GET', `/api/executions/${row.id}/logs?limit=4`),
        200,
      );
      expect(first.items[0]).toEqual({
        seq: 1,
        stream: 'stdout',
        text: 'line 1',
        ts: new Date(1_700_000_000_001).toISOString(),
      });
      expect(first.items.map((l) => l.seq)).toEqual([1, 2, 3, 4]);
      expect(first.nextSeq).toBe(4);
      const second = await readJson<{ items: { seq: number }[]; nextSeq: number }>(
        await operator.call('GET', `/api/executions/${row.id}/logs?afterSeq=${first.nextSeq}&limit=4`),
        200,
      );
      expect(second.items.map((l) => l.seq)).toEqual([5, 6, 7]);
      const last = await readJson(
        await operator.call('GET', `/api/executions/${row.id}/logs?afterSeq=7`),
        200,
      );
      expect(last).toEqual({ items: [], nextSeq: 7 });
    });

    it('should merge the lines of a running execution that are only in Redis, without duplicates', async () => {
      const row = await insertExecution(t.db, bot.id, { status: 'running', started_at: new Date() });
      await insertLogs(t.db, row.id, logLines(1, 6));
      await events.emitStatus({ id: row.id, botId: bot.id, status: 'running' }, 0);
      await events.appendLogs(row.id, logLines(4, 13));
      const seqs: number[] = [];
      let after = 0;
      for (let i = 0; i < 10; i++) {
        const page = await readJson<{ items: { seq: number }[]; nextSeq: number }>(
          await operator.call('GET', `/api/executions/${row.id}/logs?afterSeq=${after}&limit=5`),
          200,
        );
        if (page.items.length === 0) break;
        seqs.push(...page.items.map((l) => l.seq));
        after = page.nextSeq;
      }
      expect(seqs).toEqual(range(1, 13));
    });

    it('should reject a bad afterSeq or limit', async () => {
      const row = await insertExecution(t.db, bot.id);
      await expectError(
        await operator.call('GET', `/api/executions/${row.id}/logs?afterSeq=-1`),
        400,
        /afterSeq/,
      );
      await expectError(
        await operator.call('GET', `/api/executions/${row.id}/logs?limit=1001`),
        400,
        /limit/,
      );
      await expectError(await operator.call('GET', `/api/executions/${UNKNOWN_ID}/logs`), 404, /not found/);
    });
  });

  describe('POST /api/executions/:id/cancel', () => {
    it('should cancel a queued execution at once, remove its job and end its live stream', async () => {
      const row = await queued();
      expect(await queue.jobState('execution.run', { executionId: row.id })).toBe('waiting');
      const live = await SseClient.open(`${t.url}/api/executions/${row.id}/stream`, operator.headers);

      const body = await readJson(await operator.call('POST', `/api/executions/${row.id}/cancel`), 202);
      expect(body).toMatchObject({ id: row.id, status: 'cancelled' });

      await live.waitForClose();
      expect(live.named('status').map((e) => JSON.parse(e.data))).toEqual([
        expect.objectContaining({ id: row.id, status: 'cancelled' }),
      ]);
      expect(JSON.parse(live.events.at(-1)!.data)).toEqual({ status: 'cancelled', exitCode: null });
      expect(await queue.jobState('execution.run', { executionId: row.id })).toBe('unknown');
      const stored = await t.db
        .selectFrom('executions')
        .selectAll()
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      expect(stored).toMatchObject({
        status: 'cancelled',
        cancel_requested_at: expect.any(Date),
        finished_at: expect.any(Date),
      });
    });

    it('should ask the worker running an execution to stop it', async () => {
      const row = await insertExecution(t.db, bot.id, {
        status: 'running',
        worker_id: 'w1',
        started_at: new Date(),
      });
      const subscriber = new Redis(t.env.config.REDIS_URL);
      try {
        const received: string[] = [];
        subscriber.on('message', (_channel: string, message: string) => received.push(message));
        await subscriber.subscribe(t.app.get(RedisKeys).cancelChannel);

        const body = await readJson(await operator.call('POST', `/api/executions/${row.id}/cancel`), 202);
        expect(body).toMatchObject({ id: row.id, status: 'running' });
        await expect.poll(() => received).toEqual([row.id]);
        const stored = await t.db
          .selectFrom('executions')
          .selectAll()
          .where('id', '=', row.id)
          .executeTakeFirstOrThrow();
        expect(stored.cancel_requested_at).toBeInstanceOf(Date);
        expect(stored.status).toBe('running');
      } finally {
        await subscriber.quit();
      }
    });

    it('should answer 409 for a finished execution and 404 for an unknown one', async () => {
      const row = await insertExecution(t.db, bot.id, { status: 'succeeded', finished_at: new Date() });
      await expectError(
        await operator.call('POST', `/api/executions/${row.id}/cancel`),
        409,
        /already finished/,
      );
      await expectError(
        await operator.call('POST', `/api/executions/${UNKNOWN_ID}/cancel`),
        404,
        /not found/,
      );
    });
  });

  describe('POST /api/executions/:id/retry', () => {
    it('should queue a new execution of the same bot with the same input', async () => {
      const original = await insertExecution(t.db, bot.id, {
        status: 'failed',
        finished_at: new Date(),
        input: { branch: 'main', n: 2 },
      });
      const { executionId } = await readJson<{ executionId: string }>(
        await operator.call('POST', `/api/executions/${original.id}/retry`),
        202,
      );
      expect(executionId).not.toBe(original.id);
      const created = await t.db
        .selectFrom('executions')
        .selectAll()
        .where('id', '=', executionId)
        .executeTakeFirstOrThrow();
      expect(created).toMatchObject({
        bot_id: bot.id,
        status: 'queued',
        trigger_type: 'retry',
        retry_of: original.id,
        input: { branch: 'main', n: 2 },
      });
      expect(await queue.jobState('execution.run', { executionId })).toBe('waiting');
    });

    it('should refuse to retry an execution that has not finished', async () => {
      const row = await insertExecution(t.db, bot.id, { status: 'running' });
      await expectError(await operator.call('POST', `/api/executions/${row.id}/retry`), 409, /still running/);
      await expectError(await operator.call('POST', `/api/executions/${UNKNOWN_ID}/retry`), 404, /not found/);
    });

    it('should refuse to retry an execution of a disabled bot, as a manual run is refused', async () => {
      const disabled = await insertBot(t.db, { enabled: false });
      const row = await insertExecution(t.db, disabled.id, { status: 'failed', finished_at: new Date() });
      await expectError(
        await operator.call('POST', `/api/executions/${row.id}/retry`),
        409,
        new RegExp(`^Bot "${disabled.name}" is disabled; enable it to run it$`),
      );
      const retries = await t.db
        .selectFrom('executions')
        .select('id')
        .where('retry_of', '=', row.id)
        .execute();
      expect(retries).toEqual([]);
    });
  });
});
