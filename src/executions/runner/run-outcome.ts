import { ExecutionStatus } from '../../database/database.types';
import { ProcessResult, StopReason } from './process-run';

export interface RunOutcome {
  status: Exclude<ExecutionStatus, 'queued' | 'running'>;
  exitCode: number | null;
  error: string | null;
  /** the system line that closes the execution's log */
  line: string;
}

export const failedBeforeStart = (error: string): RunOutcome => ({
  status: 'failed',
  exitCode: null,
  error,
  line: error,
});

export function stoppedOutcome(
  reason: Exclude<StopReason, 'shutdown'>,
  timeoutSeconds: number,
  exitCode: number | null = null,
): RunOutcome {
  if (reason === 'cancelled') return { status: 'cancelled', exitCode, error: null, line: 'cancelled' };
  const message = `timed out after ${timeoutSeconds}s`;
  return { status: 'timed_out', exitCode, error: message, line: message };
}

/** How a finished process ends the execution; a stop (cancel, timeout) outranks the exit status. */
export function outcomeOf(
  result: ProcessResult,
  stoppedBy: Exclude<StopReason, 'shutdown'> | undefined,
  ctx: { program: string; timeoutSeconds: number },
): RunOutcome {
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
