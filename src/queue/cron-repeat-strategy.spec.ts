import { RepeatOptions } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { cronRepeatStrategy } from './cron-repeat-strategy';

describe('cronRepeatStrategy', () => {
  const repeat = (opts: Partial<RepeatOptions>) =>
    cronRepeatStrategy(Date.parse('2026-01-01T00:00:00Z'), opts);

  it('should give BullMQ the next tick in the scheduler time zone', () => {
    expect(repeat({ pattern: '30 6 * * *', tz: 'Asia/Tokyo' })).toBe(Date.parse('2026-01-01T21:30:00Z'));
  });

  it('should default to UTC', () => {
    expect(repeat({ pattern: '30 6 * * *' })).toBe(Date.parse('2026-01-01T06:30:00Z'));
  });

  it('should give nothing without a pattern', () => {
    expect(repeat({ every: 1000 })).toBeUndefined();
  });
});
