import type { QueryOf, RequestOf, Schemas } from './api.types';
import { request } from './client';

export const listUsers = () => request<Schemas['UserResponseDto'][]>('/api/users');
export const createUser = (input: RequestOf<'/api/users', 'post'>) =>
  request<Schemas['UserResponseDto']>('/api/users', { method: 'POST', body: input });
export const updateUser = (id: string, input: RequestOf<'/api/users/{id}', 'patch'>) =>
  request<Schemas['UserResponseDto']>(`/api/users/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: input,
  });
export const deleteUser = (id: string) =>
  request<void>(`/api/users/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const listApiKeys = () => request<Schemas['ApiKeyResponseDto'][]>('/api/api-keys');
export const createApiKey = (input: RequestOf<'/api/api-keys', 'post'>) =>
  request<Schemas['CreatedApiKeyResponseDto']>('/api/api-keys', { method: 'POST', body: input });
export const revokeApiKey = (id: string) =>
  request<void>(`/api/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const listAuditEvents = (query: QueryOf<'/api/audit', 'get'>) =>
  request<Schemas['AuditEventsResponseDto']>('/api/audit', { query });
