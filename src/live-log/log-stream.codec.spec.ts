import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEvent, encodeLog, eventEntryId, logEntryId } from './log-stream.codec';

describe(decodeEntry.name, () => {
  it('should read back what the worker writes', () => {
    const line = { seq: 7, stream: 'stdout' as const, text: 'hi', raw: '{"t":"hi"}', ts: 1_000 };
    expect(decodeEntry(logEntryId(7), encodeLog(line))).toEqual({ kind: 'log', id: '7-0', line });
    const end = { status: 'succeeded' as const, exitCode: 0 };
    expect(decodeEntry('7-1', encodeEvent('end', end))).toEqual({ kind: 'end', id: '7-1', data: end });
    expect(eventEntryId(7)).toBe('7-*');
  });

  it('should skip unknown and malformed entries instead of throwing', () => {
    expect(decodeEntry('3-1', ['k', 'status', 'd', '{not json'])).toBeUndefined();
    expect(decodeEntry('3-1', ['k', 'end'])).toBeUndefined();
    expect(decodeEntry('3-1', ['k', 'mystery'])).toBeUndefined();
    // a log line is only ever `<seq>-0`
    expect(decodeEntry('3-1', encodeLog({ seq: 3, stream: 'stdout', text: 'x', ts: 1 }))).toBeUndefined();
  });
});
