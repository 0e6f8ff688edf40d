import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { RedisConnections } from '../redis/redis-connections';
import { RedisKeys } from '../redis/redis-keys';
import { JOBS, JobName, JobPayloads, QueueName } from './queue.definitions';

/** The only way work enters a queue. Fails fast (no offline buffering) so callers can answer 503. */
@Injectable()
export class QueueRepository implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly redis: RedisConnections,
    private readonly keys: RedisKeys,
  ) {}

  async queue<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<void> {
    await this.queueAll(name, [payload]);
  }

  async queueAll<N extends JobName>(name: N, payloads: JobPayloads[N][]): Promise<void> {
    if (payloads.length === 0) return;
    const def = JOBS[name];
    await this.get(def.queue).addBulk(payloads.map((data) => ({ name, data, opts: def.options(data) })));
  }

  /** Removes a waiting or delayed job; false when it is running or gone. */
  async remove(queue: QueueName, jobId: string): Promise<boolean> {
    return (await this.get(queue).remove(jobId)) === 1;
  }

  async jobState(queue: QueueName, jobId: string): Promise<string> {
    return this.get(queue).getJobState(jobId);
  }

  get(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis.command(), prefix: this.keys.bullPrefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
