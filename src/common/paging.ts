import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';

/** Where a newest-first list goes on: the exact time and the id of the last row shown. */
export interface TimeCursor {
  at: string;
  id: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * One page of a list ordered newest first by (time, id). `rows` is asked for one row more than
 * the page holds: that row tells whether another page follows, without a count query. A cursor
 * this API did not make is refused.
 */
export async function pageByTime<Row extends { id: string }, Item>(
  query: { limit: number; cursor?: string },
  rows: (limit: number, before?: TimeCursor) => Promise<Row[]>,
  timeOf: (row: Row) => string,
  map: (row: Row) => Item,
): Promise<Page<Item>> {
  const before = query.cursor === undefined ? undefined : decodeTimeCursor(query.cursor);
  if (query.cursor !== undefined && !before) {
    throw new BadRequestException('cursor: not a nextCursor returned by this endpoint');
  }
  const found = await rows(query.limit + 1, before);
  const page = found.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => map(row)),
    nextCursor: found.length > query.limit ? encodeTimeCursor({ at: timeOf(last), id: last.id }) : null,
  };
}

const cursorSchema = z.tuple([z.iso.datetime({ precision: 6 }), z.uuid()]);

/** Opaque to clients; the time is exact (to the microsecond, as PostgreSQL keeps it). */
function encodeTimeCursor({ at, id }: TimeCursor): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

/** undefined when the text is not a cursor this API made */
function decodeTimeCursor(cursor: string): TimeCursor | undefined {
  try {
    const [at, id] = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { at, id };
  } catch {
    return undefined;
  }
}
