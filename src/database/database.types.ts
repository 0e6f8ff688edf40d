import { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** One source of truth for table types, kept by hand beside the migrations. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** a timestamp the database fills in when the insert leaves it out */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;
type DefaultJson<T> = ColumnType<T, T | string | undefined, T | string>;

export type BackendName = 'claude' | 'codex' | 'gemini' | 'opencode' | 'command';
export type TriggerType = 'webhook' | 'github' | 'schedule';
export type ExecutionTriggerType = 'webhook' | 'github' | 'schedule' | 'manual' | 'retry' | 'replay';
export type ExecutionStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'timed_out';
export type LogStream = 'stdout' | 'stderr' | 'system';

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
  cancel_requested_at: Timestamp | null;
}

export interface ExecutionLogsTable {
  execution_id: string;
  seq: number;
  stream: LogStream;
  text: string;
  ts: Timestamp;
}

export interface Database {
  bots: BotsTable;
  triggers: TriggersTable;
  deliveries: DeliveriesTable;
  executions: ExecutionsTable;
  execution_logs: ExecutionLogsTable;
}

export type BotRow = Selectable<BotsTable>;
export type NewBot = Insertable<BotsTable>;
export type BotUpdate = Updateable<BotsTable>;
export type TriggerRow = Selectable<TriggersTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type ExecutionRow = Selectable<ExecutionsTable>;
export type ExecutionLogRow = Selectable<ExecutionLogsTable>;
