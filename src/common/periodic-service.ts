import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PeriodicTask } from './periodic-task';

/**
 * A provider whose whole job is one periodic task: the first run one interval after module init,
 * no new runs from module destroy on (a run in progress is awaited).
 */
export abstract class PeriodicService implements OnModuleInit, OnModuleDestroy {
  protected readonly logger = new Logger(this.constructor.name);
  private readonly task: PeriodicTask;

  protected constructor(name: string, intervalMs: number) {
    this.task = new PeriodicTask(name, intervalMs, () => this.runOnce(), this.logger);
  }

  /** One run; a failure is logged by the task and the next run still comes on time. */
  protected abstract runOnce(): Promise<void>;

  onModuleInit(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }
}
