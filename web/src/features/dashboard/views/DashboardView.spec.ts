import { cleanup, fireEvent, render, screen } from '@testing-library/vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import DashboardView from './DashboardView.vue';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('DashboardView', () => {
  afterEach(() => {
    // Vitest runs without globals, so Testing Library cannot unmount on its own.
    cleanup();
    vi.unstubAllGlobals();
  });

  it('should show the name and a ready server', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValue(json(200, { status: 'ok', checks: { postgres: 'up', redis: 'up' } }));
    vi.stubGlobal('fetch', fetch);
    render(DashboardView);

    expect(screen.getByRole('heading', { name: 'Agented' })).toBeTruthy();
    expect((await screen.findByText(/Server ready/)).dataset.state).toBe('ready');
    expect(fetch).toHaveBeenCalledWith('/health/ready', expect.anything());
  });

  it("should show the server's reason when it is not ready, and check again on demand", async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(
        json(503, { statusCode: 503, error: 'Service Unavailable', message: 'Not ready: redis unreachable' }),
      )
      .mockResolvedValueOnce(json(200, { status: 'ok', checks: { postgres: 'up', redis: 'up' } }));
    vi.stubGlobal('fetch', fetch);
    render(DashboardView);

    expect(await screen.findByText('Server not ready: Not ready: redis unreachable')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('recheck'));
    expect(await screen.findByText(/Server ready/)).toBeTruthy();
  });

  it('should say so when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('fetch failed')));
    render(DashboardView);

    expect(await screen.findByText('Server not ready: The server cannot be reached.')).toBeTruthy();
  });
});
