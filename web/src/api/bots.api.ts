import type { RequestOf, ResponseOf, Schemas } from './api.types';
import { request } from './client';

type Bot = Schemas['BotResponseDto'];
const bot = (id: string) => `/api/bots/${encodeURIComponent(id)}`;

export const listBots = () => request<Bot[]>('/api/bots');
export const getBot = (id: string) => request<Bot>(bot(id));
export const createBot = (input: RequestOf<'/api/bots', 'post'>) =>
  request<Bot>('/api/bots', { method: 'POST', body: input });
export const updateBot = (id: string, input: RequestOf<'/api/bots/{id}', 'patch'>) =>
  request<Bot>(bot(id), { method: 'PATCH', body: input });
export const deleteBot = (id: string) => request<void>(bot(id), { method: 'DELETE' });

export const runBot = (id: string, input?: Record<string, unknown>) =>
  request<ResponseOf<'/api/bots/{id}/run', 'post'>>(`${bot(id)}/run`, {
    method: 'POST',
    body: input ? { input } : {},
  });

export const previewBot = (id: string, body: RequestOf<'/api/bots/{id}/preview', 'post'>) =>
  request<ResponseOf<'/api/bots/{id}/preview', 'post'>>(`${bot(id)}/preview`, { method: 'POST', body });

export const listSecretNames = (id: string) =>
  request<ResponseOf<'/api/bots/{id}/secrets', 'get'>>(`${bot(id)}/secrets`);
export const putSecret = (id: string, name: string, value: string) =>
  request<void>(`${bot(id)}/secrets/${encodeURIComponent(name)}`, {
    method: 'PUT',
    body: { value } satisfies RequestOf<'/api/bots/{id}/secrets/{name}', 'put'>,
  });
export const deleteSecret = (id: string, name: string) =>
  request<void>(`${bot(id)}/secrets/${encodeURIComponent(name)}`, { method: 'DELETE' });
