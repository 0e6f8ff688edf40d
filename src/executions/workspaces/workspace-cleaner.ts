import { Injectable } from '@nestjs/common';
import { PeriodicService } from '../../common/periodic-service';
import { InjectConfig } from '../../config/config.module';
import { Config } from '../../config/config.schema';
import { FINISHED_STATUSES } from '../../database/database.types';
import { ExecutionMaintenanceRepository } from '../execution-maintenance.repository';
import { WorkspaceAdapter } from './workspace.adapter';

const SWEEP_MS = 60_000;

/**
 * Removes the workspaces of failed runs once WORKSPACE_KEEP_FAILED_SECONDS have passed since
 * they ended, and any left by a worker that died (their execution ended, or is gone). Whether an
 * execution still runs is read from PostgreSQL, so workers sharing the directory can all sweep.
 */
@Injectable()
export class WorkspaceCleaner extends PeriodicService {
  constructor(
    @InjectConfig() private readonly config: Config,
    private readonly workspaces: WorkspaceAdapter,
    private readonly executions: ExecutionMaintenanceRepository,
  ) {
    super('workspace cleaner', SWEEP_MS);
  }

  protected runOnce(): Promise<void> {
    return this.sweep();
  }

  async sweep(now = Date.now()): Promise<void> {
    const ids = await this.workspaces.executionIds();
    const states = new Map((await this.executions.statesOf(ids)).map((s) => [s.id, s]));
    const keepMs = this.config.WORKSPACE_KEEP_FAILED_SECONDS * 1_000;
    for (const id of ids) {
      const state = states.get(id);
      const expired =
        !state ||
        (FINISHED_STATUSES.includes(state.status) && (state.finished_at?.getTime() ?? 0) + keepMs <= now);
      if (expired) await this.workspaces.remove(this.workspaces.dirFor(id));
    }
  }
}
