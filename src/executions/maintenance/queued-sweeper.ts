import { Injectable } from '@nestjs/common';
import { PeriodicService } from '../../common/periodic-service';
import { InjectConfig } from '../../config/config.module';
import { Config } from '../../config/config.schema';
import { QueueRepository } from '../../queue/queue.repository';
import { ExecutionMaintenanceRepository } from '../execution-maintenance.repository';

/** At most this many stale executions are looked at per sweep. */
const SWEEP_BATCH = 500;

/**
 * Executions committed as `queued` whose job never made it to Redis (the add failed after the
 * commit, or Redis lost it) get their job here. Every worker sweeps; jobId = executionId keeps
 * it idempotent.
 */
@Injectable()
export class QueuedSweeper extends PeriodicService {
  constructor(
    @InjectConfig() private readonly config: Config,
    private readonly executions: ExecutionMaintenanceRepository,
    private readonly queue: QueueRepository,
  ) {
    super('queued sweeper', config.QUEUED_SWEEP_SECONDS * 1_000);
  }

  protected runOnce(): Promise<void> {
    return this.sweep();
  }

  async sweep(): Promise<void> {
    const stale = await this.executions.staleQueued(this.config.QUEUED_SWEEP_SECONDS, SWEEP_BATCH);
    const missing = await Promise.all(stale.map(({ id }) => this.withoutLiveJob(id)));
    const ids = stale.map((s) => s.id).filter((_, i) => missing[i]);
    if (ids.length === 0) return;
    await this.queue.queueAll(
      'execution.run',
      ids.map((executionId) => ({ executionId })),
    );
    this.logger.warn(`re-queued ${ids.length} execution(s) that had no job`);
  }

  /**
   * true when the execution has no waiting or running job. A finished job with its id (e.g. it
   * failed before it could claim the execution) would make the new add a silent no-op: remove it.
   */
  private async withoutLiveJob(executionId: string): Promise<boolean> {
    const state = await this.queue.jobState('execution.run', { executionId });
    if (state === 'completed' || state === 'failed') {
      await this.queue.remove('execution.run', { executionId });
      return true;
    }
    return state === 'unknown';
  }
}
