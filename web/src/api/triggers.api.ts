import type { RequestOf, ResponseOf } from './api.types';
import { request } from './client';

type Trigger = ResponseOf<'/api/bots/{id}/triggers', 'get'>[number];
const trigger = (id: string) => `/api/triggers/${encodeURIComponent(id)}`;

export const listTriggers = (botId: string) =>
  request<Trigger[]>(`/api/bots/${encodeURIComponent(botId)}/triggers`);

/** A webhook trigger with its secret (shown only now), any other as listed. */
export const createTrigger = (botId: string, input: RequestOf<'/api/bots/{id}/triggers', 'post'>) =>
  request<ResponseOf<'/api/bots/{id}/triggers', 'post'>>(`/api/bots/${encodeURIComponent(botId)}/triggers`, {
    method: 'POST',
    body: input,
  });

export const setTriggerEnabled = (id: string, enabled: boolean) =>
  request<Trigger>(trigger(id), {
    method: 'PATCH',
    body: { enabled } satisfies RequestOf<'/api/triggers/{id}', 'patch'>,
  });

export const deleteTrigger = (id: string) => request<void>(trigger(id), { method: 'DELETE' });

export const rotateTriggerSecret = (id: string) =>
  request<ResponseOf<'/api/triggers/{id}/rotate-secret', 'post'>>(`${trigger(id)}/rotate-secret`, {
    method: 'POST',
  });
