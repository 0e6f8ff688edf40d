import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { TimeCursor, pageByTime } from './paging';

interface Row {
  id: string;
  at: string;
}

/** Rows newest first, as a repository returns them: after `before`, at most `limit`. */
const ROWS: Row[] = [5, 4, 3, 2, 1].map((n) => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  at: `2030-01-01T00:00:0${n}.000001Z`,
}));
const rows = async (limit: number, before?: TimeCursor) =>
  ROWS.filter((r) => !before || r.at < before.at).slice(0, limit);
const page = (query: { limit: number; cursor?: string }) =>
  pageByTime(
    query,
    rows,
    (r) => r.at,
    (r) => r.id.slice(-1),
  );

describe(pageByTime.name, () => {
  it('should walk the whole list a page at a time, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const next = await page({ limit: 2, cursor });
      seen.push(...next.items);
      cursor = next.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['5', '4', '3', '2', '1']);
  });

  it('should give no cursor on a last page that is exactly full', async () => {
    expect(await page({ limit: 5 })).toEqual({ items: ['5', '4', '3', '2', '1'], nextCursor: null });
  });

  it('should refuse a cursor it did not make', async () => {
    const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
    for (const cursor of ['nope', forged]) {
      await expect(page({ limit: 2, cursor })).rejects.toThrow(BadRequestException);
    }
  });
});
