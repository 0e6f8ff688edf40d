import type { User } from '../features/auth/auth.types';
import { type TokenPair, request } from './client';

export const login = (email: string, password: string) =>
  request<TokenPair>('/api/auth/login', { method: 'POST', body: { email, password } });

export const logout = () => request<void>('/api/auth/logout', { method: 'POST' });

export const me = () => request<User>('/api/auth/me');
