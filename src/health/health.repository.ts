import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { Kysely, sql } from 'kysely';
import { Database } from '../database/database.types';

/** The cheapest round trip to each backing service, for readiness. */
@Injectable()
export class HealthRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly redis: Redis,
  ) {}

  async pingPostgres(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async pingRedis(): Promise<void> {
    await this.redis.ping();
  }
}
