import { cleanup, fireEvent, render, screen } from '@testing-library/vue';
import { RouterLinkStub } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse as json } from '../../../app/testing/http';
import { testingPinia } from '../../../app/testing/pinia';
import DashboardView from './DashboardView.vue';

const ready = () => json(200, { status: 'ok', checks: { postgres: 'up', redis: 'up' } });
const page = (n: number, more = false) =>
  json(200, {
    items: Array.from({ length: n }, (_, i) => ({ id: `e${i}`, queuedAt: new Date().toISOString() })),
    nextCursor: more ? 'next' : null,
  });

/** Answers /health/ready with `health()` and the execution lists with `counts[status]` items. */
function server(health: () => Response | Promise<Response>, counts: Record<string, number> = {}) {
  return vi.fn((url: string) => {
    if (url === '/health/ready') return Promise.resolve(health());
    const status = new URL(url, 'http://x').searchParams.get('status') ?? '';
    return Promise.resolve(page(counts[status] ?? 0, counts[status] === 200));
  });
}

function renderDashboard() {
  return render(DashboardView, {
    global: { plugins: [testingPinia()], stubs: { RouterLink: RouterLinkStub } },
  });
}

describe('DashboardView', () => {
  afterEach(() => {
    // Vitest runs without globals, so Testing Library cannot unmount on its own.
    cleanup();
    vi.unstubAllGlobals();
  });

  it('should show the name, a ready server and the execution counts', async () => {
    const fetch = server(ready, { running: 2, queued: 200, failed: 1, timed_out: 1 });
    vi.stubGlobal('fetch', fetch);
    renderDashboard();

    expect(screen.getByRole('heading', { name: 'Agented' })).toBeTruthy();
    expect((await screen.findByText(/Server ready/)).dataset.state).toBe('ready');
    expect(fetch).toHaveBeenCalledWith('/health/ready', expect.anything());
    expect((await screen.findByTestId('count-running')).textContent).toContain('2');
    expect(screen.getByTestId('count-queued').textContent).toContain('200+');
    expect(screen.getByTestId('count-failed').textContent).toContain('2');
  });

  it("should show the server's reason when it is not ready, and check again on demand", async () => {
    const health = vi
      .fn()
      .mockReturnValueOnce(
        json(503, { statusCode: 503, error: 'Service Unavailable', message: 'Not ready: redis unreachable' }),
      )
      .mockReturnValueOnce(ready());
    vi.stubGlobal('fetch', server(health));
    renderDashboard();

    expect(await screen.findByText('Server not ready: Not ready: redis unreachable')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('recheck'));
    expect(await screen.findByText(/Server ready/)).toBeTruthy();
  });

  it('should say so when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('fetch failed')));
    renderDashboard();

    expect(await screen.findByText('Server not ready: The server cannot be reached.')).toBeTruthy();
  });
});
