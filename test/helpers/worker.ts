import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Redis from 'ioredis';
import { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BotRow, Database, ExecutionRow, NewBot } from '../../src/database/database.types';
import { NewExecution } from '../../src/executions/executions.repository';
import { QueueRepository } from '../../src/queue/queue.repository';
import { RedisKeys } from '../../src/redis/redis-keys';
import { LogLine, StreamEvent, decodeEntry } from '../../src/streams/log-stream.codec';
import { WorkerModule } from '../../src/worker.module';
import { TestEnv } from './test-env';

/** The real worker module, in-process, against a test env's database and Redis prefix. */
export interface TestWorker {
  app: INestApplicationContext;
  db: Kysely<Database>;
  redis: Redis;
  keys: RedisKeys;
  queue: QueueRepository;
  close(): Promise<void>;
}

export async function startTestWorker(env: TestEnv): Promise<TestWorker> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(env.config), {
    logger: ['error', 'warn'],
  });
  await app.init();
  return {
    app,
    db: app.get<Kysely<Database>>(Kysely),
    redis: app.get(Redis),
    keys: app.get(RedisKeys),
    queue: app.get(QueueRepository),
    close: () => app.close(),
  };
}

export function seedBot(db: Kysely<Database>, bot: Partial<NewBot>): Promise<BotRow> {
  return db
    .insertInto('bots')
    .values({ name: `bot-${randomBytes(4).toString('hex')}`, backend: 'command', ...bot })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function seedExecution(db: Kysely<Database>, row: Partial<NewExecution> & { bot_id: string }) {
  return db
    .insertInto('executions')
    .values({ trigger_type: 'manual', ...row })
    .returningAll()
    .executeTakeFirstOrThrow();
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

export async function storedLines(w: TestWorker, id: string): Promise<LogLine[]> {
  const rows = await w.db
    .selectFrom('execution_logs')
    .selectAll()
    .where('execution_id', '=', id)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ seq: r.seq, stream: r.stream, text: r.text, ts: r.ts.getTime() }));
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
