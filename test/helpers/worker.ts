import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Redis from 'ioredis';
import { Kysely } from 'kysely';
import { readFileSync } from 'node:fs';
import { Database, ExecutionLogRow, ExecutionRow, NewBot } from '../../src/database/database.types';
import { NewExecution } from '../../src/executions/executions.repository';
import { QueueRepository } from '../../src/queue/queue.repository';
import { RedisKeys } from '../../src/redis/redis-keys';
import { LogLine, StreamEvent, decodeEntry } from '../../src/live-log/log-stream.codec';
import { WorkerModule } from '../../src/worker.module';
import { insertBot } from '../factories/bot-rows';
import { insertExecution } from '../factories/executions';
import { TestEnv, useEnv } from './test-env';

/** The real worker module, in-process, against a test env's database and Redis prefix. */
export interface TestWorker {
  app: INestApplicationContext;
  db: Kysely<Database>;
  redis: Redis;
  keys: RedisKeys;
  queue: QueueRepository;
  env: TestEnv;
  close(): Promise<void>;
}

/** Against `env` (whose owner cleans it up), or a fresh env with these settings, removed by `close()`. */
export async function startTestWorker(env: TestEnv | Record<string, string> = {}): Promise<TestWorker> {
  const { env: ownEnv, owned } = await useEnv(env);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(ownEnv.config), {
    logger: ['error', 'warn'],
  });
  await app.init();
  return {
    app,
    db: app.get<Kysely<Database>>(Kysely),
    redis: app.get(Redis),
    keys: app.get(RedisKeys),
    queue: app.get(QueueRepository),
    env: ownEnv,
    async close() {
      await app.close();
      if (owned) await ownEnv.cleanup();
    },
  };
}

/** A new execution of the bot, written straight to PostgreSQL, and its job queued. */
export async function queueRun(
  w: TestWorker,
  botId: string,
  fields: Partial<NewExecution> = {},
): Promise<ExecutionRow> {
  const execution = await insertExecution(w.db, botId, fields);
  await w.queue.queue('execution.run', { executionId: execution.id });
  return execution;
}

/** Seeds a bot and one execution of it, queues it, and waits for its end. */
export async function runBot(
  w: TestWorker,
  bot: Partial<NewBot>,
  input: Record<string, unknown> = {},
  timeoutMs?: number,
): Promise<ExecutionRow> {
  const { id } = await insertBot(w.db, bot);
  return waitForEnd(w, (await queueRun(w, id, { input })).id, timeoutMs);
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function findExecution(db: Kysely<Database>, id: string): Promise<ExecutionRow> {
  return db.selectFrom('executions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

const FINISHED = new Set(['succeeded', 'failed', 'cancelled', 'timed_out']);

/** Waits for the execution's final row; the end event is written right after it, so wait for that too. */
export async function waitForEnd(w: TestWorker, id: string, timeoutMs = 15_000): Promise<ExecutionRow> {
  await waitFor(
    `execution ${id} to end`,
    async () => (await streamEvents(w, id)).some((e) => e.kind === 'end'),
    timeoutMs,
  );
  const row = await findExecution(w.db, id);
  if (!FINISHED.has(row.status)) throw new Error(`end event written but status is ${row.status}`);
  return row;
}

export async function streamEvents(w: TestWorker, id: string): Promise<StreamEvent[]> {
  const entries = await w.redis.xrange(w.keys.logStream(id), '-', '+');
  return entries.map(([entryId, fields]) => decodeEntry(entryId, fields)).filter((e) => e !== undefined);
}

export async function streamLines(w: TestWorker, id: string): Promise<LogLine[]> {
  return (await streamEvents(w, id)).flatMap((e) => (e.kind === 'log' ? [e.line] : []));
}

/** The stored log rows, raw text included. */
export function storedRows(w: TestWorker, id: string): Promise<ExecutionLogRow[]> {
  return w.db
    .selectFrom('execution_logs')
    .selectAll()
    .where('execution_id', '=', id)
    .orderBy('seq')
    .execute();
}

/** The stored log rows as the lines the stream carried. */
export async function storedLines(w: TestWorker, id: string): Promise<LogLine[]> {
  const rows = await storedRows(w, id);
  return rows.map((r) => ({ seq: r.seq, stream: r.stream, text: r.text, ts: r.ts.getTime() }));
}

/** The texts of the stored stdout lines, in order. */
export async function storedStdout(w: TestWorker, id: string): Promise<string[]> {
  return (await storedLines(w, id)).filter((l) => l.stream === 'stdout').map((l) => l.text);
}

/** Dead, or a zombie nobody reaped (the container's init may not reap orphans). */
export function isProcessGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
}
