import { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** One source of truth for table types, kept by hand beside the migrations. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** a timestamp the database fills in when the insert leaves it out */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;
type DefaultJson<T> = ColumnType<T, T | string | undefined, T | string>;

export type BackendName = 'claude' | 'codex' | 'gemini' | 'opencode' | 'command';
export type TriggerType = 'webhook' | 'github' | 'schedule';
export const EXECUTION_TRIGGER_TYPES = [
  'webhook',
  'github',
  'schedule',
  'manual',
  'retry',
  'replay',
] as const;
export type ExecutionTriggerType = (typeof EXECUTION_TRIGGER_TYPES)[number];
/** Every status an execution can have: the one list (the API's enum and the web's types come from it). */
export const EXECUTION_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export const LOG_STREAMS = ['stdout', 'stderr', 'system'] as const;
export type LogStream = (typeof LOG_STREAMS)[number];

export const FINISHED_STATUSES: readonly ExecutionStatus[] = [
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
];

export interface BotsTable {
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  backend: BackendName;
  model: string | null;
  prompt_template: Generated<string>;
  command: string[] | null;
  workdir: string | null;
  timeout_seconds: Generated<number>;
  enabled: Generated<boolean>;
  options: DefaultJson<Record<string, unknown>>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface TriggersTable {
  id: Generated<string>;
  bot_id: string;
  type: TriggerType;
  enabled: Generated<boolean>;
  config: DefaultJson<Record<string, unknown>>;
  token: string | null;
  secret_encrypted: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface DeliveriesTable {
  id: Generated<string>;
  source: 'webhook' | 'github';
  trigger_id: string | null;
  external_id: string;
  dedup_key: string;
  event: string | null;
  headers: DefaultJson<Record<string, string>>;
  payload: Json<unknown>;
  received_at: DefaultTimestamp;
}

export interface ExecutionsTable {
  id: Generated<string>;
  bot_id: string;
  trigger_id: string | null;
  trigger_type: ExecutionTriggerType;
  delivery_id: string | null;
  retry_of: string | null;
  status: Generated<ExecutionStatus>;
  attempt: Generated<number>;
  input: DefaultJson<Record<string, unknown>>;
  queued_at: DefaultTimestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  exit_code: number | null;
  error: string | null;
  worker_id: string | null;
  /** numeric comes back from pg as a string */
  cost_usd: ColumnType<string | null, number | string | null, number | string | null>;
  /** bigint; pg's int8 parser (database.ts) makes it a number */
  input_tokens: number | null;
  output_tokens: number | null;
  cancel_requested_at: Timestamp | null;
  /** the tick of a schedule execution; unique per trigger */
  scheduled_at: Timestamp | null;
}

export interface ExecutionLogsTable {
  execution_id: string;
  seq: number;
  stream: LogStream;
  text: string;
  /** the line as the CLI printed it, when `text` is a readable rendering of it */
  raw: string | null;
  ts: Timestamp;
}

export interface BotSecretsTable {
  bot_id: string;
  name: string;
  /** SecretBox output under MASTER_KEY */
  value_encrypted: string;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export type Role = 'admin' | 'operator' | 'viewer';
export type AuditActorType = 'user' | 'api-key' | 'anonymous';

export interface UsersTable {
  id: Generated<string>;
  email: string;
  password_hash: string;
  role: Role;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  /** access tokens issued at or before this are void; null: no cutoff */
  tokens_valid_after: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface RefreshTokensTable {
  id: Generated<string>;
  user_id: string;
  family_id: string;
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: DefaultTimestamp;
}

export interface ApiKeysTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  role: Role;
  key_hash: string;
  created_at: DefaultTimestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuditEventsTable {
  /** bigint identity; pg's int8 parser (database.ts) makes it a number */
  id: ColumnType<number, never, never>;
  at: DefaultTimestamp;
  actor_type: AuditActorType;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: DefaultJson<Record<string, unknown>>;
}

export interface Database {
  bots: BotsTable;
  bot_secrets: BotSecretsTable;
  triggers: TriggersTable;
  deliveries: DeliveriesTable;
  executions: ExecutionsTable;
  execution_logs: ExecutionLogsTable;
  users: UsersTable;
  refresh_tokens: RefreshTokensTable;
  api_keys: ApiKeysTable;
  audit_events: AuditEventsTable;
}

export type BotRow = Selectable<BotsTable>;
export type NewBot = Insertable<BotsTable>;
export type BotUpdate = Updateable<BotsTable>;
export type BotSecretRow = Selectable<BotSecretsTable>;
export type TriggerRow = Selectable<TriggersTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type ExecutionRow = Selectable<ExecutionsTable>;
export type ExecutionLogRow = Selectable<ExecutionLogsTable>;
export type UserRow = Selectable<UsersTable>;
export type RefreshTokenRow = Selectable<RefreshTokensTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
