import { Insertable, Kysely } from 'kysely';
import { Database, ExecutionRow, ExecutionsTable } from '../../src/database/database.types';
import { LogLine } from '../../src/live-log/log-stream.codec';

/** An execution row written straight to the database: queued and manual unless told otherwise. */
export function insertExecution(
  db: Kysely<Database>,
  botId: string,
  fields: Partial<Insertable<ExecutionsTable>> = {},
): Promise<ExecutionRow> {
  return db
    .insertInto('executions')
    .values({ bot_id: botId, trigger_type: 'manual', ...fields })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Lines `from..to` (inclusive) with recognisable text. */
export function logLines(from: number, to: number, stream: LogLine['stream'] = 'stdout'): LogLine[] {
  const lines: LogLine[] = [];
  for (let seq = from; seq <= to; seq++)
    lines.push({ seq, stream, text: `line ${seq}`, ts: 1_700_000_000_000 + seq });
  return lines;
}

export async function insertLogs(db: Kysely<Database>, executionId: string, lines: LogLine[]): Promise<void> {
  if (lines.length === 0) return;
  await db
    .insertInto('execution_logs')
    .values(
      lines.map((l) => ({
        execution_id: executionId,
        seq: l.seq,
        stream: l.stream,
        text: l.text,
        ts: new Date(l.ts),
      })),
    )
    .execute();
}

export const range = (from: number, to: number): number[] =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
