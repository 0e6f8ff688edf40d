import { describe, expect, it } from 'vitest';
import { nextRunAt, scheduleProblem } from './schedule-pattern';

const at = (iso: string) => new Date(iso);

describe(scheduleProblem.name, () => {
  it('should accept five- and six-part patterns in any IANA zone', () => {
    expect(scheduleProblem({ cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' })).toBeUndefined();
    expect(scheduleProblem({ cron: '*/1 * * * * *', timezone: 'UTC' })).toBeUndefined();
    expect(scheduleProblem({ cron: '0 0 L * *', timezone: 'America/New_York' })).toBeUndefined();
  });

  it('should name the part of the pattern that is wrong', () => {
    expect(scheduleProblem({ cron: '61 * * * *', timezone: 'UTC' })).toEqual({
      field: 'cron',
      message: '"61 * * * *" is not a valid cron pattern: Invalid value for minute: 61',
    });
    expect(scheduleProblem({ cron: '* * *', timezone: 'UTC' })?.message).toMatch(
      /^"\* \* \*" is not a valid cron pattern: .*five, six, or seven/,
    );
  });

  it('should refuse a pattern that never matches', () => {
    expect(scheduleProblem({ cron: '0 0 30 2 *', timezone: 'UTC' })).toEqual({
      field: 'cron',
      message: '"0 0 30 2 *" never matches a date (e.g. February 30)',
    });
  });

  it('should refuse an unknown time zone', () => {
    expect(scheduleProblem({ cron: '* * * * *', timezone: 'Mars/Olympus' })).toEqual({
      field: 'timezone',
      message: '"Mars/Olympus" is not an IANA time zone like "Europe/Berlin" or "UTC"',
    });
  });
});

describe(nextRunAt.name, () => {
  it('should count in the trigger time zone', () => {
    // 09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC in summer
    expect(nextRunAt({ cron: '0 9 * * *', timezone: 'Europe/Berlin' }, at('2026-01-10T12:00:00Z'))).toEqual(
      at('2026-01-11T08:00:00Z'),
    );
    expect(nextRunAt({ cron: '0 9 * * *', timezone: 'Europe/Berlin' }, at('2026-07-10T12:00:00Z'))).toEqual(
      at('2026-07-11T07:00:00Z'),
    );
  });

  it('should return the tick strictly after the given time', () => {
    expect(nextRunAt({ cron: '* * * * * *', timezone: 'UTC' }, at('2026-01-01T00:00:05Z'))).toEqual(
      at('2026-01-01T00:00:06Z'),
    );
  });
});
