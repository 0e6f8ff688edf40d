import { describe, expect, it, vi } from 'vitest';
import { endEventSchema, logLineSchema, parsed, statusEventSchema } from './stream-events';

describe('stream events', () => {
  it('should pass a log line of the expected shape', () => {
    const line = { seq: 3, stream: 'stdout', text: 'hi', ts: '2026-01-01T00:00:00.000Z' };
    expect(parsed(logLineSchema, 'log', line)).toEqual(line);
  });

  it('should drop an event that does not have the expected shape', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(parsed(logLineSchema, 'log', { seq: '3', stream: 'stdout', text: 'hi', ts: 'x' })).toBeUndefined();
    expect(parsed(endEventSchema, 'end', { status: 'paused', exitCode: 0 })).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('should keep only the fields a status event may change', () => {
    const event = { id: 'e1', botId: 'b1', status: 'running', attempt: 1, costUsd: null };
    expect(parsed(statusEventSchema, 'status', event)).toEqual({
      id: 'e1',
      botId: 'b1',
      status: 'running',
      attempt: 1,
    });
  });
});
