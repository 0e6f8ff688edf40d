import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { Identity } from '../access/identity';
import { ExecutionLogRow, ExecutionRow, FINISHED_STATUSES } from '../database/database.types';
import { ExecutionLogsRepository } from '../executions/execution-logs.repository';
import { ExecutionsRepository } from '../executions/executions.repository';
import { ExecutionEventsRepository } from '../live-log/execution-events.repository';
import { ExecutionStatusFeed } from '../live-log/execution-status-feed';
import { mapLogLine, mapStatusEvent } from '../live-log/live-log.mappers';
import { LogLine, StreamEvent, logEntryId, seqOfEntryId } from '../live-log/log-stream.codec';
import { LogStreamReader } from '../live-log/log-stream-reader';
import { SseConnection, sseFrame } from './sse-connection';
import { SseConnections } from './sse-connections';
import { lastEventIdHeader } from './streams.dto';

const REPLAY_PAGE = 1000;
const BACKLOG_PAGE_TTL_MS = 1_000;

type BacklogPage = Awaited<ReturnType<ExecutionEventsRepository['entriesAfter']>>;
/** Where one client is in an execution's log: the last line it was sent (each goes once, in order). */
interface ClientPosition {
  sentSeq: number;
}

/** Frames for one client, and where it will be once they are sent. */
interface ClientFrames {
  frames: string[];
  lastSeq: number;
  /** the batch holds the stream's `end` entry (its last frame) */
  ended: boolean;
}

/**
 * Serves the live streams. An execution's stream is replayed from Redis while its stream exists,
 * from PostgreSQL for what Redis no longer holds, then followed through the shared reader.
 * Log lines go out strictly in seq order and at most once per connection; status events may
 * repeat after a resume (they are idempotent for clients).
 */
@Injectable()
export class StreamsService {
  private readonly logger = new Logger(StreamsService.name);

  /**
   * Frames of entries, encoded once however many clients follow them: the shared reader and the
   * status feed hand every subscriber the same decoded object, so that object is the key.
   */
  private readonly frames = new WeakMap<object, string>();

  private readonly backlogPages = new Map<string, Promise<BacklogPage>>();

  constructor(
    private readonly executions: ExecutionsRepository,
    private readonly logRows: ExecutionLogsRepository,
    private readonly events: ExecutionEventsRepository,
    private readonly reader: LogStreamReader,
    private readonly feed: ExecutionStatusFeed,
    private readonly sse: SseConnections,
  ) {}

  /** Errors (bad resume point, unknown execution) are thrown before the stream starts. */
  async streamExecution(
    identity: Identity,
    id: string,
    resume: { header?: string; query?: number },
    reply: FastifyReply,
  ): Promise<void> {
    const afterSeq = this.resumePoint(resume);
    const execution = await this.executions.findById(id);
    if (!execution) throw new NotFoundException(`Execution ${id} not found`);

    const sse = this.sse.start(reply, identity);
    await this.follow(execution, afterSeq, sse).catch(this.closeOnError(id, sse));
  }

  /** Headers are gone once a stream has started: it closes, the client resumes with Last-Event-ID. */
  private closeOnError(executionId: string, sse: SseConnection): (err: unknown) => void {
    return (err) => {
      this.logger.warn(`stream of execution ${executionId} failed: ${(err as Error).message}`);
      sse.close();
    };
  }

  streamStatuses(identity: Identity, reply: FastifyReply): void {
    const sse = this.sse.start(reply, identity);
    sse.onClose(
      this.feed.subscribe((message) =>
        sse.sendFrame(this.frameOf(message, () => sseFrame('execution', message))),
      ),
    );
  }

  private frameOf(source: object, encode: () => string): string {
    let frame = this.frames.get(source);
    if (frame === undefined) {
      frame = encode();
      this.frames.set(source, frame);
    }
    return frame;
  }

  /** The header wins: EventSource sends it on reconnect, while the URL keeps its first query. */
  private resumePoint(resume: { header?: string; query?: number }): number {
    if (resume.header !== undefined) {
      const parsed = lastEventIdHeader.safeParse(resume.header);
      if (!parsed.success) throw new BadRequestException('Last-Event-ID: must be a non-negative integer');
      return parsed.data ?? 0;
    }
    return resume.query ?? 0;
  }

  private async follow(execution: ExecutionRow, afterSeq: number, sse: SseConnection): Promise<void> {
    const position: ClientPosition = { sentSeq: afterSeq };
    const firstEntry = await this.events.firstEntryId(execution.id);
    if (firstEntry === undefined && FINISHED_STATUSES.includes(execution.status)) {
      // The live stream has expired: PostgreSQL holds the whole record.
      await this.replayStored(execution.id, position, Infinity, sse);
      sse.send('status', mapStatusEvent(execution));
      sse.send('end', { status: execution.status, exitCode: execution.exit_code });
      sse.close();
      return;
    }
    if (firstEntry !== undefined) {
      // Trimmed (MAXLEN): the lines before the oldest entry still in Redis come from PostgreSQL.
      const { seq, part } = seqOfEntryId(firstEntry);
      const firstLiveSeq = part === 0 ? seq : seq + 1;
      if (firstLiveSeq > position.sentSeq + 1) {
        await this.replayStored(execution.id, position, firstLiveSeq, sse);
      }
    }
    if (!sse.isOpen) return;
    await this.catchUpThenFollow(execution.id, logEntryId(position.sentSeq), position, sse);
  }

