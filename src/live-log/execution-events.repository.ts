import { Injectable } from '@nestjs/common';
import Redis, { ChainableCommander } from 'ioredis';
import { Config } from '../config/config.schema';
import { InjectConfig } from '../config/config.module';
import { RedisConnections } from '../redis/redis-connections';
import { RedisKeys } from '../redis/redis-keys';
import { throwFirstError } from '../redis/transaction-results';
import {
  EndEventData,
  LogLine,
  StatusEventData,
  StreamEvent,
  decodeEntry,
  encodeEvent,
  encodeLog,
  eventEntryId,
  logEntryId,
  seqOfEntryId,
} from './log-stream.codec';

/** The live side of an execution: its Redis stream and the status fan-out channel. */
@Injectable()
export class ExecutionEventsRepository {
  private logWriter?: Redis;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    @InjectConfig() private readonly config: Config,
    private readonly connections: RedisConnections,
  ) {}

  /**
   * A batch of lines. The worker's log writer pipelines automatically: the lines of every running
   * execution sent in the same event-loop turn go out in one socket write, without building a
   * pipeline per batch (both were most of a busy worker's CPU, B2 in bench/README.md). It waits
   * for Redis rather than failing fast: the log pipeline retries, and no request is waiting.
   */
  async appendLogs(executionId: string, lines: LogLine[]): Promise<void> {
    if (lines.length === 0) return;
    this.logWriter ??= this.connections.dedicated('log-writer', {
      enableAutoPipelining: true,
      maxRetriesPerRequest: 1,
      commandTimeout: 5_000,
    });
    const writer = this.logWriter;
    const key = this.keys.logStream(executionId);
    const maxLen = String(this.config.LOG_STREAM_MAXLEN);
    await Promise.all(
      lines.map((line) => writer.xadd(key, 'MAXLEN', '~', maxLen, logEntryId(line.seq), ...encodeLog(line))),
    );
  }

  /** Status goes into the execution's stream (ordered with its lines) and out to every listener. */
  async emitStatus(data: StatusEventData, afterSeq: number): Promise<void> {
    await this.withStatus(this.redis.multi(), data, afterSeq).exec().then(throwFirstError);
  }

  /**
   * How an execution ends, in one round trip: its final status, then the `end` entry (the stream
   * then expires; PostgreSQL keeps the record). A refused entry is an error, not a silent gap that
   * would leave viewers waiting for an end that never comes.
   */
  async emitFinal(status: StatusEventData, end: EndEventData, afterSeq: number): Promise<void> {
    await this.withEnd(this.withStatus(this.redis.multi(), status, afterSeq), status.id, end, afterSeq)
      .exec()
      .then(throwFirstError);
  }

  private withStatus(multi: ChainableCommander, data: StatusEventData, afterSeq: number): ChainableCommander {
    return multi
      .xadd(
        this.keys.logStream(data.id),
        'MAXLEN',
        '~',
        String(this.config.LOG_STREAM_MAXLEN),
        eventEntryId(afterSeq),
        ...encodeEvent('status', data),
      )
      .publish(
        this.keys.eventsChannel,
        JSON.stringify({ id: data.id, botId: data.botId, status: data.status }),
      );
  }

  private withEnd(
    multi: ChainableCommander,
    executionId: string,
    data: EndEventData,
    afterSeq: number,
  ): ChainableCommander {
    const key = this.keys.logStream(executionId);
    return multi
      .xadd(key, eventEntryId(afterSeq), ...encodeEvent('end', data))
      .expire(key, this.config.LOG_STREAM_TTL_SECONDS);
  }

  /** The highest log seq in the live stream (0 when none): where a resumed run continues. */
  async lastSeq(executionId: string): Promise<number> {
    const last = await this.redis.xrevrange(this.keys.logStream(executionId), '+', '-', 'COUNT', 1);
    return last.length ? seqOfEntryId(last[0][0]).seq : 0;
  }

  /** The oldest entry id still in the live stream; undefined when the stream is gone (expired) or empty. */
  async firstEntryId(executionId: string): Promise<string | undefined> {
    const first = await this.redis.xrange(this.keys.logStream(executionId), '-', '+', 'COUNT', 1);
    return first[0]?.[0];
  }

  /**
   * Up to `count` stream entries after line `afterSeq`, as the log lines among them. `coveredSeq`
   * is the seq up to which the stream was read completely (Infinity when nothing was left).
   */
  async linesAfter(
    executionId: string,
    afterSeq: number,
    count: number,
  ): Promise<{ lines: LogLine[]; coveredSeq: number }> {
    const page = await this.entriesAfter(executionId, logEntryId(afterSeq), count);
    const lines = page.events.flatMap((e) => (e.kind === 'log' ? [e.line] : []));
    const coveredSeq = page.complete || !page.lastId ? Infinity : seqOfEntryId(page.lastId).seq;
    return { lines, coveredSeq };
  }

  /**
   * Up to `count` entries of the stream after entry `afterId`, decoded (a malformed one is skipped,
   * its id still counts). `lastId` is the id of the last entry read; `complete` when nothing was left.
   */
  async entriesAfter(
    executionId: string,
    afterId: string,
    count: number,
  ): Promise<{ events: StreamEvent[]; lastId?: string; complete: boolean }> {
    const entries = await this.redis.xrange(
      this.keys.logStream(executionId),
      `(${afterId}`,
      '+',
      'COUNT',
      count,
    );
    const events = entries.flatMap(([id, fields]) => decodeEntry(id, fields) ?? []);
    return { events, lastId: entries.at(-1)?.[0], complete: entries.length < count };
  }
}
