export const EXECUTION_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export const FINISHED_STATUSES: readonly ExecutionStatus[] = [
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
];

export type ExecutionTriggerType = 'webhook' | 'github' | 'schedule' | 'manual' | 'retry' | 'replay';

export interface Execution {
  id: string;
  botId: string;
  triggerId: string | null;
  triggerType: ExecutionTriggerType;
  deliveryId: string | null;
  status: ExecutionStatus;
  attempt: number;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  exitCode: number | null;
  error: string | null;
  workerId: string | null;
  costUsd?: number;
  inputTokens?: number;
  outputTokens?: number;
}

export interface ExecutionPage {
  items: Execution[];
  nextCursor: string | null;
}

export interface ExecutionFilters {
  botId?: string;
  status?: ExecutionStatus;
}

export type LogStreamName = 'stdout' | 'stderr' | 'system';

/** A `log` event of an execution's stream. */
export interface LogLine {
  seq: number;
  stream: LogStreamName;
  text: string;
  ts: string;
}

/** A `status` event of an execution's stream: the changed fields of the execution. */
export type StatusEvent = Pick<Execution, 'id' | 'botId' | 'status'> &
  Partial<Pick<Execution, 'attempt' | 'exitCode' | 'error' | 'workerId' | 'startedAt' | 'finishedAt'>>;

/** An `execution` event of `/api/events`. */
export type ExecutionEvent = Pick<Execution, 'id' | 'botId' | 'status'>;

export function isFinished(status: ExecutionStatus): boolean {
  return FINISHED_STATUSES.includes(status);
}
