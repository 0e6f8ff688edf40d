import { Injectable, Logger } from '@nestjs/common';
import { InjectConfig } from '../../config/config.module';
import { Config } from '../../config/config.schema';
import { ExecutionEventsRepository } from '../../live-log/execution-events.repository';
import { executionLogger } from '../../logging/execution-logger';
import { ExecutionLogsRepository } from '../execution-logs.repository';
import { LogPipeline } from './log-pipeline';
import { ProcessRun } from './process-run';
import { errorText, runnerLogger } from './runner-log';
import { SecretMasker } from './secret-masker';

/**
 * Where a run's log lines go: the live stream (Redis) and the record (PostgreSQL). A sink that
 * cannot keep up pauses the run's processes' output until it can.
 */
@Injectable()
export class LogDestinations {
  private readonly logger: Logger = runnerLogger();

  constructor(
    @InjectConfig() private readonly config: Config,
    private readonly logRows: ExecutionLogsRepository,
    private readonly events: ExecutionEventsRepository,
  ) {}

  pipelineFor(
    executionId: string,
    startSeq: number,
    masker: SecretMasker,
    processes: ProcessRun[],
  ): LogPipeline {
    let warned = false;
    return new LogPipeline(
      startSeq,
      {
        live: (lines) => this.events.appendLogs(executionId, lines),
        liveLastSeq: () => this.events.lastSeq(executionId),
        record: (lines) => this.logRows.insertLogs(executionId, lines),
      },
      {
        maxLineBytes: this.config.LOG_LINE_MAX_BYTES,
        masker,
        onBackpressure: (paused) => {
          executionLogger(this.logger, executionId).warn(
            paused
              ? 'output paused: its log lines cannot be sent (is Redis or PostgreSQL down?)'
              : 'output resumed',
          );
          for (const run of processes) run.pauseOutput(paused);
        },
        onError: (sink, err) => {
          if (!warned)
            executionLogger(this.logger, executionId).warn(
              `${sink} log flush failed, retrying: ${errorText(err)}`,
            );
          warned = true;
        },
      },
    );
  }
}