  /**
   * The stream's backlog after `from` is read here, page by page as the client takes it, not by
   * the shared reader: a newcomer far behind would pull that reader (and the next lines of every
   * other follower) back through history. Then the client follows the shared reader. A live read
   * too large to write at once (a burst of long lines) sends the client back here from where it
   * was, rather than past what a client may have waiting, which would cut it off.
   */
  private async catchUpThenFollow(
    executionId: string,
    from: string,
    position: ClientPosition,
    sse: SseConnection,
  ): Promise<void> {
    let cursor = from;
    for (;;) {
      const page = await this.backlogPage(executionId, cursor);
      const batch = this.framesOf(page.events, position.sentSeq);
      await sse.sendFramesPaced(batch.frames);
      position.sentSeq = batch.lastSeq;
      if (batch.ended) sse.close();
      if (!sse.isOpen) return;
      cursor = page.lastId ?? cursor;
      if (page.complete) break;
    }

    // A queued execution has no stream yet; following its key picks it up once the worker writes.
    let forwarded = cursor;
    const onEntries = (events: StreamEvent[]): void => {
      const batch = this.framesOf(events, position.sentSeq);
      if (!sse.fitsAtOnce(batch.frames)) {
        unsubscribe();
        this.catchUpThenFollow(executionId, forwarded, position, sse).catch(
          this.closeOnError(executionId, sse),
        );
        return;
      }
      sse.sendFrames(batch.frames);
      position.sentSeq = batch.lastSeq;
      forwarded = events[events.length - 1].id;
      if (batch.ended) sse.close();
    };
    const unsubscribe = this.reader.subscribe(executionId, cursor, (events) => {
      try {
        onEntries(events);
      } catch (err) {
        // The reader has moved this client's cursor past these entries: closing (the client resumes
        // from its Last-Event-ID) is the way to not lose the rest.
        this.closeOnError(executionId, sse)(err);
      }
    });
    sse.onClose(unsubscribe);
  }

  private lineFrame(line: LogLine | ExecutionLogRow): string {
    return this.frameOf(line, () => sseFrame('log', mapLogLine(line), line.seq));
  }

  /** The frames of stream entries after line `afterSeq`, up to and including an `end` entry. */
  private framesOf(events: StreamEvent[], afterSeq: number): ClientFrames {
    const frames: string[] = [];
    let lastSeq = afterSeq;
    for (const event of events) {
      if (event.kind === 'log') {
        if (event.line.seq <= lastSeq) continue;
        lastSeq = event.line.seq;
        frames.push(this.lineFrame(event.line));
      } else {
        frames.push(this.frameOf(event.data, () => sseFrame(event.kind, event.data)));
        if (event.kind === 'end') return { frames, lastSeq, ended: true };
      }
    }
    return { frames, lastSeq, ended: false };
  }

  /**
   * A page of a stream's backlog. Newcomers on one execution mostly start at the same place and
   * read at the same pace: for a second after a page was read, the next one asking for it (same
   * stream, same position) gets the same decoded entries, and with them the same cached frames.
   */
  private backlogPage(executionId: string, afterId: string): Promise<BacklogPage> {
    const key = `${executionId} ${afterId}`;
    let page = this.backlogPages.get(key);
    if (!page) {
      page = this.events.entriesAfter(executionId, afterId, REPLAY_PAGE);
      this.backlogPages.set(key, page);
      const forget = () => setTimeout(() => this.backlogPages.delete(key), BACKLOG_PAGE_TTL_MS).unref();
      page.then(forget, () => this.backlogPages.delete(key));
    }
    return page;
  }

  /** The client's next lines before `beforeSeq`, paced by its reading. */
  private async replayStored(
    executionId: string,
    position: ClientPosition,
    beforeSeq: number,
    sse: SseConnection,
  ): Promise<void> {
    for (;;) {
      const rows = await this.logRows.logs(
        executionId,
        position.sentSeq,
        REPLAY_PAGE,
        Number.isFinite(beforeSeq) ? beforeSeq : undefined,
      );
      await sse.sendFramesPaced(rows.map((row) => this.lineFrame(row)));
      if (rows.length > 0) position.sentSeq = rows[rows.length - 1].seq;
      if (rows.length < REPLAY_PAGE || !sse.isOpen) return;
    }
  }
}
