import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewBot } from '../../src/database/database.types';
import { insertBot } from '../factories/bot-rows';
import { TestEnv, createTestEnv, withVars } from '../helpers/test-env';
import {
  TestWorker,
  findExecution,
  isProcessGone,
  queueRun,
  startTestWorker,
  storedLines,
  streamEvents,
  streamLines,
  waitFor,
  waitForEnd,
} from '../helpers/worker';

/** Prints the pid of a grandchild in the bot's process group, then waits for a long time. */
const TREE = ['sh', '-c', 'sleep 300 & echo $!; sleep 300; wait'];

async function startTree(w: TestWorker, bot: Partial<NewBot> = {}) {
  const { id: botId } = await insertBot(w.db, { command: TREE, ...bot });
  const execution = await queueRun(w, botId);
  const pidLine = await waitFor('the grandchild pid', async () =>
    (await streamLines(w, execution.id)).find((l) => l.stream === 'stdout'),
  );
  const grandchild = Number(pidLine.text);
  expect(isProcessGone(grandchild)).toBe(false);
  return { id: execution.id, grandchild };
}

describe('worker: stopping executions', () => {
  let w: TestWorker;

  beforeAll(async () => {
    w = await startTestWorker({ WORKER_ID: 'worker-stop-test' });
  });
  afterAll(() => w?.close());

  it('should time out, end the whole process group and say so', async () => {
    const { id, grandchild } = await startTree(w, { timeout_seconds: 1 });
    const row = await waitForEnd(w, id);
    expect(row).toMatchObject({ status: 'timed_out', error: 'timed out after 1s' });
    expect((await storedLines(w, id)).at(-1)).toMatchObject({ stream: 'system', text: 'timed out after 1s' });
    await waitFor('the grandchild to be gone', () => isProcessGone(grandchild), 2_000);
  });

  it('should cancel a running execution within 2 s of the cancel message', async () => {
    const { id, grandchild } = await startTree(w);
    // Only the message, no flag: the pub/sub path alone must do it (the flag backstop is tested below).
    await w.redis.publish(w.keys.cancelChannel, id);
    await waitFor(
      'cancelled with its process group gone',
      async () => (await findExecution(w.db, id)).status === 'cancelled' && isProcessGone(grandchild),
      2_000,
    );
    const row = await waitForEnd(w, id);
    expect(row).toMatchObject({ status: 'cancelled', error: null });
    expect((await storedLines(w, id)).at(-1)).toMatchObject({ stream: 'system', text: 'cancelled' });
    expect((await streamEvents(w, id)).at(-1)).toMatchObject({ kind: 'end', data: { status: 'cancelled' } });
  });

  it('should cancel a running execution whose cancel message was missed, from its flag', async () => {
    const { id, grandchild } = await startTree(w);
    await w.db
      .updateTable('executions')
      .set({ cancel_requested_at: new Date() })
      .where('id', '=', id)
      .execute();
    const row = await waitForEnd(w, id, 5_000);
    expect(row.status).toBe('cancelled');
    await waitFor('the grandchild to be gone', () => isProcessGone(grandchild), 2_000);
  });

  it('should never start an execution cancelled while queued', async () => {
    const { id: botId } = await insertBot(w.db, { command: ['echo', 'must not run'] });
    const execution = await queueRun(w, botId, {
      status: 'cancelled',
      cancel_requested_at: new Date(),
      finished_at: new Date(),
    });
    await waitFor(
      'the job to complete',
      async () => (await w.queue.jobState('execution.run', { executionId: execution.id })) === 'completed',
    );
    expect(await findExecution(w.db, execution.id)).toMatchObject({
      status: 'cancelled',
      started_at: null,
      worker_id: null,
    });
    expect(await storedLines(w, execution.id)).toEqual([]);
    expect(await streamEvents(w, execution.id)).toEqual([]);
  });
});

describe('worker: shutdown', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv({ SHUTDOWN_GRACE_SECONDS: '0' });
  });
  afterAll(() => env?.cleanup());

  it('should hand a running execution back to the queue, and another worker continue it', async () => {
    const first = await startTestWorker(withVars(env, { WORKER_ID: 'worker-a' }));
    const { id, grandchild } = await startTree(first);
    await first.close();

    const second = await startTestWorker(withVars(env, { WORKER_ID: 'worker-b' }));
    try {
      expect(isProcessGone(grandchild)).toBe(true);
      const handedBack = await storedLines(second, id);
      expect(handedBack.at(-1)).toMatchObject({ stream: 'system', text: 'worker shutting down; re-queued' });

      const resumed = await waitFor('the second worker to run it', async () => {
        const row = await findExecution(second.db, id);
        return row.status === 'running' && row.worker_id === 'worker-b' ? row : undefined;
      });
      expect(resumed.attempt).toBe(2);
      const lines = await waitFor('the second attempt to start', async () => {
        const all = await streamLines(second, id);
        return all.length > handedBack.length ? all : undefined;
      });
      expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
      expect(lines[handedBack.length]).toMatchObject({ stream: 'system', text: 'started: sh' });
      const statuses = (await streamEvents(second, id)).flatMap((e) =>
        e.kind === 'status' ? [e.data.status] : [],
      );
      expect(statuses).toEqual(['running', 'queued', 'running']);

      await second.redis.publish(second.keys.cancelChannel, id);
      expect((await waitForEnd(second, id)).status).toBe('cancelled');
    } finally {
      await second.close();
    }
  });
});
