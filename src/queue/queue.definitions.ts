import { AdvancedRepeatOptions, JobsOptions } from 'bullmq';
import { cronRepeatStrategy } from './cron-repeat-strategy';

/** Every job the system runs: its queue, its payload and its options, in one place. */
export interface JobPayloads {
  'execution.run': { executionId: string };
  'schedule.fire': { triggerId: string };
}

export type JobName = keyof JobPayloads;
export type QueueName = 'executions' | 'schedules';

interface JobDefinition<N extends JobName> {
  queue: QueueName;
  options: (payload: JobPayloads[N]) => JobsOptions;
}

export const JOBS: { [N in JobName]: JobDefinition<N> } = {
  'execution.run': {
    queue: 'executions',
    // jobId = executionId makes enqueueing idempotent: the sweeper and a retried request can't double-run.
    options: ({ executionId }) => ({
      jobId: executionId,
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 24 * 3600 },
    }),
  },
  'schedule.fire': {
    queue: 'schedules',
    // Added only by job schedulers, one job per tick (id `repeat:<triggerId>:<tick ms>`). Retrying
    // is safe: a tick starts at most one execution (unique trigger_id + scheduled_at).
    options: () => ({
      attempts: 3,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 24 * 3600 },
    }),
  },
};

/** Settings the queue and every worker of it must share. */
export const QUEUE_SETTINGS: { [Q in QueueName]?: AdvancedRepeatOptions } = {
  schedules: { repeatStrategy: cronRepeatStrategy },
};

export const QUEUE_NAMES: readonly QueueName[] = [...new Set(Object.values(JOBS).map((j) => j.queue))];
