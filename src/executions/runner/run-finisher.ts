import { Injectable, Logger } from '@nestjs/common';
import { workerIdOf } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { Config } from '../../config/config.schema';
import { ExecutionRow } from '../../database/database.types';
import { ExecutionEventsRepository } from '../../live-log/execution-events.repository';
import { mapStatusEvent } from '../../live-log/live-log.mappers';
import { LogLine } from '../../live-log/log-stream.codec';
import { executionLogger } from '../../logging/execution-logger';
import { MetricsService } from '../../metrics/metrics.service';
import { TokenUsage } from '../backends/execution-backend';
import { ExecutionRunsRepository } from '../execution-runs.repository';
import { LogPipeline } from './log-pipeline';
import { Outcome } from './outcome';
import { errorText, runnerLogger } from './runner-log';

/**
 * Writes how an attempt ended: its last lines, its row and its events — finished with an
 * `Outcome`, or back to `queued` as the next attempt (a hand-back or a retry).
 */
@Injectable()
export class RunFinisher {
  private readonly logger: Logger = runnerLogger();
  private readonly workerId: string;

  constructor(
    @InjectConfig() config: Config,
    private readonly executions: ExecutionRunsRepository,
    private readonly events: ExecutionEventsRepository,
    private readonly metrics: MetricsService,
  ) {
    this.workerId = workerIdOf(config);
  }

  /** Never leave it `running` under a live worker: the reaper only looks at dead ones. */
  async failRunning(id: string, err: unknown): Promise<void> {
    const error = `worker error: ${errorText(err)}`;
    await this.executions
      .finish(id, this.workerId, { status: 'failed', exitCode: null, error })
      .catch(() => undefined);
  }

  /** Lines first, then the row, then the status and end events after the last line. */
  async conclude(
    execution: ExecutionRow,
    backend: string,
    pipeline: LogPipeline,
    outcome: Outcome,
    usage: TokenUsage | undefined,
  ): Promise<void> {
    const log = executionLogger(this.logger, execution.id);
    pipeline.system(outcome.line);
    const finish = (lines: LogLine[]) =>
      this.executions.finish(execution.id, this.workerId, { ...outcome, usage }, lines);
    // The last lines and the final row in one statement, while the live stream gets its last lines.
    const closing = pipeline.closeWith(finish);
    const [recorded, live] = await Promise.allSettled([closing.recorded, closing.live]);
    if (live.status === 'rejected')
      log.warn(`some log lines did not reach the live stream: ${errorText(live.reason)}`);
    let finished: ExecutionRow | undefined;
    if (recorded.status === 'fulfilled') finished = recorded.value;
    else {
      // The row must still be finished when some lines could not be stored.
      log.warn(`some log lines were not stored: ${errorText(recorded.reason)}`);
      finished = await finish([]);
    }
    if (!finished) {
      log.warn('ended elsewhere (reaped?); its result is dropped');
      return;
    }
    const seconds =
      ((finished.finished_at ?? new Date()).getTime() -
        (finished.started_at ?? finished.queued_at).getTime()) /
      1000;
    this.metrics.executionFinished(backend, finished.status, seconds);
    log.log(`${finished.status} after ${seconds.toFixed(1)}s (${backend})`);
    await this.events.emitFinal(
      mapStatusEvent(finished),
      { status: finished.status, exitCode: finished.exit_code },
      pipeline.lastSeq,
    );
  }

  /**
   * Back to `queued` as the next attempt (worker shutdown, or a retry later); its stream stays
   * open, with no end event, for the worker that continues it. false when it was ended elsewhere.
   */
  async queueNextAttempt(
    execution: ExecutionRow,
    pipeline: LogPipeline,
    line: string,
    usage: TokenUsage | undefined,
  ): Promise<boolean> {
    pipeline.system(line);
    await this.flush(execution.id, pipeline);
    const queued = await this.executions.queueNextAttempt(execution.id, this.workerId, usage);
    if (queued) await this.events.emitStatus(mapStatusEvent(queued), pipeline.lastSeq);
    return queued !== undefined;
  }

  /** The row must still be finished when some lines could not be stored, so this only logs. */
  async flush(executionId: string, pipeline: LogPipeline): Promise<void> {
    await pipeline.close().catch((err: unknown) => {
      executionLogger(this.logger, executionId).warn(`some log lines were not stored: ${errorText(err)}`);
    });
  }
}
