import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { Kysely, sql } from 'kysely';
import { Database } from '../database/database.types';

export type CheckState = 'up' | 'down';

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);

@Injectable()
export class HealthService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly redis: Redis,
  ) {}

  async readiness(): Promise<{ postgres: CheckState; redis: CheckState }> {
    const [postgres, redis] = await Promise.all([
      within(sql`select 1`.execute(this.db), 2_000).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      within(this.redis.ping(), 2_000).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
    ]);
    return { postgres, redis };
  }
}
