import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PeriodicTask } from '../common/periodic-task';
import { InjectConfig } from '../config/config.module';
import { Config } from '../config/config.schema';
import { QueueRepository } from '../queue/queue.repository';
import { TriggersRepository } from '../triggers/triggers.repository';
import { ScheduleSync, wantedPattern } from '../triggers/schedule-sync';

/**
 * The API changes a trigger's scheduler together with the trigger, but Redis can lose schedulers
 * (a restart without persistence) and an API call can fail between its two writes. Every worker,
 * at start and then every SCHEDULE_SYNC_SECONDS, makes the schedulers match PostgreSQL. Each fix
 * re-reads its trigger first, so a change the API is making meanwhile is not undone.
 */
@Injectable()
export class ScheduleReconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ScheduleReconciler.name);
  private readonly task: PeriodicTask;

  constructor(
    @InjectConfig() config: Config,
    private readonly triggers: TriggersRepository,
    private readonly queue: QueueRepository,
    private readonly sync: ScheduleSync,
  ) {
    this.task = new PeriodicTask(
      'schedule sync',
      config.SCHEDULE_SYNC_SECONDS * 1_000,
      () => this.reconcile(),
      this.logger,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.task.startNow();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }

  async reconcile(): Promise<void> {
    const wanted = await this.triggers.listEnabledTargets('schedule');
    const existing = new Map((await this.queue.schedulers('schedules')).map((s) => [s.id, s]));
    const stale = wanted.filter((trigger) => {
      const pattern = wantedPattern(trigger);
      const scheduler = existing.get(trigger.id);
      return pattern && (scheduler?.pattern !== pattern.cron || scheduler.tz !== pattern.timezone);
    });
    const wantedIds = new Set(wanted.map((t) => t.id));
    const orphans = [...existing.keys()].filter((id) => !wantedIds.has(id));

    for (const id of [...stale.map((t) => t.id), ...orphans]) {
      const fresh = await this.triggers.findById(id);
      if (fresh) await this.sync.apply(fresh);
      else await this.sync.remove(id);
    }
    if (stale.length + orphans.length > 0) {
      this.logger.warn(
        `schedule sync: repaired ${stale.length} missing or outdated and ${orphans.length} orphaned scheduler(s)`,
      );
    }
  }
}
