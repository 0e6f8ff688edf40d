import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DependencyUnavailableError } from '../common/dependency-errors';
import { RedisConnections } from '../redis/redis-connections';
import { RedisKeys } from '../redis/redis-keys';
import { JOBS, JobName, JobPayloads, QUEUE_SETTINGS, QueueName } from './queue.definitions';

/** A job's id, from its options in queue.definitions: only jobs with a fixed id can be looked up. */
function jobIdOf<N extends JobName>(name: N, payload: JobPayloads[N]): string {
  const id = JOBS[name].options(payload).jobId;
  if (id === undefined) throw new Error(`job ${name} has no fixed id to look it up by`);
  return id;
}

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
    await this.connected(def.queue).addBulk(
      payloads.map((data) => ({ name, data, opts: def.options(data) })),
    );
  }

  /** Removes the waiting or delayed `name` job for `payload`; false when it is running or gone. */
  async remove<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<boolean> {
    return (await this.connected(JOBS[name].queue).remove(jobIdOf(name, payload))) === 1;
  }

  /** BullMQ's state of the `name` job for `payload` ('unknown' when there is none). */
  async jobState<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<string> {
    return this.connected(JOBS[name].queue).getJobState(jobIdOf(name, payload));
  }

  /**
   * Creates or replaces scheduler `id`: from now on one `name` job per tick of the cron pattern,
   * taken by exactly one worker whatever their number.
   */
  async upsertScheduler<N extends JobName>(
    id: string,
    repeat: { pattern: string; tz: string },
    name: N,
    payload: JobPayloads[N],
  ): Promise<void> {
    const def = JOBS[name];
    await this.connected(def.queue).upsertJobScheduler(id, repeat, {
      name,
      data: payload,
      opts: def.options(payload),
    });
  }

  /** Also drops its pending tick; false when there was no such scheduler. */
  async removeScheduler(queue: QueueName, id: string): Promise<boolean> {
    return this.connected(queue).removeJobScheduler(id);
  }

  async schedulers(queue: QueueName): Promise<{ id: string; pattern?: string; tz?: string }[]> {
    const schedulers = await this.connected(queue).getJobSchedulers();
    return schedulers.map(({ key, pattern, tz }) => ({ id: key, pattern, tz }));
  }

  /** BullMQ waits, without a deadline, for a connection that was never ready; callers get a 503 instead. */
  private connected(name: QueueName): Queue {
    const status = this.redis.command().status;
    if (status !== 'ready') throw new DependencyUnavailableError('Redis', status);
    return this.get(name);
  }

  get(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.redis.command(),
        prefix: this.keys.bullPrefix,
        settings: QUEUE_SETTINGS[name],
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
