import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Identity } from '../access/identity';
import { BotsRepository } from '../bots/bots.repository';
import { botNotFound, disabledBotConflict } from '../bots/bot-errors';
import { RunBotDto } from '../bots/bots.dto';
import { Page, pageByTime } from '../common/paging';
import { ExecutionRow, FINISHED_STATUSES } from '../database/database.types';
import { CancelChannel } from '../live-log/cancel-channel';
import { ExecutionEventsRepository } from '../live-log/execution-events.repository';
import { mapLogLine, mapStatusEvent } from '../live-log/live-log.mappers';
import { QueueRepository } from '../queue/queue.repository';
import { ExecutionDispatcher } from './execution-dispatcher';
import { manualInput } from './execution-input';
import {
  ExecutionLogsQueryDto,
  ExecutionResponse,
  ListExecutionsQueryDto,
  LogLineResponse,
  mapExecution,
} from './executions.dto';
import { ExecutionLogsRepository } from './execution-logs.repository';
import { ExecutionsRepository } from './executions.repository';

// Status and end entries share the stream with lines; reading this many more entries than lines
// wanted keeps a page from coming back empty because of them (an execution has only a handful).
const EVENT_ENTRIES_MARGIN = 32;

const isFinished = (row: ExecutionRow): boolean => FINISHED_STATUSES.includes(row.status);

@Injectable()
export class ExecutionsService {
  constructor(
    private readonly executions: ExecutionsRepository,
    private readonly logRows: ExecutionLogsRepository,
    private readonly events: ExecutionEventsRepository,
    private readonly cancels: CancelChannel,
    private readonly queue: QueueRepository,
    private readonly dispatcher: ExecutionDispatcher,
    private readonly bots: BotsRepository,
    private readonly audit: AuditService,
  ) {}

  list(query: ListExecutionsQueryDto): Promise<Page<ExecutionResponse>> {
    return pageByTime(
      query,
      (limit, before) =>
        this.executions.list({
          botId: query.botId,
          status: query.status,
          limit,
          before: before && { queuedAt: before.at, id: before.id },
        }),
      (row) => row.queued_at_exact,
      mapExecution,
    );
  }

  async get(id: string): Promise<ExecutionResponse> {
    return mapExecution(await this.findOrThrow(id));
  }

  /**
   * Lines from PostgreSQL, plus for a running execution those only in its Redis stream so far.
   * Each source is complete up to the last seq it returned; the page stops where the first of
   * them stops, so a later page can never reveal a line that belonged before this one's end.
   */
  async logs(
    id: string,
    query: ExecutionLogsQueryDto,
  ): Promise<{ items: LogLineResponse[]; nextSeq: number }> {
    const afterSeq = query.afterSeq ?? 0;
    const execution = await this.findOrThrow(id);
    const stored = await this.logRows.logs(id, afterSeq, query.limit);
    const bySeq = new Map(stored.map((row) => [row.seq, mapLogLine(row)]));
    let coveredSeq = stored.length < query.limit ? Infinity : stored[stored.length - 1].seq;

    if (execution.status === 'running') {
      const live = await this.events.linesAfter(id, afterSeq, query.limit + EVENT_ENTRIES_MARGIN);
      for (const line of live.lines) if (!bySeq.has(line.seq)) bySeq.set(line.seq, mapLogLine(line));
      coveredSeq = Math.min(coveredSeq, live.coveredSeq);
    }

    const items = [...bySeq.values()]
      .filter((line) => line.seq <= coveredSeq)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, query.limit);
    return { items, nextSeq: items.length ? items[items.length - 1].seq : afterSeq };
  }

  /**
   * A queued execution is cancelled on the spot (the worker's queued → running step then fails)
   * and its live stream ended; a running one is flagged and its worker told over pub/sub.
   */
  async cancel(actor: Identity, id: string): Promise<ExecutionResponse> {
    const execution = await this.findOrThrow(id);
    if (isFinished(execution)) throw this.alreadyFinished(execution);
    const recordCancel = (status: string) =>
      this.audit.record(
        actor,
        'execution.cancel',
        { type: 'execution', id },
        { botId: execution.bot_id, status },
      );

    const cancelled = await this.executions.cancelQueued(id);
    if (cancelled) {
      await this.queue.remove('execution.run', { executionId: id });
      const afterSeq = await this.events.lastSeq(id);
      await this.events.emitFinal(
        mapStatusEvent(cancelled),
        { status: cancelled.status, exitCode: null },
        afterSeq,
      );
      await recordCancel('queued');
      return mapExecution(cancelled);
    }

    const flagged = await this.executions.requestCancel(id);
    if (!flagged) throw this.notFound(id);
    if (isFinished(flagged)) throw this.alreadyFinished(flagged);
    await this.cancels.requestCancel(id);
    await recordCancel(flagged.status);
    return mapExecution(flagged);
  }

  /** `POST /api/bots/:id/run`: a manual execution with the given input; not of a disabled bot. */
  async runBot(actor: Identity, botId: string, dto: RunBotDto): Promise<{ executionId: string }> {
    const bot = await this.bots.findById(botId);
    if (!bot) throw botNotFound(botId);
    if (!bot.enabled) throw disabledBotConflict(bot.name);
    const [execution] = await this.dispatcher.createAndQueue([
      { bot_id: bot.id, trigger_type: 'manual', input: manualInput(dto.input) },
    ]);
    await this.audit.record(actor, 'bot.run', { type: 'execution', id: execution.id }, { botId: bot.id });
    return { executionId: execution.id };
  }

  /** A new execution of the same bot with the same input and trigger context; not of a disabled bot. */
  async retry(actor: Identity, id: string): Promise<{ executionId: string }> {
    const original = await this.findOrThrow(id);
    if (!isFinished(original)) {
      throw new ConflictException(
        `Execution ${id} is still ${original.status}; retry it once it has finished`,
      );
    }
    // Bots cascade-delete their executions, so the bot of a found execution exists.
    const bot = await this.bots.findById(original.bot_id);
    if (!bot) throw this.notFound(id);
    if (!bot.enabled) throw disabledBotConflict(bot.name);
    const [created] = await this.dispatcher.createAndQueue([
      {
        bot_id: original.bot_id,
        trigger_id: original.trigger_id,
        delivery_id: original.delivery_id,
        trigger_type: 'retry',
        retry_of: original.id,
        input: original.input,
      },
    ]);
    await this.audit.record(actor, 'execution.retry', { type: 'execution', id: created.id }, { retryOf: id });
    return { executionId: created.id };
  }

  private async findOrThrow(id: string): Promise<ExecutionRow> {
    const execution = await this.executions.findById(id);
    if (!execution) throw this.notFound(id);
    return execution;
  }

  private notFound(id: string): NotFoundException {
    return new NotFoundException(`Execution ${id} not found`);
  }

  private alreadyFinished(execution: ExecutionRow): ConflictException {
    return new ConflictException(`Execution ${execution.id} has already finished (${execution.status})`);
  }
}
