import type { ApiKey, AuditPage, CreatedApiKey, UserAccount } from '../features/settings/settings.types';
import type { QueryOf, RequestOf } from './api.types';
import { request } from './client';

export const listUsers = () => request<UserAccount[]>('/api/users');
export const createUser = (input: RequestOf<'/api/users', 'post'>) =>
  request<UserAccount>('/api/users', { method: 'POST', body: input });
export const updateUser = (id: string, input: RequestOf<'/api/users/{id}', 'patch'>) =>
  request<UserAccount>(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: input });
export const deleteUser = (id: string) =>
  request<void>(`/api/users/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const listApiKeys = () => request<ApiKey[]>('/api/api-keys');
export const createApiKey = (input: RequestOf<'/api/api-keys', 'post'>) =>
  request<CreatedApiKey>('/api/api-keys', { method: 'POST', body: input });
export const revokeApiKey = (id: string) =>
  request<void>(`/api/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const listAuditEvents = (query: QueryOf<'/api/audit', 'get'>) =>
  request<AuditPage>('/api/audit', { query });
