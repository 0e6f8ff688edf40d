import { setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '../../app/testing/http';
import { testingPinia } from '../../app/testing/pinia';
import { useExecutionsStore } from './executions.store';
import type { Execution, StatusEvent } from './executions.types';

function execution(id: string, overrides: Partial<Execution> = {}): Execution {
  return {
    id,
    botId: 'bot-a',
    triggerId: null,
    triggerType: 'manual',
    deliveryId: null,
    status: 'queued',
    attempt: 1,
    queuedAt: `2030-01-01T00:00:${id.padStart(2, '0')}.000Z`,
    startedAt: null,
    finishedAt: null,
    exitCode: null,
    error: null,
    workerId: null,
    ...overrides,
  };
}

/** A fake API: GET /api/executions pages through `rows` (newest first), GET /api/executions/:id finds one. */
function api(rows: Execution[], pageSize = 2) {
  const fetch = vi.fn(async (url: string) => {
    const u = new URL(url, 'http://x');
    const id = /^\/api\/executions\/([^/]+)$/.exec(u.pathname)?.[1];
    if (id) {
      const row = rows.find((r) => r.id === id);
      return row ? jsonResponse(200, row) : jsonResponse(404, { message: 'not found' });
    }
    const status = u.searchParams.get('status');
    const botId = u.searchParams.get('botId');
    const matching = rows
      .filter((r) => (!status || r.status === status) && (!botId || r.botId === botId))
      .sort((a, b) => b.queuedAt.localeCompare(a.queuedAt));
    const start = Number(u.searchParams.get('cursor') ?? 0);
    const end = start + pageSize;
    return jsonResponse(200, {
      items: matching.slice(start, end),
      nextCursor: end < matching.length ? String(end) : null,
    });
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('useExecutionsStore', () => {
  beforeEach(() => setActivePinia(testingPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('should load a filtered list newest first and page on with the cursor', async () => {
    const fetch = api([execution('1'), execution('2'), execution('3'), execution('4', { botId: 'bot-b' })]);
    const store = useExecutionsStore();

    await store.load({ botId: 'bot-a' });
    expect(store.items.map((e) => e.id)).toEqual(['3', '2']);
    expect(store.hasMore).toBe(true);
    expect(fetch.mock.calls[0][0]).toBe('/api/executions?botId=bot-a&limit=50');

    await store.loadMore();
    expect(store.items.map((e) => e.id)).toEqual(['3', '2', '1']);
    expect(store.hasMore).toBe(false);
  });

  it('should drop the answer of a load that a newer filter replaced', async () => {
    let answerFirst: (r: Response) => void = () => undefined;
    const failedPage = new Promise<Response>((resolve) => (answerFirst = resolve));
    vi.stubGlobal(
      'fetch',
      vi
        .fn()
        .mockReturnValueOnce(failedPage)
        .mockResolvedValueOnce(
          jsonResponse(200, { items: [execution('2', { status: 'succeeded' })], nextCursor: null }),
        ),
    );
    const store = useExecutionsStore();

    const first = store.load({ status: 'failed' });
    await store.load({ status: 'succeeded' });
    // The older answer arrives last, with a next page of its own filter.
    answerFirst(jsonResponse(200, { items: [execution('1', { status: 'failed' })], nextCursor: 'more' }));
    await first;

    expect(store.items.map((e) => e.id)).toEqual(['2']);
    expect(store.hasMore).toBe(false);
    expect(store.loading).toBe(false);
  });

  it('should apply a status change at once and then the full record', async () => {
    const rows = [execution('1'), execution('2')];
    api(rows);
    const store = useExecutionsStore();
    await store.load();

    rows[1] = execution('2', { status: 'succeeded', exitCode: 0, finishedAt: '2030-01-01T00:01:00.000Z' });
    const applied = store.applyStatus({ id: '2', botId: 'bot-a', status: 'running' });
    expect(store.byId['2'].status).toBe('running');
    await applied;

    expect(store.byId['2']).toMatchObject({ status: 'succeeded', exitCode: 0 });
    expect(store.changes).toBe(1);
  });

  it('should take only the execution fields of a status event', async () => {
    api([execution('1')]);
    const store = useExecutionsStore();
    await store.load();
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise(() => undefined)),
    );

    const event = {
      id: '1',
      botId: 'bot-a',
      status: 'running',
      workerId: 'w-1',
      costUsd: null,
    } as StatusEvent;
    void store.applyStatus(event);

    expect(store.byId['1']).toMatchObject({ status: 'running', workerId: 'w-1' });
    expect(store.byId['1']).not.toHaveProperty('costUsd');
  });

  it('should add a new execution that fits the filter to the top, and ignore one that does not', async () => {
    const rows = [execution('1')];
    const fetch = api(rows);
    const store = useExecutionsStore();
    await store.load({ botId: 'bot-a' });

    rows.push(execution('5'), execution('6', { botId: 'bot-b' }));
    await store.applyStatus({ id: '5', botId: 'bot-a', status: 'queued' });
    await store.applyStatus({ id: '6', botId: 'bot-b', status: 'queued' });

    expect(store.items.map((e) => e.id)).toEqual(['5', '1']);
    expect(fetch.mock.calls.map((c) => c[0])).not.toContain('/api/executions/6');
  });

  it('should let an execution leave a status-filtered list when its status moves on', async () => {
    const rows = [execution('1', { status: 'running' })];
    api(rows);
    const store = useExecutionsStore();
    await store.load({ status: 'running' });
    expect(store.items).toHaveLength(1);

    rows[0] = execution('1', { status: 'succeeded' });
    await store.applyStatus({ id: '1', botId: 'bot-a', status: 'succeeded' });

    expect(store.items).toEqual([]);
  });

  it('should fetch nothing for new executions once the list is off screen', async () => {
    const fetch = api([execution('1')]);
    const store = useExecutionsStore();
    await store.load();
    store.hideList();
    fetch.mockClear();

    await store.applyStatus({ id: '9', botId: 'bot-a', status: 'queued' });

    expect(fetch).not.toHaveBeenCalled();
  });

  it('should forget everything on reset', async () => {
    api([execution('1')]);
    const store = useExecutionsStore();
    await store.load({ botId: 'bot-a' });

    store.reset();

    expect(store.items).toEqual([]);
    expect(store.byId).toEqual({});
    expect(store.filters).toEqual({});
  });
});
