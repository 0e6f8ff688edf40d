import { Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import { ExecutionDispatcher } from '../executions/execution-dispatcher';
import { scheduleInput } from '../executions/execution-input';
import { OnJob } from '../queue/on-job.decorator';
import { JobPayloads } from '../queue/queue.definitions';
import { TriggersRepository } from '../triggers/triggers.repository';
import { ScheduleSync } from '../triggers/schedule-sync';
import { SchedulesRepository } from './schedules.repository';

/**
 * One `schedule.fire` job per tick, taken by one worker: it creates the tick's execution and
 * queues it. The tick is part of the execution's identity, so a job BullMQ runs twice (retried,
 * or taken over after a stall) finds the execution already there and only makes sure it is queued.
 */
@Injectable()
export class ScheduleFirer {
  constructor(
    private readonly triggers: TriggersRepository,
    private readonly schedules: SchedulesRepository,
    private readonly dispatcher: ExecutionDispatcher,
    private readonly sync: ScheduleSync,
  ) {}

  @OnJob('schedule.fire')
  async fire({ triggerId }: JobPayloads['schedule.fire'], job: Job): Promise<void> {
    const trigger = await this.triggers.findTarget(triggerId);
    // Deleted behind the API's back (its bot was deleted): its scheduler goes too.
    if (!trigger) return this.sync.remove(triggerId);
    // Disabled meanwhile (the API removes the scheduler), or its bot is off: this tick runs nothing.
    if (trigger.type !== 'schedule' || !trigger.enabled || !trigger.bot_enabled) return;

    const scheduledAt = tickOf(job);
    const created = await this.schedules.createTickExecution({
      triggerId,
      botId: trigger.bot_id,
      scheduledAt,
      input: scheduleInput(scheduledAt),
    });
    if (created) return this.dispatcher.enqueue([created.id]);
    // A second run of the same tick: queueing again is idempotent (jobId = execution id).
    const earlier = await this.schedules.findTickExecution(triggerId, scheduledAt);
    if (earlier?.status === 'queued') await this.dispatcher.enqueue([earlier.id]);
  }
}

/** BullMQ stamps each job of a scheduler with its tick (`prevMillis`) and adds it at that time. */
export function tickOf(job: Pick<Job, 'opts' | 'timestamp' | 'delay'>): Date {
  return new Date(job.opts.prevMillis ?? job.timestamp + job.delay);
}
