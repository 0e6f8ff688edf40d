import { ExecutionStatus } from '../../database/database.types';
import { ProcessExit, StopReason } from './process-run';

/**
 * How an attempt of a run ends, in one vocabulary from the process to the queue:
 * - an `Outcome`: the execution is finished (succeeded, failed, cancelled, timed out);
 * - a `Retry`: it goes back to `queued` as its next attempt, run again after `retryAfterMs`;
 * - `'hand-back'`: it goes back to the queue now, for another worker (this one shuts down).
 * The last two are the queue's `JobResult` (on-job.decorator.ts), which the runner returns.
 */
export type Ending = Outcome | Retry | 'hand-back';

export interface Retry {
  retryAfterMs: number;
  /** the system line that says why and when */
  line: string;
}

/** A finished run: what its row records. */
export interface Outcome {
  status: Exclude<ExecutionStatus, 'queued' | 'running'>;
  exitCode: number | null;
  error: string | null;
  /** the system line that closes the execution's log */
  line: string;
}

export const failedBeforeStart = (error: string): Outcome => ({
  status: 'failed',
  exitCode: null,
  error,
  line: error,
});

export function stoppedOutcome(
  reason: Exclude<StopReason, 'shutdown'>,
  timeoutSeconds: number,
  exitCode: number | null = null,
): Outcome {
  if (reason === 'cancelled') return { status: 'cancelled', exitCode, error: null, line: 'cancelled' };
  const message = `timed out after ${timeoutSeconds}s`;
  return { status: 'timed_out', exitCode, error: message, line: message };
}

/** How a finished process ends the execution; a stop (cancel, timeout) outranks the exit status. */
export function outcomeOf(
  result: ProcessExit,
  stoppedBy: Exclude<StopReason, 'shutdown'> | undefined,
  ctx: { program: string; timeoutSeconds: number },
): Outcome {
  if (!result.started) {
    const { code, message } = result.error;
    if (code === 'ENOENT') return failedBeforeStart(`command not found: ${ctx.program}`);
    if (code === 'EACCES') return failedBeforeStart(`permission denied: ${ctx.program}`);
    return failedBeforeStart(`could not start ${ctx.program}: ${message}`);
  }
  if (stoppedBy) return stoppedOutcome(stoppedBy, ctx.timeoutSeconds, result.code);
  if (result.code === 0) return { status: 'succeeded', exitCode: 0, error: null, line: 'exit code 0' };
  const message = result.code === null ? `killed by signal ${result.signal}` : `exit code ${result.code}`;
  return { status: 'failed', exitCode: result.code, error: message, line: message };
}
