import { describe, expect, it } from 'vitest';
import { compareEntryIds, readPosition, takeNewEntries } from './stream-cursors';

const entries = (...ids: string[]) => ids.map((id) => ({ id }));

describe('stream cursors', () => {
  describe(compareEntryIds.name, () => {
    it('should compare numerically, not as text', () => {
      expect(compareEntryIds('9-0', '10-0')).toBeLessThan(0);
      expect(compareEntryIds('10-2', '10-10')).toBeLessThan(0);
      expect(compareEntryIds('10-1', '10-0')).toBeGreaterThan(0);
      expect(compareEntryIds('7-0', '7-0')).toBe(0);
    });
  });

  describe(readPosition.name, () => {
    it('should start the shared read at the slowest follower', () => {
      expect(readPosition([{ cursor: '12-0' }, { cursor: '3-0' }, { cursor: '9-1' }])).toBe('3-0');
    });

    it('should have no position without followers', () => {
      expect(readPosition([])).toBeUndefined();
    });
  });

  describe(takeNewEntries.name, () => {
    it('should hand a follower only the entries after its cursor and advance it', () => {
      const follower = { cursor: '5-0' };
      expect(takeNewEntries(follower, '3-0', entries('4-0', '5-0', '5-1', '6-0'))).toEqual(
        entries('5-1', '6-0'),
      );
      expect(follower.cursor).toBe('6-0');
    });

    it('should give nothing to a follower behind the read, whose gap the batch does not cover', () => {
      const follower = { cursor: '2-0' };
      expect(takeNewEntries(follower, '8-0', entries('9-0', '10-0'))).toEqual([]);
      expect(follower.cursor).toBe('2-0');
    });

    it('should leave a follower ahead of the whole batch where it was', () => {
      const follower = { cursor: '20-0' };
      expect(takeNewEntries(follower, '3-0', entries('4-0', '5-0'))).toEqual([]);
      expect(follower.cursor).toBe('20-0');
    });

    it('should deliver each entry once when the same range is read again', () => {
      const follower = { cursor: '0-0' };
      const seen = [
        ...takeNewEntries(follower, '0-0', entries('1-0', '2-0')),
        ...takeNewEntries(follower, '0-0', entries('1-0', '2-0', '3-0')),
      ];
      expect(seen).toEqual(entries('1-0', '2-0', '3-0'));
    });
  });
});
