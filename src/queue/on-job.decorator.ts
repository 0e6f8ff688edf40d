import { SetMetadata } from '@nestjs/common';
import { Job } from 'bullmq';
import { JobName, JobPayloads } from './queue.definitions';

export const JOB_HANDLER = Symbol('job-handler');

/**
 * Nothing: the job is done. 'hand-back': put the job back in its queue now, for another worker
 * (this one is shutting down). `retryAfterMs`: run the same job again after that long (a retry's
 * backoff, or a wait for a slot). The runner's `Ending` (executions/runner/outcome.ts) speaks the same words.
 */
export type JobResult = void | 'hand-back' | { retryAfterMs: number };

/** `job` is BullMQ's, for handlers that need more than the payload (e.g. a scheduled job's tick). */
export type JobHandler<N extends JobName> = (payload: JobPayloads[N], job: Job) => Promise<JobResult>;

/**
 * Declares the method that handles job `name`. The worker host finds every handler at boot and
 * refuses to start when a job of `JOBS` has none (or two).
 */
export function OnJob<N extends JobName>(name: N) {
  return <H extends JobHandler<N>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ) => {
    SetMetadata(JOB_HANDLER, name)(target, key, descriptor);
  };
}
