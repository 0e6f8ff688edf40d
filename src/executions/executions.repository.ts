import { Injectable } from '@nestjs/common';
import { Insertable, Kysely, Transaction, sql } from 'kysely';
import { Database, ExecutionRow, ExecutionStatus, ExecutionsTable } from '../database/database.types';

export type NewExecution = Insertable<ExecutionsTable>;
type Db = Kysely<Database> | Transaction<Database>;

export interface ExecutionListQuery {
  botId?: string;
  status?: ExecutionStatus;
  limit: number;
  /** (queued_at_exact, id) of the last item of the previous page */
  before?: { queuedAt: string; id: string };
}

/**
 * A listed execution with its queue time to the microsecond: a Date keeps milliseconds only, and
 * paging on a rounded time would skip rows queued within the same millisecond (one group commit).
 */
export type ExecutionListRow = ExecutionRow & { queued_at_exact: string };

/**
 * The executions as the API and the dispatcher see them: created, read, listed, cancelled. The
 * runner's claim and finish are in execution-runs.repository.ts, log rows in
 * execution-logs.repository.ts, the reaper's and sweepers' queries in execution-maintenance.repository.ts.
 */
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

  list(q: ExecutionListQuery): Promise<ExecutionListRow[]> {
    return this.db
      .selectFrom('executions')
      .selectAll()
      .select(
        sql<string>`to_char(queued_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
          'queued_at_exact',
        ),
      )
      .$if(q.botId !== undefined, (qb) => qb.where('bot_id', '=', q.botId!))
      .$if(q.status !== undefined, (qb) => qb.where('status', '=', q.status!))
      .$if(q.before !== undefined, (qb) =>
        qb.where(sql<boolean>`(queued_at, id) < (${q.before!.queuedAt}::timestamptz, ${q.before!.id}::uuid)`),
      )
      .orderBy('queued_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit)
      .execute();
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
}
