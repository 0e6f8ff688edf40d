import type { Trigger, TriggerInput, WebhookTriggerWithSecret } from '../features/triggers/triggers.types';
import { request } from './client';

const trigger = (id: string) => `/api/triggers/${encodeURIComponent(id)}`;

export const listTriggers = (botId: string) =>
  request<Trigger[]>(`/api/bots/${encodeURIComponent(botId)}/triggers`);

export const createTrigger = (botId: string, input: TriggerInput) =>
  request<Trigger | WebhookTriggerWithSecret>(`/api/bots/${encodeURIComponent(botId)}/triggers`, {
    method: 'POST',
    body: input,
  });

export const setTriggerEnabled = (id: string, enabled: boolean) =>
  request<Trigger>(trigger(id), { method: 'PATCH', body: { enabled } });

export const deleteTrigger = (id: string) => request<void>(trigger(id), { method: 'DELETE' });

export const rotateTriggerSecret = (id: string) =>
  request<WebhookTriggerWithSecret>(`${trigger(id)}/rotate-secret`, { method: 'POST' });
