import { type QueryOf, type Schemas, everyMemberOf } from '../../api/api.types';

export type UserAccount = Schemas['UserResponseDto'];
export type ApiKey = Schemas['ApiKeyResponseDto'];
/** The key itself is in this one answer only; the server keeps a hash. */
export type CreatedApiKey = Schemas['CreatedApiKeyResponseDto'];

export type AuditPage = Schemas['AuditEventsResponseDto'];
export type AuditEvent = AuditPage['items'][number];

export type AuditAction = NonNullable<QueryOf<'/api/audit', 'get'>['action']>;
/** The server's list of audited actions, for the filter. */
export const AUDIT_ACTIONS = everyMemberOf<AuditAction>()([
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
]);
