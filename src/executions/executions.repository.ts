import { Injectable } from '@nestjs/common';
import { Insertable, Kysely, Transaction, sql } from 'kysely';
import {
  Database,
  ExecutionLogRow,
  ExecutionRow,
  ExecutionStatus,
  ExecutionsTable,
} from '../database/database.types';
import { LogLine } from '../streams/log-stream.codec';

export type NewExecution = Insertable<ExecutionsTable>;
type Db = Kysely<Database> | Transaction<Database>;

export interface ExecutionListQuery {
  botId?: string;
  status?: ExecutionStatus;
  limit: number;
  /** (queuedAt, id) of the last item of the previous page */
  before?: { queuedAt: Date; id: string };
}

export interface FinishChanges {
  status: ExecutionStatus;
  exitCode: number | null;
  error: string | null;
  costUsd?: number | null;
}

@Injectable()
export class ExecutionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Multi-row insert; pass the transaction that also writes the delivery. */
  createMany(rows: NewExecution[], trx: Db = this.db): Promise<ExecutionRow[]> {
    if (rows.length === 0) return Promise.resolve([]);
    return trx.insertInto('executions').values(rows).returningAll().execute();
  }

  findById(id: string): Promise<ExecutionRow | undefined> {
    return this.db.selectFrom('executions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findIdsByDelivery(deliveryId: string, trx: Db = this.db): Promise<string[]> {
    return trx
      .selectFrom('executions')
      .select('id')
      .where('delivery_id', '=', deliveryId)
      .orderBy('queued_at')
      .orderBy('id')
      .execute()
      .then((rows) => rows.map((r) => r.id));
  }

  list(q: ExecutionListQuery): Promise<ExecutionRow[]> {
    return this.db
      .selectFrom('executions')
      .selectAll()
      .$if(q.botId !== undefined, (qb) => qb.where('bot_id', '=', q.botId!))
      .$if(q.status !== undefined, (qb) => qb.where('status', '=', q.status!))
      .$if(q.before !== undefined, (qb) =>
        qb.where(sql<boolean>`(queued_at, id) < (${q.before!.queuedAt}, ${q.before!.id}::uuid)`),
      )
      .orderBy('queued_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit)
      .execute();
  }

  /** queued → running, only if still queued: a cancelled or already-taken execution is not started. */
  markRunning(id: string, workerId: string): Promise<ExecutionRow | undefined> {
    return this.db
      .updateTable('executions')
      .set({ status: 'running', worker_id: workerId, started_at: new Date(), error: null })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .returningAll()
      .executeTakeFirst();
  }

  /** Final state, only from running (the worker's own transition). */
  finish(id: string, workerId: string, c: FinishChanges): Promise<ExecutionRow | undefined> {
    return this.db
      .updateTable('executions')
      .set({
        status: c.status,
        exit_code: c.exitCode,
        error: c.error,
        cost_usd: c.costUsd ?? null,
        finished_at: new Date(),
      })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('worker_id', '=', workerId)
      .returningAll()
      .executeTakeFirst();
  }

  /** queued → cancelled in one step; undefined when it was no longer queued. */
  cancelQueued(id: string): Promise<ExecutionRow | undefined> {
    return this.db
      .updateTable('executions')
      .set({ status: 'cancelled', cancel_requested_at: new Date(), finished_at: new Date() })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .returningAll()
      .executeTakeFirst();
  }

  requestCancel(id: string): Promise<ExecutionRow | undefined> {
    return this.db
      .updateTable('executions')
      .set({ cancel_requested_at: sql`coalesce(cancel_requested_at, now())` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** Idempotent: lines already stored (same execution and seq) are skipped. */
  async insertLogs(executionId: string, lines: LogLine[]): Promise<void> {
    if (lines.length === 0) return;
    await sql`
      insert into execution_logs (execution_id, seq, stream, text, ts)
      select ${executionId}::uuid, * from unnest(
        ${lines.map((l) => l.seq)}::int[],
        ${lines.map((l) => l.stream)}::text[],
        ${lines.map((l) => l.text)}::text[],
        ${lines.map((l) => new Date(l.ts).toISOString())}::timestamptz[]
      )
      on conflict (execution_id, seq) do nothing`.execute(this.db);
  }

  logs(executionId: string, afterSeq: number, limit: number, beforeSeq?: number): Promise<ExecutionLogRow[]> {
    return this.db
      .selectFrom('execution_logs')
      .selectAll()
      .where('execution_id', '=', executionId)
      .where('seq', '>', afterSeq)
      .$if(beforeSeq !== undefined, (qb) => qb.where('seq', '<', beforeSeq!))
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  async maxLogSeq(executionId: string): Promise<number> {
    const row = await this.db
      .selectFrom('execution_logs')
      .select((eb) => eb.fn.max('seq').as('max'))
      .where('execution_id', '=', executionId)
      .executeTakeFirst();
    return Number(row?.max ?? 0);
  }

  /** Executions queued for longer than `olderThanSeconds`: the sweeper makes sure each has a job. */
  staleQueued(olderThanSeconds: number, limit: number): Promise<Pick<ExecutionRow, 'id'>[]> {
    return this.db
      .selectFrom('executions')
      .select('id')
      .where('status', '=', 'queued')
      .where(sql<boolean>`queued_at < now() - make_interval(secs => ${olderThanSeconds})`)
      .orderBy('queued_at')
      .limit(limit)
      .execute();
  }

  runningWorkers(): Promise<{ worker_id: string | null }[]> {
    return this.db
      .selectFrom('executions')
      .select('worker_id')
      .distinct()
      .where('status', '=', 'running')
      .execute();
  }

  /** Marks the running executions of a vanished worker as failed; returns them. */
  failRunningOfWorker(workerId: string, error: string): Promise<ExecutionRow[]> {
    return this.db
      .updateTable('executions')
      .set({ status: 'failed', error, finished_at: new Date() })
      .where('status', '=', 'running')
      .where('worker_id', '=', workerId)
      .returningAll()
      .execute();
  }
}
