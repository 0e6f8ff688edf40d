import { setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '../../app/testing/http';
import { testingPinia } from '../../app/testing/pinia';
import { useTriggersStore } from './triggers.store';

const webhook = {
  id: 't1',
  botId: 'b1',
  type: 'webhook',
  enabled: true,
  match: [],
  url: '/hooks/tok',
  createdAt: '2030-01-01T00:00:00Z',
  updatedAt: '2030-01-01T00:00:00Z',
};

describe('useTriggersStore', () => {
  beforeEach(() => setActivePinia(testingPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('should hand the new secret to the caller and keep it out of the store', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(201, { ...webhook, secret: 's3cret' })));
    const store = useTriggersStore();

    const created = await store.create('b1', { type: 'webhook', enabled: true, match: [] });

    expect(created).toMatchObject({ secret: 's3cret' });
    expect(store.forBot('b1')).toEqual([webhook]);
    expect(JSON.stringify(store.$state)).not.toContain('s3cret');
  });
});
