import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PeriodicTask } from '../../common/periodic-task';
import { CancelChannel } from '../../live-log/cancel-channel';
import { ExecutionRunsRepository } from '../execution-runs.repository';
import { ActiveRuns } from './active-runs';

/** How often running executions' cancel flags are read, in case a pub/sub message was missed. */
const BACKSTOP_MS = 2_000;

/**
 * Cancels reach whichever worker runs the execution: every worker hears the cancel channel and
 * stops the run if it is one of its own. It keeps listening until shutdown has finished, since
 * executions may run through the shutdown grace period.
 */
@Injectable()
export class CancelListener implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CancelListener.name);
  private readonly backstop: PeriodicTask;

  constructor(
    private readonly cancels: CancelChannel,
    private readonly executions: ExecutionRunsRepository,
    private readonly active: ActiveRuns,
  ) {
    this.backstop = new PeriodicTask('cancel backstop', BACKSTOP_MS, () => this.checkFlags(), this.logger);
  }

  async onModuleInit(): Promise<void> {
    await this.cancels.subscribe((executionId) => this.active.stop(executionId, 'cancelled'));
    this.backstop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.backstop.stop();
  }

  private async checkFlags(): Promise<void> {
    const ids = this.active.ids();
    if (ids.length === 0) return;
    for (const id of await this.executions.cancelRequestedAmong(ids)) this.active.stop(id, 'cancelled');
  }
}
