import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisConnections } from '../redis/redis-connections';
import { RedisKeys } from '../redis/redis-keys';
import { StreamEvent, decodeEntry } from './log-stream.codec';
import { compareEntryIds, readPosition, takeNewEntries } from './stream-cursors';

export type EntriesListener = (events: StreamEvent[]) => void;

interface Subscriber {
  cursor: string;
  onEntries: EntriesListener;
}

interface DecodedEntry {
  id: string;
  event: StreamEvent | undefined;
}

// A bound on how long a change could wait if an unblock ever misses (see wake()).
const BLOCK_MS = 5_000;
const COUNT_PER_STREAM = 500;
const RETRY_MS = 500;
const UNBLOCK_RETRY_MS = 5;

/**
 * The one blocking reader of this API process: a single `XREAD BLOCK` over every execution
 * stream that some open SSE connection follows, whatever the number of browsers.
 *
 * Every follower keeps a concrete last-seen id (never `$`, which silently skips whatever arrives
 * between two reads). A stream is read from its slowest follower's position; each follower is
 * handed only the entries after its own cursor, so a newcomer far behind re-reads history
 * without anyone else seeing a line twice.
 */
@Injectable()
export class LogStreamReader implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(LogStreamReader.name);
  private readonly streams = new Map<string, Set<Subscriber>>();
  private connection?: Redis;
  private clientId?: number;
  private closed = false;
  private loop?: Promise<void>;
  /** bumped whenever the next read must differ from the one in flight */
  private generation = 0;
  private inFlight?: number;
  private waking = false;
  private idle?: () => void;

  constructor(
    private readonly connections: RedisConnections,
    private readonly keys: RedisKeys,
    private readonly command: Redis,
  ) {}

  onModuleInit(): void {
    const connection = this.connections.dedicated('stream-reader');
    // A reconnected client has a new id; the loop asks for it again before its next read.
    connection.on('close', () => (this.clientId = undefined));
    this.connection = connection;
    this.loop = this.run(connection);
  }

  /** Delivers every entry of the execution's stream after `afterId`, in order, until unsubscribed. */
  subscribe(executionId: string, afterId: string, onEntries: EntriesListener): () => void {
    const key = this.keys.logStream(executionId);
    const subscriber: Subscriber = { cursor: afterId, onEntries };
    let followers = this.streams.get(key);
    if (!followers) {
      followers = new Set();
      this.streams.set(key, followers);
    }
    const before = readPosition(followers);
    followers.add(subscriber);
    if (before === undefined || compareEntryIds(afterId, before) < 0) this.changed();
    return () => this.unsubscribe(key, subscriber);
  }

  /** Streams currently read; for tests and metrics. */
  get followedStreams(): number {
    return this.streams.size;
  }

  /** Before Redis connections close: a quit would otherwise wait for the blocked read to time out. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.idle?.();
    await this.unblock().catch(() => 0);
    if (this.connection) await this.connections.close(this.connection);
    await this.loop;
  }

  private unsubscribe(key: string, subscriber: Subscriber): void {
    const followers = this.streams.get(key);
    if (!followers?.delete(subscriber)) return;
    // No wake-up: a read still naming this stream is harmless, the next one leaves it out.
    if (followers.size === 0) this.streams.delete(key);
  }

  private changed(): void {
    this.generation++;
    this.idle?.();
    void this.wake();
  }

  /**
   * Interrupts a read that was issued before the latest change. CLIENT UNBLOCK answers 0 when the
   * read has not reached Redis yet, so it is repeated until the read returns; one loop at a time
   * however many subscribers arrive together.
   */
  private async wake(): Promise<void> {
    if (this.waking) return;
    this.waking = true;
    try {
      while (this.isStale()) {
        if ((await this.unblock()) === 1) break;
        await sleep(UNBLOCK_RETRY_MS);
      }
    } catch (err) {
      // Redis is away: the blocked read ends by its own timeout.
      this.logger.debug(`unblock failed: ${(err as Error).message}`);
    } finally {
      this.waking = false;
    }
  }

  /** A read is waiting in Redis that predates the latest change (and can be reached by id). */
  private isStale(): boolean {
    return (
      !this.closed &&
      this.clientId !== undefined &&
      this.inFlight !== undefined &&
      this.inFlight !== this.generation
    );
  }

  private async unblock(): Promise<number> {
    if (this.clientId === undefined) return 0;
    return (await this.command.client('UNBLOCK', this.clientId)) as number;
  }

  private async run(connection: Redis): Promise<void> {
    while (!this.closed) {
      if (this.streams.size === 0) {
        await new Promise<void>((resolve) => (this.idle = resolve));
        this.idle = undefined;
        continue;
      }
      try {
        await this.readOnce(connection);
      } catch (err) {
        if (this.closed) return;
        this.logger.warn(`stream read failed: ${(err as Error).message}`);
        await sleep(RETRY_MS);
      }
    }
  }

  private async readOnce(connection: Redis): Promise<void> {
    this.clientId ??= (await connection.client('ID')) as number;
    const from = new Map<string, string>();
    for (const [key, followers] of this.streams) from.set(key, readPosition(followers)!);
    if (from.size === 0) return;
    this.inFlight = this.generation;
    let result: [string, [string, string[]][]][] | null;
    try {
      result = await connection.xread(
        'COUNT',
        COUNT_PER_STREAM,
        'BLOCK',
        BLOCK_MS,
        'STREAMS',
        ...from.keys(),
        ...from.values(),
      );
    } finally {
      this.inFlight = undefined;
    }
    for (const [key, entries] of result ?? []) this.deliver(key, from.get(key)!, entries);
  }

  private deliver(key: string, from: string, entries: [string, string[]][]): void {
    const followers = this.streams.get(key);
    if (!followers || entries.length === 0) return;
    const decoded: DecodedEntry[] = entries.map(([id, fields]) => ({ id, event: decodeEntry(id, fields) }));
    for (const follower of [...followers]) {
      const fresh = takeNewEntries(follower, from, decoded);
      const events = fresh.flatMap((e) => (e.event ? [e.event] : []));
      if (events.length === 0) continue;
      try {
        follower.onEntries(events);
      } catch (err) {
        this.logger.error(`stream listener failed: ${(err as Error).message}`);
      }
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
