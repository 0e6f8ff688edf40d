import { ExecutionStatus, LogStream } from '../database/database.types';

/**
 * The per-execution Redis stream holds log lines, status changes and one end marker, in order.
 * Entry ids carry the log sequence: line `seq` is `<seq>-0`; events written after line `seq`
 * are `<seq>-1`, `<seq>-2`, … So resuming after line N is an XREAD from `N-0`, with no lookup.
 */
export interface LogLine {
  seq: number;
  stream: LogStream;
  text: string;
  /** the line as the CLI printed it, only when `text` is a readable rendering of it */
  raw?: string;
  /** epoch milliseconds */
  ts: number;
}

export interface StatusEventData {
  id: string;
  botId: string;
  status: ExecutionStatus;
  attempt?: number;
  exitCode?: number | null;
  error?: string | null;
  workerId?: string | null;
  startedAt?: string | null;
  finishedAt?: string | null;
  costUsd?: number | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
}

export interface EndEventData {
  status: ExecutionStatus;
  exitCode: number | null;
}

export type StreamEvent =
  | { kind: 'log'; id: string; line: LogLine }
  | { kind: 'status'; id: string; data: StatusEventData }
  | { kind: 'end'; id: string; data: EndEventData };

export const logEntryId = (seq: number): string => `${seq}-0`;
/** Redis 7 fills in the sequence part: the next free `<seq>-n`. */
export const eventEntryId = (afterSeq: number): string => `${afterSeq}-*`;

export function seqOfEntryId(id: string): { seq: number; part: number } {
  const dash = id.indexOf('-');
  return { seq: Number(id.slice(0, dash)), part: Number(id.slice(dash + 1)) };
}

export function encodeLog(line: LogLine): string[] {
  const fields = ['k', 'log', 's', line.stream, 't', line.text, 'ts', String(line.ts)];
  return line.raw === undefined ? fields : [...fields, 'r', line.raw];
}

export function encodeEvent(kind: 'status' | 'end', data: StatusEventData | EndEventData): string[] {
  return ['k', kind, 'd', JSON.stringify(data)];
}

/** Decodes one XREAD/XRANGE entry. Unknown or malformed ones return undefined: the reader skips
 * them (their id still moves the cursors) instead of stopping the stream. */
export function decodeEntry(id: string, fields: string[]): StreamEvent | undefined {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]] = fields[i + 1];
  switch (f.k) {
    case 'log': {
      const { seq, part } = seqOfEntryId(id);
      if (part !== 0) return undefined;
      return {
        kind: 'log',
        id,
        line: {
          seq,
          stream: f.s as LogStream,
          text: f.t ?? '',
          ...(f.r !== undefined && { raw: f.r }),
          ts: Number(f.ts),
        },
      };
    }
    case 'status': {
      const data = parseData<StatusEventData>(f.d);
      return data && { kind: 'status', id, data };
    }
    case 'end': {
      const data = parseData<EndEventData>(f.d);
      return data && { kind: 'end', id, data };
    }
    default:
      return undefined;
  }
}

function parseData<T>(json: string | undefined): T | undefined {
  try {
    return json === undefined ? undefined : (JSON.parse(json) as T);
  } catch {
    return undefined;
  }
}
