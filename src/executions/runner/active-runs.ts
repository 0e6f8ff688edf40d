import { Injectable } from '@nestjs/common';
import { StopReason } from './process-run';

interface Stoppable {
  stop(reason: StopReason): void;
}

/** The executions this worker is running now, so cancels, checks and shutdown can reach them. */
@Injectable()
export class ActiveRuns {
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

  get size(): number {
    return this.runs.size;
  }
}
