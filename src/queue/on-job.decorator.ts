import { SetMetadata } from '@nestjs/common';
import { Job } from 'bullmq';
import { JobName, JobPayloads } from './queue.definitions';

export const JOB_HANDLER = Symbol('job-handler');

/**
 * Nothing: the job is done. 'requeue': put the job back in its queue (this worker is shutting
 * down). `delayMs`: run the same job again after that long (a retry's backoff, or a wait for a slot).
 */
export type JobHandlerResult = void | 'requeue' | { delayMs: number };

/** `job` is BullMQ's, for handlers that need more than the payload (e.g. a scheduled job's tick). */
export type JobHandler<N extends JobName> = (payload: JobPayloads[N], job: Job) => Promise<JobHandlerResult>;

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
