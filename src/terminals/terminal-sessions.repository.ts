import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisKeys } from '../redis/redis-keys';
import { throwFirstError } from '../redis/transaction-results';

/** A session as every replica sees it; `owner` is the API process that runs its PTY. */
export interface TerminalSession {
  id: string;
  owner: string;
  userId: string;
  cwd: string;
  cols: number;
  rows: number;
  createdAt: string;
}

/** One entry of a session's output stream, in `seq` order. */
export type TerminalEvent = { seq: number; data: string } | { seq: number; end: true };

/** What travels on the output channel: an event of one session. */
export type TerminalOutputMessage = TerminalEvent & { id: string };

/** What travels on the input channel, for the session's owner. */
export type TerminalInputMessage =
  | { id: string; type: 'input'; data: string }
  | { id: string; type: 'resize'; cols: number; rows: number }
  | { id: string; type: 'kill' };

// Scrollback: about this many output batches are kept for replay.
const SCROLLBACK_ENTRIES = 2_000;
// A session record outlives a crashed owner by at most this long (the owner refreshes it).
export const SESSION_TTL_MS = 30_000;
// Output stays replayable this long after the last write or heartbeat.
const OUTPUT_TTL_MS = 10 * 60_000;
// An ended session's output stays for late viewers this long.
const ENDED_OUTPUT_TTL_MS = 60_000;

/** Terminal sessions in Redis: records, output streams and the two channels. */
@Injectable()
export class TerminalSessionsRepository {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async save(session: TerminalSession): Promise<void> {
    await this.redis
      .multi()
      .set(this.keys.terminalSession(session.id), JSON.stringify(session), 'PX', SESSION_TTL_MS)
      .sadd(this.keys.terminalIndex, session.id)
      .exec();
  }

  async get(id: string): Promise<TerminalSession | undefined> {
    const raw = await this.redis.get(this.keys.terminalSession(id));
    return raw ? (JSON.parse(raw) as TerminalSession) : undefined;
  }

  /** Oldest first; ids whose record expired (owner gone) are dropped from the index on the way. */
  async list(): Promise<TerminalSession[]> {
    const ids = await this.redis.smembers(this.keys.terminalIndex);
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.keys.terminalSession(id)));
    const gone = ids.filter((_, i) => raws[i] === null);
    if (gone.length > 0) await this.redis.srem(this.keys.terminalIndex, ...gone);
    return raws
      .flatMap((raw) => (raw ? [JSON.parse(raw) as TerminalSession] : []))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** The size its PTY has now, which the session list shows. Only the session's owner writes it. */
  async resize(id: string, cols: number, rows: number): Promise<void> {
    const session = await this.get(id);
    if (!session) return;
    await this.redis.set(
      this.keys.terminalSession(id),
      JSON.stringify({ ...session, cols, rows }),
      'PX',
      SESSION_TTL_MS,
    );
  }

  async remove(id: string): Promise<void> {
    await this.redis.multi().del(this.keys.terminalSession(id)).srem(this.keys.terminalIndex, id).exec();
  }

  /** The owner's heartbeat: its sessions and their scrollback stay while it lives. */
  async touch(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const id of ids) {
      pipeline.pexpire(this.keys.terminalSession(id), SESSION_TTL_MS);
      pipeline.pexpire(this.keys.terminalOutput(id), OUTPUT_TTL_MS);
    }
    await pipeline.exec();
  }

  /**
   * Appends and announces in one round trip. The owner is the only writer of a session and gives
   * each entry the id `<seq>-0`, so viewers can merge the replay with the channel without gaps.
   */
  async append(id: string, event: TerminalEvent): Promise<void> {
    const key = this.keys.terminalOutput(id);
    const fields = 'end' in event ? ['end', '1'] : ['data', event.data];
    const message: TerminalOutputMessage = { id, ...event };
    await this.redis
      .pipeline()
      .xadd(key, 'MAXLEN', '~', SCROLLBACK_ENTRIES, `${event.seq}-0`, ...fields)
      .pexpire(key, 'end' in event ? ENDED_OUTPUT_TTL_MS : OUTPUT_TTL_MS)
      .publish(this.keys.terminalOutputChannel, JSON.stringify(message))
      .exec()
      .then(throwFirstError);
  }

  /** The kept scrollback, oldest first. */
  async readOutput(id: string): Promise<TerminalEvent[]> {
    const entries = await this.redis.xrange(this.keys.terminalOutput(id), '-', '+');
    return entries.map(([entryId, fields]) => decodeEvent(entryId, fields));
  }

  async publishInput(message: TerminalInputMessage): Promise<void> {
    await this.redis.publish(this.keys.terminalInput, JSON.stringify(message));
  }
}

function decodeEvent(entryId: string, fields: string[]): TerminalEvent {
  const seq = Number(entryId.split('-')[0]);
  const record = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) record.set(fields[i], fields[i + 1]);
  return record.has('end') ? { seq, end: true } : { seq, data: record.get('data') ?? '' };
}

/** A pipeline resolves even when a command in it failed; surface that failure. */
