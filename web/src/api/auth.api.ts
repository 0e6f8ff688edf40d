import type { ResponseOf } from './api.types';
import { type TokenPair, request } from './client';

export const login = (email: string, password: string) =>
  request<TokenPair>('/api/auth/login', { method: 'POST', body: { email, password } });

export const logout = () => request<void>('/api/auth/logout', { method: 'POST' });

export const me = () => request<ResponseOf<'/api/auth/me', 'get'>>('/api/auth/me');
