import type { DeliveryDetail, DeliveryPage } from '../features/deliveries/deliveries.types';
import { request } from './client';

export const listDeliveries = (query: { triggerId?: string; cursor?: string; limit?: number }) =>
  request<DeliveryPage>('/api/deliveries', { query });

export const getDelivery = (id: string) =>
  request<DeliveryDetail>(`/api/deliveries/${encodeURIComponent(id)}`);

export const replayDelivery = (id: string) =>
  request<{ executionIds: string[] }>(`/api/deliveries/${encodeURIComponent(id)}/replay`, { method: 'POST' });
