import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/database/database';
import { Database } from '../../src/database/database.types';
import { ExecutionEventsRepository } from '../../src/live-log/execution-events.repository';
import { WorkerHeartbeatRepository } from '../../src/queue/worker-heartbeat.repository';
import { insertBot } from '../factories/bot-rows';
import { insertExecution } from '../factories/executions';
import { TestEnv, createTestEnv } from '../helpers/test-env';
import {
  TestWorker,
  findExecution,
  queueRun,
  startTestWorker,
  storedLines,
  streamEvents,
  waitFor,
  waitForEnd,
} from '../helpers/worker';

describe('worker: recovery', () => {
  let env: TestEnv;
  let w: TestWorker;
  let leftoverId: string;

  beforeAll(async () => {
    env = await createTestEnv({
      WORKER_ID: 'worker-recovery-test',
      WORKER_HEARTBEAT_SECONDS: '1',
      QUEUED_SWEEP_SECONDS: '1',
    });
    // A previous life of this same worker id left an execution `running`; nothing runs it now.
    const db: Kysely<Database> = createDatabase(env.databaseUrl, 1);
    const bot = await insertBot(db, { command: ['true'] });
    const leftover = await insertExecution(db, bot.id, {
      status: 'running',
      worker_id: 'worker-recovery-test',
      started_at: new Date(),
    });
    leftoverId = leftover.id;
    await db.destroy();
    w = await startTestWorker(env);
  });
  afterAll(async () => {
    await w?.close();
    await env?.cleanup();
  });

  it('should beat its heartbeat with a short expiry', async () => {
    const key = w.keys.workerHeartbeat('worker-recovery-test');
    expect(await w.redis.exists(key)).toBe(1);
    const ttl = await w.redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3);
  });

  it('should fail its own leftovers from a previous life at boot', async () => {
    expect(await findExecution(w.db, leftoverId)).toMatchObject({ status: 'failed', error: 'worker lost' });
  });

  it("should fail a lost worker's running execution with a last line and an end event, and spare live workers'", async () => {
    const bot = await insertBot(w.db, { command: ['true'] });
    const running = { status: 'running' as const, started_at: new Date() };
    // Queued while its lines are written, so that the reaper sees it only once they are there.
    const lost = await insertExecution(w.db, bot.id);
    const alive = await insertExecution(w.db, bot.id, { ...running, worker_id: 'alive-worker' });
    await w.app.get(WorkerHeartbeatRepository).beat('alive-worker', 60);
    const line = (seq: number, text: string) => ({ seq, stream: 'stdout' as const, text, ts: Date.now() });
    await w.db
      .insertInto('execution_logs')
      .values({ execution_id: lost.id, ...line(1, 'half-way'), ts: new Date() })
      .execute();
    // What the worker streamed after its last write to PostgreSQL: only Redis has these.
    await w.app
      .get(ExecutionEventsRepository)
      .appendLogs(lost.id, [line(1, 'half-way'), line(2, 'two'), line(3, 'three')]);
    await w.db
      .updateTable('executions')
      .set({ ...running, worker_id: 'ghost-worker' })
      .where('id', '=', lost.id)
      .execute();

    const row = await waitForEnd(w, lost.id);
    expect(row).toMatchObject({ status: 'failed', error: 'worker lost', exit_code: null });
    expect(await storedLines(w, lost.id)).toMatchObject([
      { seq: 1, text: 'half-way' },
      { seq: 2, text: 'two' },
      { seq: 3, text: 'three' },
      { seq: 4, stream: 'system', text: 'worker lost' },
    ]);
    const events = await streamEvents(w, lost.id);
    expect(events.at(-2)).toMatchObject({ kind: 'status', data: { status: 'failed', error: 'worker lost' } });
    expect(events.at(-1)).toMatchObject({ kind: 'end', data: { status: 'failed', exitCode: null } });
    expect((await findExecution(w.db, alive.id)).status).toBe('running');
  });

  it('should queue again an execution whose job never reached the queue', async () => {
    const bot = await insertBot(w.db, { command: ['echo', 'swept'] });
    const orphan = await insertExecution(w.db, bot.id, { queued_at: new Date(Date.now() - 60_000) });
    expect(await w.queue.jobState('execution.run', { executionId: orphan.id })).toBe('unknown');
    const row = await waitForEnd(w, orphan.id);
    expect(row.status).toBe('succeeded');
  });

  it('should queue again an execution whose job ended without running it', async () => {
    const bot = await insertBot(w.db, { command: ['echo', 'swept again'] });
    const orphan = await queueRun(w, bot.id, { status: 'cancelled' });
    await waitFor(
      'the job to complete',
      async () => (await w.queue.jobState('execution.run', { executionId: orphan.id })) === 'completed',
    );
    // As if its first job had failed before claiming it: queued, old, and a finished job holds its id.
    await w.db
      .updateTable('executions')
      .set({ status: 'queued', queued_at: sql<Date>`now() - interval '1 minute'` })
      .where('id', '=', orphan.id)
      .execute();
    const row = await waitForEnd(w, orphan.id);
    expect(row.status).toBe('succeeded');
    expect((await storedLines(w, orphan.id)).map((l) => l.text)).toContain('swept again');
  });
});
