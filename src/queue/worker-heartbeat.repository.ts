import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisKeys } from '../redis/redis-keys';
import { throwFirstError } from '../redis/transaction-results';

/**
 * One expiring key per live worker (a worker whose key expired is gone), and a set of the ids of
 * workers that have beaten, so that counting them never has to scan the keyspace.
 */
@Injectable()
export class WorkerHeartbeatRepository {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async beat(workerId: string, ttlSeconds: number): Promise<void> {
    await this.redis
      .multi()
      .set(this.keys.workerHeartbeat(workerId), String(Date.now()), 'EX', ttlSeconds)
      .sadd(this.keys.workerIds, workerId)
      .exec()
      .then(throwFirstError);
  }

  /** How many workers are alive now; the ids of those gone are dropped from the set on the way. */
  async countAlive(): Promise<number> {
    const ids = await this.redis.smembers(this.keys.workerIds);
    const alive = await this.aliveAmong(ids);
    const gone = ids.filter((id) => !alive.has(id));
    if (gone.length > 0) await this.redis.srem(this.keys.workerIds, ...gone);
    return alive.size;
  }

  async aliveAmong(workerIds: string[]): Promise<Set<string>> {
    if (workerIds.length === 0) return new Set();
    const values = await this.redis.mget(workerIds.map((id) => this.keys.workerHeartbeat(id)));
    return new Set(workerIds.filter((_, i) => values[i] !== null));
  }
}
