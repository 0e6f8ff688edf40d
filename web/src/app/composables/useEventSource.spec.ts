import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { FakeEventSource } from '../testing/event-source';
import { useEventSource } from './useEventSource';

describe(useEventSource.name, () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('EventSource', FakeEventSource);
  });

  afterEach(() => {
    FakeEventSource.reset();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('should leave retries to the browser while it is retrying, and back off once it gave up', async () => {
    let n = 0;
    const scope = effectScope();
    const es = scope.run(() => useEventSource({ url: () => `/s?n=${++n}`, on: {} }))!;
    es.connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeEventSource.instances.map((s) => s.url)).toEqual(['/s?n=1']);

    FakeEventSource.last.fail(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(es.state.value).toBe('connecting');

    FakeEventSource.last.fail();
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeEventSource.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeEventSource.instances.map((s) => s.url)).toEqual(['/s?n=1', '/s?n=2']);

    // The pause doubles while connections keep failing, and starts over after one opens.
    FakeEventSource.last.fail();
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakeEventSource.instances).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeEventSource.instances).toHaveLength(3);
    FakeEventSource.last.open();
    expect(es.state.value).toBe('open');
    FakeEventSource.last.fail();
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeEventSource.instances).toHaveLength(4);
    scope.stop();
  });

  it('should hand named events their parsed data', async () => {
    const seen: unknown[] = [];
    const scope = effectScope();
    scope
      .run(() => useEventSource({ url: () => '/s', on: { execution: (data) => seen.push(data) } }))!
      .connect();
    await vi.advanceTimersByTimeAsync(0);

    FakeEventSource.last.emit('execution', { id: 'e1', status: 'running' });
    FakeEventSource.last.emit('other', { ignored: true });

    expect(seen).toEqual([{ id: 'e1', status: 'running' }]);
    scope.stop();
  });

  it('should close with its scope and never reconnect after that', async () => {
    const scope = effectScope();
    scope.run(() => useEventSource({ url: () => '/s', on: {} }))!.connect();
    await vi.advanceTimersByTimeAsync(0);
    const source = FakeEventSource.last;

    scope.stop();
    source.fail();
    await vi.advanceTimersByTimeAsync(60_000);

    expect(source.readyState).toBe(FakeEventSource.CLOSED);
    expect(FakeEventSource.instances).toHaveLength(1);
  });
});
