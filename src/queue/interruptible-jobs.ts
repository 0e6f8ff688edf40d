/**
 * The work still running when a worker's shutdown grace is over. WorkerHost knows only this much
 * of it; the feature that runs the jobs (executions) provides it and hands its work back.
 */
export interface InterruptibleJobs {
  readonly size: number;
  interruptAll(): void;
}

export const INTERRUPTIBLE_JOBS = Symbol('INTERRUPTIBLE_JOBS');
