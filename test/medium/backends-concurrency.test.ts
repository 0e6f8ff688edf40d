import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutionRow } from '../../src/database/database.types';
import { insertBot } from '../factories/bot-rows';
import { insertExecution } from '../factories/executions';
import { TestEnv, createTestEnv, withVars } from '../helpers/test-env';
import { TestWorker, findExecution, startTestWorker, waitForEnd } from '../helpers/worker';

describe('backends: per-bot concurrency across workers', () => {
  let env: TestEnv;
  let workers: TestWorker[];

  beforeAll(async () => {
    env = await createTestEnv();
    workers = [
      await startTestWorker(withVars(env, { WORKER_ID: 'concurrency-a' })),
      await startTestWorker(withVars(env, { WORKER_ID: 'concurrency-b' })),
    ];
  });
  afterAll(async () => {
    for (const w of workers ?? []) await w.close();
    await env?.cleanup();
  });

  /** Queues `count` runs of the bot one after the other; returns them in queue order, ended. */
  async function runMany(maxConcurrent: number | null, count: number): Promise<ExecutionRow[]> {
    const [w] = workers;
    const bot = await insertBot(w.db, {
      command: ['sh', '-c', 'sleep 0.4'],
      options: maxConcurrent === null ? {} : { maxConcurrent },
    });
    const queued: ExecutionRow[] = [];
    for (let i = 0; i < count; i++) queued.push(await insertExecution(w.db, bot.id));
    // Queued in reverse: the order of the jobs must not matter, only the order of the executions.
    for (const e of [...queued].reverse()) await w.queue.queue('execution.run', { executionId: e.id });
    for (const e of queued) await waitForEnd(w, e.id, 20_000);
    return Promise.all(queued.map((e) => findExecution(w.db, e.id)));
  }

  it('should never run more than maxConcurrent at once, and start them in queue order', async () => {
    const runs = await runMany(1, 4);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i].started_at!.getTime()).toBeGreaterThanOrEqual(runs[i - 1].finished_at!.getTime());
    }
  });

  it('should run a bot whose stored maxConcurrent is not a usable limit as a bot without one', async () => {
    // Written past the API (which refuses it): the claim's SQL and readBotOptions must agree on it.
    const runs = await runMany(0, 3);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const overlaps = runs.filter((r) => r !== runs[0] && r.started_at! < runs[0].finished_at!);
    expect(overlaps.length).toBeGreaterThan(0);
  });

  it('should let up to maxConcurrent runs of one bot run side by side', async () => {
    const runs = await runMany(2, 4);
    const overlaps = (a: ExecutionRow, b: ExecutionRow) =>
      a.started_at! < b.finished_at! && b.started_at! < a.finished_at!;
    const pairs = runs.flatMap((a, i) => runs.slice(i + 1).map((b) => overlaps(a, b)));
    expect(pairs.some(Boolean)).toBe(true);
    // Never three at once: at the start of each run, at most one other was running.
    for (const run of runs) {
      const running = runs.filter(
        (o) => o !== run && o.started_at! <= run.started_at! && o.finished_at! > run.started_at!,
      );
      expect(running.length).toBeLessThanOrEqual(1);
    }
    const starts = runs.map((r) => r.started_at!.getTime());
    expect(starts[2]).toBeGreaterThanOrEqual(
      Math.min(runs[0].finished_at!.getTime(), runs[1].finished_at!.getTime()),
    );
  });
});
