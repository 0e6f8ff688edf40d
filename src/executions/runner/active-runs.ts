import { Injectable } from '@nestjs/common';
import { InterruptibleJobs } from '../../queue/interruptible-jobs';
import { StopReason } from './process-run';

interface Stoppable {
  stop(reason: StopReason): void;
}

/** The executions this worker is running now, so cancels, checks and shutdown can reach them. */
@Injectable()
export class ActiveRuns implements InterruptibleJobs {
  private readonly runs = new Map<string, Stoppable>();

  add(executionId: string, run: Stoppable): void {
    this.runs.set(executionId, run);
  }

  remove(executionId: string): void {
    this.runs.delete(executionId);
  }

  ids(): string[] {
    return [...this.runs.keys()];
  }

  /** false when this worker does not run that execution */
  stop(executionId: string, reason: StopReason): boolean {
    const run = this.runs.get(executionId);
    run?.stop(reason);
    return run !== undefined;
  }

  stopAll(reason: StopReason): void {
    for (const run of this.runs.values()) run.stop(reason);
  }

  /** At the end of a worker's shutdown grace: each run hands its execution back to the queue. */
  interruptAll(): void {
    this.stopAll('shutdown');
  }

  get size(): number {
    return this.runs.size;
  }
}
