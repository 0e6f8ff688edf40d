import type { Role } from '../auth/auth.types';

export interface UserAccount {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  updatedAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  userId: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** The key itself is in this one answer only; the server keeps a hash. */
export type CreatedApiKey = ApiKey & { key: string };

export interface AuditEvent {
  id: number;
  at: string;
  actor: {
    type: 'user' | 'api-key' | 'anonymous';
    userId: string | null;
    apiKeyId: string | null;
    email: string | null;
  };
  action: string;
  target: { type: string; id: string } | null;
  details: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditEvent[];
  nextCursor: string | null;
}

/** The server's list of audited actions, for the filter. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.refresh_reused',
  'user.create',
  'user.update',
  'user.delete',
  'api_key.create',
  'api_key.revoke',
  'bot.create',
  'bot.update',
  'bot.delete',
  'bot.run',
  'bot.secret_set',
  'bot.secret_delete',
  'trigger.create',
  'trigger.update',
  'trigger.delete',
  'trigger.rotate_secret',
  'execution.cancel',
  'execution.retry',
  'delivery.replay',
  'terminal.open',
  'terminal.close',
  'terminal.attach',
] as const;
