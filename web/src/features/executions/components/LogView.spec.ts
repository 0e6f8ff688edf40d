import { cleanup, render, screen } from '@testing-library/vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearSession, setSession } from '../../../api/client';
import { FakeEventSource } from '../../../app/testing/event-source';
import LogView from './LogView.vue';

const line = (seq: number, text: string, stream = 'stdout') => ({
  seq,
  stream,
  text,
  ts: '2030-01-01T00:00:00Z',
});

const shownSeqs = () => screen.queryAllByTestId('log-line').map((el) => Number(el.dataset.seq));
const shownTexts = () =>
  screen.queryAllByTestId('log-line').map((el) => el.querySelector('.text')?.textContent);

/** Lets the stream URL resolve and a frame of lines render. */
const settle = () => vi.advanceTimersByTimeAsync(20);

describe('LogView', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('EventSource', FakeEventSource);
    setSession({ accessToken: 'tok', expiresIn: 900 });
  });

  afterEach(() => {
    cleanup();
    FakeEventSource.reset();
    clearSession();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('should append lines in seq order and drop repeats, across a reconnect', async () => {
    render(LogView, { props: { executionId: 'exec-1' } });
    await settle();
    const first = FakeEventSource.last;
    expect(first.url).toBe('/api/executions/exec-1/stream?access_token=tok');
    first.open();

    for (const seq of [1, 2, 2, 1, 3]) first.emit('log', line(seq, `line ${seq}`), String(seq));
    await settle();
    expect(shownSeqs()).toEqual([1, 2, 3]);

    // The browser gave up (e.g. a 401): a new connection resumes after the last line shown.
    first.fail();
    await vi.advanceTimersByTimeAsync(1000);
    const second = FakeEventSource.last;
    expect(second).not.toBe(first);
    expect(second.url).toBe('/api/executions/exec-1/stream?access_token=tok&lastEventId=3');
    second.open();
    second.emit('log', line(3, 'line 3'), '3');
    second.emit('log', line(4, 'line 4'), '4');
    await settle();

    expect(shownSeqs()).toEqual([1, 2, 3, 4]);
    expect(shownTexts()).toEqual(['line 1', 'line 2', 'line 3', 'line 4']);
  });

  it('should stop at the end event and not reconnect', async () => {
    const { emitted } = render(LogView, { props: { executionId: 'exec-1' } });
    await settle();
    const source = FakeEventSource.last;
    source.open();
    source.emit('log', line(1, 'done'), '1');
    source.emit('status', { id: 'exec-1', botId: 'b', status: 'succeeded' });
    source.emit('end', { status: 'succeeded', exitCode: 0 });
    source.fail();
    await vi.advanceTimersByTimeAsync(60_000);

    expect(FakeEventSource.instances).toHaveLength(1);
    expect(source.readyState).toBe(FakeEventSource.CLOSED);
    expect(screen.getByTestId('log-state').textContent).toContain('Finished: succeeded, exit code 0');
    expect(shownTexts()).toEqual(['done']);
    expect(emitted().status).toEqual([[{ id: 'exec-1', botId: 'b', status: 'succeeded' }]]);
    expect(emitted().end).toEqual([[{ status: 'succeeded', exitCode: 0 }]]);
  });

  it('should keep only the newest lines in the page and say how many it left out', async () => {
    render(LogView, { props: { executionId: 'exec-1', maxLines: 3 } });
    await settle();
    for (let seq = 1; seq <= 5; seq++) FakeEventSource.last.emit('log', line(seq, `line ${seq}`));
    await settle();

    expect(shownSeqs()).toEqual([3, 4, 5]);
    expect(screen.getByText(/2 earlier lines are not shown/)).toBeTruthy();
  });

  it('should style streams apart and render ANSI colours as styles, never as markup', async () => {
    render(LogView, { props: { executionId: 'exec-1' } });
    await settle();
    FakeEventSource.last.emit('log', line(1, '\x1b[31mred\x1b[0m <b>plain</b>'));
    FakeEventSource.last.emit('log', line(2, 'oops', 'stderr'));
    await settle();

    const [first, second] = screen.getAllByTestId('log-line');
    const red = first.querySelector<HTMLElement>('[style*="color"]');
    expect(red?.textContent).toBe('red');
    expect(red?.style.color).toBe('rgb(187, 0, 0)');
    expect(first.querySelector('b')).toBeNull();
    expect(first.textContent).toContain('<b>plain</b>');
    expect(second.dataset.stream).toBe('stderr');
  });
});
