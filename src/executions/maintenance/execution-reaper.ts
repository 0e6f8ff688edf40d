import { Injectable } from '@nestjs/common';
import { PeriodicService } from '../../common/periodic-service';
import { workerIdOf } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { Config } from '../../config/config.schema';
import { ExecutionRow } from '../../database/database.types';
import { ExecutionEventsRepository } from '../../live-log/execution-events.repository';
import { mapStatusEvent } from '../../live-log/live-log.mappers';
import { ExecutionLogsRepository } from '../execution-logs.repository';
import { ExecutionMaintenanceRepository } from '../execution-maintenance.repository';
import { WorkerHeartbeatRepository } from '../../queue/worker-heartbeat.repository';

export const WORKER_LOST = 'worker lost';

const LIVE_COPY_BATCH = 1_000;

/**
 * Ends the executions of workers that died mid-run (no heartbeat): `failed`, "worker lost", with a
 * last log line and the end event so live viewers are released. Every worker runs it; the
 * conditional UPDATE makes exactly one of them announce each execution.
 */
@Injectable()
export class ExecutionReaper extends PeriodicService {
  private readonly workerId: string;

  constructor(
    @InjectConfig() config: Config,
    private readonly executions: ExecutionMaintenanceRepository,
    private readonly logRows: ExecutionLogsRepository,
    private readonly events: ExecutionEventsRepository,
    private readonly heartbeats: WorkerHeartbeatRepository,
  ) {
    super('reaper', config.WORKER_HEARTBEAT_SECONDS * 1_000);
    this.workerId = workerIdOf(config);
  }

  /**
   * Executions still `running` under our own id are from a previous life of this worker (same
   * WORKER_ID, restarted before its heartbeat expired): nothing runs them any more.
   */
  override async onModuleInit(): Promise<void> {
    await this.reapWorker(this.workerId);
    super.onModuleInit();
  }

  protected runOnce(): Promise<void> {
    return this.reapLost();
  }

  async reapLost(): Promise<void> {
    const workers = (await this.executions.runningWorkers())
      .map((r) => r.worker_id)
      .filter((id): id is string => id !== null);
    const alive = await this.heartbeats.aliveAmong(workers);
    for (const worker of workers) {
      if (!alive.has(worker)) await this.reapWorker(worker);
    }
  }

  private async reapWorker(workerId: string): Promise<void> {
    const reaped = await this.executions.failRunningOfWorker(workerId, WORKER_LOST);
    if (reaped.length) this.logger.warn(`worker ${workerId} lost: ${reaped.length} execution(s) failed`);
    for (const execution of reaped) await this.announce(execution);
  }

  private async announce(execution: ExecutionRow): Promise<void> {
    const { id } = execution;
    const [liveSeq, storedSeq] = await Promise.all([this.events.lastSeq(id), this.logRows.maxLogSeq(id)]);
    if (liveSeq > storedSeq) await this.keepLiveLines(id, storedSeq);
    const seq = Math.max(liveSeq, storedSeq) + 1;
    const line = { seq, stream: 'system' as const, text: WORKER_LOST, ts: Date.now() };
    await this.logRows.insertLogs(id, [line]);
    await this.events.appendLogs(id, [line]);
    await this.events.emitFinal(
      mapStatusEvent(execution),
      { status: execution.status, exitCode: execution.exit_code },
      seq,
    );
  }

  /**
   * The lost worker sent its last lines to the live stream (every few ms) before their batch
   * reached PostgreSQL (about once a second). The stream expires; the record must keep them.
   */
  private async keepLiveLines(id: string, afterSeq: number): Promise<void> {
    for (let after = afterSeq; ;) {
      const { lines, coveredSeq } = await this.events.linesAfter(id, after, LIVE_COPY_BATCH);
      await this.logRows.insertLogs(id, lines);
      if (coveredSeq === Infinity) return;
      after = coveredSeq;
    }
  }
}
