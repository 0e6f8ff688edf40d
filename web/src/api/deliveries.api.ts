import type { DeliveryDetail, DeliveryPage } from '../features/deliveries/deliveries.types';
import type { QueryOf, ResponseOf } from './api.types';
import { request } from './client';

export const listDeliveries = (query: QueryOf<'/api/deliveries', 'get'>) =>
  request<DeliveryPage>('/api/deliveries', { query });

export const getDelivery = (id: string) =>
  request<DeliveryDetail>(`/api/deliveries/${encodeURIComponent(id)}`);

export const replayDelivery = (id: string) =>
  request<ResponseOf<'/api/deliveries/{id}/replay', 'post'>>(
    `/api/deliveries/${encodeURIComponent(id)}/replay`,
    { method: 'POST' },
  );
