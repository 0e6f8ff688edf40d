import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisKeys } from '../../redis/redis-keys';

/** One expiring key per live worker: a worker whose key expired is gone. */
@Injectable()
export class WorkerHeartbeatRepository {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async beat(workerId: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.keys.workerHeartbeat(workerId), String(Date.now()), 'EX', ttlSeconds);
  }

  async aliveAmong(workerIds: string[]): Promise<Set<string>> {
    if (workerIds.length === 0) return new Set();
    const values = await this.redis.mget(workerIds.map((id) => this.keys.workerHeartbeat(id)));
    return new Set(workerIds.filter((_, i) => values[i] !== null));
  }
}
