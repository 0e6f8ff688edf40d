import { RepeatStrategy } from 'bullmq';
import { DEFAULT_TIMEZONE, nextRunAt } from '../common/schedule-pattern';

/** BullMQ's hook for the next tick; the queue and every worker of `schedules` must use it. */
export const cronRepeatStrategy: RepeatStrategy = (millis, opts) =>
  opts.pattern
    ? nextRunAt({ cron: opts.pattern, timezone: opts.tz ?? DEFAULT_TIMEZONE }, new Date(millis))?.getTime()
    : undefined;
