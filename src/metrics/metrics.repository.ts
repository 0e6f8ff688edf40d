import { Injectable } from '@nestjs/common';
import { WorkerHeartbeatRepository } from '../queue/worker-heartbeat.repository';
import { QueueName } from '../queue/queue.definitions';
import { QueueRepository } from '../queue/queue.repository';

export const JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Cluster-wide state read at scrape time: the same answer from every API replica. */
@Injectable()
export class MetricsRepository {
  constructor(
    private readonly queues: QueueRepository,
    private readonly heartbeats: WorkerHeartbeatRepository,
  ) {}

  async jobCounts(queue: QueueName): Promise<Record<JobState, number>> {
    const counts = await this.queues.get(queue).getJobCounts(...JOB_STATES);
    return Object.fromEntries(JOB_STATES.map((s) => [s, counts[s] ?? 0])) as Record<JobState, number>;
  }

  /** Workers whose heartbeat key has not expired. */
  onlineWorkers(): Promise<number> {
    return this.heartbeats.countAlive();
  }
}
