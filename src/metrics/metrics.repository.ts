import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { QueueName } from '../queue/queue.definitions';
import { QueueRepository } from '../queue/queue.repository';
import { RedisKeys } from '../redis/redis-keys';

export const JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Cluster-wide state read at scrape time: the same answer from every API replica. */
@Injectable()
export class MetricsRepository {
  constructor(
    private readonly queues: QueueRepository,
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async jobCounts(queue: QueueName): Promise<Record<JobState, number>> {
    const counts = await this.queues.get(queue).getJobCounts(...JOB_STATES);
    return Object.fromEntries(JOB_STATES.map((s) => [s, counts[s] ?? 0])) as Record<JobState, number>;
  }

  /** Workers whose heartbeat key has not expired. */
  async onlineWorkers(): Promise<number> {
    let cursor = '0';
    let count = 0;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', this.keys.workersPattern, 'COUNT', 1000);
      count += keys.length;
      cursor = next;
    } while (cursor !== '0');
    return count;
  }
}
