import { Injectable } from '@nestjs/common';
import { Kysely, sql } from 'kysely';
import { Database, ExecutionRow } from '../database/database.types';

/** What the reaper, the queued sweeper and the workspace cleaner ask about executions. */
@Injectable()
export class ExecutionMaintenanceRepository {
  constructor(private readonly db: Kysely<Database>) {}

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

  /** Status and end time of these executions; ids that no longer exist are missing. */
  statesOf(ids: string[]): Promise<Pick<ExecutionRow, 'id' | 'status' | 'finished_at'>[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('executions')
      .select(['id', 'status', 'finished_at'])
      .where('id', 'in', ids)
      .execute();
  }
}
