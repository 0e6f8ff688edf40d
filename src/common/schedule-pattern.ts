import { Cron } from 'croner';

/**
 * Cron patterns mean what croner says they mean, everywhere: when a trigger is saved, in
 * `nextRunAt`, and in BullMQ, whose job schedulers ask `repeatStrategy` for each next tick
 * (its own parser reads some patterns differently, e.g. `L` or `5#2`).
 */
export const DEFAULT_TIMEZONE = 'UTC';

export interface SchedulePattern {
  cron: string;
  timezone: string;
}

export interface ScheduleProblem {
  field: 'cron' | 'timezone';
  message: string;
}

/** What is wrong with this pattern or time zone, or undefined when it will run. */
export function scheduleProblem({ cron, timezone }: SchedulePattern): ScheduleProblem | undefined {
  if (!isTimeZone(timezone)) {
    return {
      field: 'timezone',
      message: `"${timezone}" is not an IANA time zone like "Europe/Berlin" or "UTC"`,
    };
  }
  let next: Date | null;
  try {
    next = cronOf({ cron, timezone }).nextRun();
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^CronPattern: /, '') : String(err);
    return { field: 'cron', message: `"${cron}" is not a valid cron pattern: ${reason}` };
  }
  if (!next) return { field: 'cron', message: `"${cron}" never matches a date (e.g. February 30)` };
  return undefined;
}

/** The first tick strictly after `after`; null when there is none. */
export function nextRunAt(pattern: SchedulePattern, after = new Date()): Date | null {
  return cronOf(pattern).nextRun(after);
}

function cronOf({ cron, timezone }: SchedulePattern): Cron {
  // No callback: nothing is started, the object only computes dates.
  return new Cron(cron, { timezone, paused: true });
}

function isTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}
