import { Injectable } from '@nestjs/common';
import { TriggerRow } from '../database/database.types';
import { QueueRepository } from '../queue/queue.repository';
import { SchedulePattern } from '../common/schedule-pattern';
import { readScheduleConfig } from './trigger-config';

export type ScheduleTrigger = Pick<TriggerRow, 'id' | 'type' | 'enabled' | 'config'>;

/**
 * Keeps BullMQ's job scheduler of a trigger (id = trigger id) in step with the trigger: one while
 * it is an enabled schedule, none otherwise. BullMQ then adds one `schedule.fire` job per tick,
 * which exactly one worker takes however many there are.
 */
@Injectable()
export class ScheduleSync {
  constructor(private readonly queue: QueueRepository) {}

  async apply(trigger: ScheduleTrigger): Promise<void> {
    const pattern = wantedPattern(trigger);
    if (!pattern) {
      await this.remove(trigger.id);
      return;
    }
    await this.queue.upsertScheduler(
      trigger.id,
      { pattern: pattern.cron, tz: pattern.timezone },
      'schedule.fire',
      { triggerId: trigger.id },
    );
  }

  async remove(triggerId: string): Promise<void> {
    await this.queue.removeScheduler('schedules', triggerId);
  }
}

/** The pattern the trigger's scheduler must have; undefined when it must have none. */
export function wantedPattern(trigger: ScheduleTrigger): SchedulePattern | undefined {
  // A stored pattern that no longer parses gets no scheduler (readScheduleConfig logs it once).
  return trigger.type === 'schedule' && trigger.enabled ? readScheduleConfig(trigger) : undefined;
}
