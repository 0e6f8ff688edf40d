import { type QueryOf, type Schemas, everyMemberOf } from '../../api/api.types';

export type ExecutionPage = Schemas['ExecutionPageDto_Output'];
export type Execution = ExecutionPage['items'][number];

export type ExecutionStatus = Execution['status'];
export const EXECUTION_STATUSES = everyMemberOf<ExecutionStatus>()([
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
]);

export const FINISHED_STATUSES: readonly ExecutionStatus[] = [
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
];

export type ExecutionTriggerType = Execution['triggerType'];

export type ExecutionFilters = Pick<QueryOf<'/api/executions', 'get'>, 'botId' | 'status'>;

/** A `log` event of an execution's stream, as its stored lines are listed. */
export type LogLine = Schemas['LogPageDto_Output']['items'][number];
export type LogStreamName = LogLine['stream'];
export const LOG_STREAMS = everyMemberOf<LogStreamName>()(['stdout', 'stderr', 'system']);

/** A `status` event of an execution's stream: the changed fields of the execution. */
export type StatusEvent = Pick<Execution, 'id' | 'botId' | 'status'> &
  Partial<Pick<Execution, 'attempt' | 'exitCode' | 'error' | 'workerId' | 'startedAt' | 'finishedAt'>>;

/** An `execution` event of `/api/events`. */
export type ExecutionEvent = Pick<Execution, 'id' | 'botId' | 'status'>;

/** The `end` event of an execution's stream: its last one. */
export type EndEvent = Pick<Execution, 'status' | 'exitCode'>;

export function isFinished(status: ExecutionStatus): boolean {
  return FINISHED_STATUSES.includes(status);
}
