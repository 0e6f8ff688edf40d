import { JobsOptions } from 'bullmq';

/** Every job the system runs: its queue, its payload and its options, in one place. */
export interface JobPayloads {
  'execution.run': { executionId: string };
}

export type JobName = keyof JobPayloads;
export type QueueName = 'executions';

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
};

export const QUEUE_NAMES: readonly QueueName[] = [...new Set(Object.values(JOBS).map((j) => j.queue))];
