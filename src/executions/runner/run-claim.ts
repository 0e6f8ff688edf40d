import { Injectable } from '@nestjs/common';
import { BotOptions, readBotOptions } from '../../bots/bot-options';
import { workerIdOf } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { Config } from '../../config/config.schema';
import { BotRow, ExecutionRow } from '../../database/database.types';
import { ExecutionEventsRepository } from '../../live-log/execution-events.repository';
import { ExecutionRunsRepository, RunContext } from '../execution-runs.repository';
import { RunFinisher } from './run-finisher';

/**
 * How soon a run that found its bot at maxConcurrent looks again. Waiting runs sit in BullMQ's
 * delayed set, so they hold no worker slot; the claim's queue-order check keeps them in order.
 */
const SLOT_RECHECK_MS = 1_000;

/** A claimed execution (queued → running on this worker) and what its run needs. */
export interface ClaimedRun {
  execution: ExecutionRow;
  bot: BotRow;
  options: BotOptions;
  sealedSecrets: RunContext['sealedSecrets'];
  /** the seq after which this attempt's lines go: past the stream's and the record's last line */
  startSeq: number;
}

/**
 * Claims an execution for this worker, within its bot's limit. Nothing when it is no longer
 * queued (cancelled, taken by another worker, its bot deleted); a retry when its bot is busy.
 */
@Injectable()
export class RunClaim {
  private readonly workerId: string;

  constructor(
    @InjectConfig() config: Config,
    private readonly executions: ExecutionRunsRepository,
    private readonly events: ExecutionEventsRepository,
    private readonly finisher: RunFinisher,
  ) {
    this.workerId = workerIdOf(config);
  }

  /**
   * One round trip on the dispatch path: the claim (when the bot has no limit), what the run needs
   * and the live stream's position are read together. A bot with maxConcurrent, or one whose
   * limit the first statement could not read, is claimed by markRunning afterwards.
   */
  async claim(id: string): Promise<ClaimedRun | undefined | { retryAfterMs: number }> {
    const reads = Promise.all([this.executions.runContext(id), this.events.lastSeq(id)]);
    reads.catch(() => undefined); // observed below; a claim that fails first must not leave it unhandled
    const fast = await this.executions.markRunningIfUnlimited(id, this.workerId);
    const [context, liveSeq] = await reads.catch(async (err: unknown) => {
      if (fast) await this.finisher.failRunning(id, err);
      throw err;
    });
    // Bots cascade-delete their executions: without its bot, the execution is gone too.
    if (!context) return undefined;
    const { bot, sealedSecrets, storedSeq } = context;
    const options = readBotOptions(bot.options);
    const limit =
      options.maxConcurrent === null ? undefined : { botId: bot.id, maxConcurrent: options.maxConcurrent };
    const execution = fast ?? (await this.executions.markRunning(id, this.workerId, limit));
    if (execution === 'busy') return { retryAfterMs: SLOT_RECHECK_MS };
    if (!execution) return undefined;
    return { execution, bot, options, sealedSecrets, startSeq: Math.max(liveSeq, storedSeq) };
  }
}
