import type { QueryOf, ResponseOf, Schemas } from './api.types';
import { request } from './client';

export const listDeliveries = (query: QueryOf<'/api/deliveries', 'get'>) =>
  request<Schemas['DeliveryPageDto']>('/api/deliveries', { query });

export const getDelivery = (id: string) =>
  request<Schemas['DeliveryDetailDto']>(`/api/deliveries/${encodeURIComponent(id)}`);

export const replayDelivery = (id: string) =>
  request<ResponseOf<'/api/deliveries/{id}/replay', 'post'>>(
    `/api/deliveries/${encodeURIComponent(id)}/replay`,
    { method: 'POST' },
  );
