/** Every audited action; callers pick one of these so the log stays searchable. */
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
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did it: an identity from the guard fits, and so does a user who has just signed in. */
export type AuditActor =
  { kind: 'user'; userId: string } | { kind: 'api-key'; userId: string; apiKeyId: string };

export interface AuditTarget {
  type: 'user' | 'api_key' | 'bot' | 'trigger' | 'execution' | 'delivery' | 'terminal';
  id: string;
}
