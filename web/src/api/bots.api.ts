import type { Bot, BotInput, PreviewRequest, PreviewResult } from '../features/bots/bots.types';
import { request } from './client';

const bot = (id: string) => `/api/bots/${encodeURIComponent(id)}`;

export const listBots = () => request<Bot[]>('/api/bots');
export const getBot = (id: string) => request<Bot>(bot(id));
export const createBot = (input: BotInput) => request<Bot>('/api/bots', { method: 'POST', body: input });
export const updateBot = (id: string, input: Partial<BotInput>) =>
  request<Bot>(bot(id), { method: 'PATCH', body: input });
export const deleteBot = (id: string) => request<void>(bot(id), { method: 'DELETE' });

export const runBot = (id: string, input?: Record<string, unknown>) =>
  request<{ executionId: string }>(`${bot(id)}/run`, { method: 'POST', body: input ? { input } : {} });

export const previewBot = (id: string, body: PreviewRequest) =>
  request<PreviewResult>(`${bot(id)}/preview`, { method: 'POST', body });

export const listSecretNames = (id: string) => request<{ names: string[] }>(`${bot(id)}/secrets`);
export const putSecret = (id: string, name: string, value: string) =>
  request<void>(`${bot(id)}/secrets/${encodeURIComponent(name)}`, { method: 'PUT', body: { value } });
export const deleteSecret = (id: string, name: string) =>
  request<void>(`${bot(id)}/secrets/${encodeURIComponent(name)}`, { method: 'DELETE' });
