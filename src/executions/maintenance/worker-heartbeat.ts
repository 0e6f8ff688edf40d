import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PeriodicTask } from '../../common/periodic-task';
import { workerIdOf } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { Config } from '../../config/config.schema';
import { WorkerHeartbeatRepository } from '../../queue/worker-heartbeat.repository';

/** Missing this many beats in a row marks the worker as lost. */
const MISSED_BEATS = 3;

/**
 * Tells other workers this one is alive. Beats from boot until the very end of shutdown, since
 * executions keep running through the shutdown grace period.
 */
@Injectable()
export class WorkerHeartbeat implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHeartbeat.name);
  private readonly task: PeriodicTask;

  constructor(@InjectConfig() config: Config, heartbeats: WorkerHeartbeatRepository) {
    const id = workerIdOf(config);
    const seconds = config.WORKER_HEARTBEAT_SECONDS;
    this.task = new PeriodicTask(
      'heartbeat',
      seconds * 1_000,
      () => heartbeats.beat(id, seconds * MISSED_BEATS),
      this.logger,
    );
  }

  async onModuleInit(): Promise<void> {
    await this.task.startNow();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }
}
