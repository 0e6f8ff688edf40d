import { Injectable } from '@nestjs/common';
import { Kysely, RawBuilder, sql } from 'kysely';
import { Database, ExecutionLogRow } from '../database/database.types';
import { LogLine } from '../live-log/log-stream.codec';

export const LOG_COLUMNS = ['execution_id', 'seq', 'stream', 'text', 'raw', 'ts'] as const;

/** One multi-row insert's rows, as five arrays: the statement's size does not grow with the lines. */
export const logRows = (executionId: string, lines: LogLine[]): RawBuilder<unknown> => sql`
  select ${executionId}::uuid, * from unnest(
    ${lines.map((l) => l.seq)}::int[],
    ${lines.map((l) => l.stream)}::text[],
    ${lines.map((l) => l.text)}::text[],
    ${lines.map((l) => l.raw ?? null)}::text[],
    ${lines.map((l) => new Date(l.ts).toISOString())}::timestamptz[]
  )`;

/** An execution's stored log lines: written by the runner and the reaper, read by the API and streams. */
@Injectable()
export class ExecutionLogsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Idempotent: lines already stored (same execution and seq) are skipped. */
  async insertLogs(executionId: string, lines: LogLine[]): Promise<void> {
    if (lines.length === 0) return;
    await this.db
      .insertInto('execution_logs')
      .columns(LOG_COLUMNS)
      .expression(logRows(executionId, lines))
      .onConflict((oc) => oc.columns(['execution_id', 'seq']).doNothing())
      .execute();
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
}
