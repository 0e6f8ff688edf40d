import { ExecutionLogRow, ExecutionRow, LogStream } from '../database/database.types';
import { LogLine, StatusEventData } from './log-stream.codec';

/** A log line as the API's log pages and the SSE `log` events show it. */
export interface LogLineView {
  seq: number;
  stream: LogStream;
  text: string;
  raw?: string;
  /** ISO 8601 */
  ts: string;
}

/** What the `status` events of a stream carry: the execution's fields that change while it runs. */
export function mapStatusEvent(row: ExecutionRow): StatusEventData {
  return {
    id: row.id,
    botId: row.bot_id,
    status: row.status,
    attempt: row.attempt,
    exitCode: row.exit_code,
    error: row.error,
    workerId: row.worker_id,
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    costUsd: row.cost_usd === null ? null : Number(row.cost_usd),
    inputTokens: row.input_tokens ?? null,
    outputTokens: row.output_tokens ?? null,
  };
}

/** A line from the live stream or from PostgreSQL, shown the same way. */
export function mapLogLine(line: LogLine | ExecutionLogRow): LogLineView {
  const ts = 'execution_id' in line ? line.ts : new Date(line.ts);
  const raw = line.raw ?? undefined;
  return {
    seq: line.seq,
    stream: line.stream,
    text: line.text,
    ...(raw !== undefined && { raw }),
    ts: ts.toISOString(),
  };
}
