import type { QueryOf, ResponseOf, Schemas } from './api.types';
import { request } from './client';

const execution = (id: string) => `/api/executions/${encodeURIComponent(id)}`;

export const listExecutions = (filters: QueryOf<'/api/executions', 'get'>) =>
  request<Schemas['ExecutionPageDto_Output']>('/api/executions', { query: { ...filters } });

export const getExecution = (id: string) => request<Schemas['ExecutionResponseDto_Output']>(execution(id));

export const cancelExecution = (id: string) =>
  request<Schemas['ExecutionResponseDto_Output']>(`${execution(id)}/cancel`, { method: 'POST' });

export const retryExecution = (id: string) =>
  request<ResponseOf<'/api/executions/{id}/retry', 'post'>>(`${execution(id)}/retry`, { method: 'POST' });

/** Where EventSource reads an execution's live log; it cannot send headers, so the token rides along. */
export function executionStreamUrl(id: string, accessToken: string | null, lastEventId: number): string {
  const params = new URLSearchParams();
  if (accessToken) params.set('access_token', accessToken);
  if (lastEventId > 0) params.set('lastEventId', String(lastEventId));
  return `${execution(id)}/stream?${params.toString()}`;
}

export function statusEventsUrl(accessToken: string | null): string {
  return accessToken ? `/api/events?access_token=${encodeURIComponent(accessToken)}` : '/api/events';
}
