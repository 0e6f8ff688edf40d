import type { Role } from '../features/auth/auth.types';
import type { ApiKey, AuditPage, CreatedApiKey, UserAccount } from '../features/settings/settings.types';
import { request } from './client';

export const listUsers = () => request<UserAccount[]>('/api/users');
export const createUser = (input: { email: string; password: string; role: Role }) =>
  request<UserAccount>('/api/users', { method: 'POST', body: input });
export const updateUser = (id: string, input: { role?: Role; email?: string; password?: string }) =>
  request<UserAccount>(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: input });
export const deleteUser = (id: string) =>
  request<void>(`/api/users/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const listApiKeys = () => request<ApiKey[]>('/api/api-keys');
export const createApiKey = (input: { name: string; role: Role }) =>
  request<CreatedApiKey>('/api/api-keys', { method: 'POST', body: input });
export const revokeApiKey = (id: string) =>
  request<void>(`/api/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const listAuditEvents = (query: {
  actor?: string;
  action?: string;
  cursor?: string;
  limit?: number;
}) => request<AuditPage>('/api/audit', { query });
