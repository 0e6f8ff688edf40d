/** Redis stream entry ids (`<ms>-<seq>`) compared numerically; string order would put 10-0 before 9-0. */
export function compareEntryIds(a: string, b: string): number {
  const [aMs, aSeq] = splitId(a);
  const [bMs, bSeq] = splitId(b);
  return aMs - bMs || aSeq - bSeq;
}

function splitId(id: string): [number, number] {
  const dash = id.indexOf('-');
  return dash < 0 ? [Number(id), 0] : [Number(id.slice(0, dash)), Number(id.slice(dash + 1))];
}

export interface Cursor {
  /** id of the last entry this follower has seen (entries are delivered strictly after it) */
  cursor: string;
}

/** Where one XREAD over a stream must start so that its slowest follower misses nothing. */
export function readPosition(followers: Iterable<Cursor>): string | undefined {
  let min: string | undefined;
  for (const f of followers) if (min === undefined || compareEntryIds(f.cursor, min) < 0) min = f.cursor;
  return min;
}

/**
 * The entries of a batch read after `from` that are new to `follower`, advancing its cursor.
 * A follower behind `from` gets nothing: the batch does not cover its gap, a later read from its
 * own position will. That is what lets followers at different positions share one read.
 */
export function takeNewEntries<E extends { id: string }>(follower: Cursor, from: string, batch: E[]): E[] {
  if (batch.length === 0 || compareEntryIds(follower.cursor, from) < 0) return [];
  const fresh = batch.filter((e) => compareEntryIds(e.id, follower.cursor) > 0);
  if (fresh.length > 0) follower.cursor = fresh[fresh.length - 1].id;
  return fresh;
}
