import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { Kysely } from 'kysely';
import { Database, Role } from '../database/database.types';
import { RedisKeys } from '../redis/redis-keys';

/** What a user's access tokens may do now: the user's role, and which tokens are void. */
export interface UserStanding {
  role: Role;
  /** epoch ms; tokens issued at or before it are void (demoted, new password); null: none */
  tokensValidAfter: number | null;
}

/** Cached standing; `null` is a user that does not exist (deleted, or never did). */
type Cached = UserStanding | null;

/**
 * A cached copy only bounds how stale a change made outside UsersService (SQL by hand) can be:
 * every change made through it overwrites the copy at once.
 */
const CACHE_TTL_SECONDS = 60;

/**
 * The user record as every authenticated request sees it: from Redis (one key per user, in the
 * request's one round trip), from PostgreSQL on a miss. PostgreSQL holds the fact; a flush of
 * Redis costs one query per user, never a revoked token coming back.
 */
@Injectable()
export class UserStandingRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  key(userId: string): string {
    return this.keys.userStanding(userId);
  }

  /** The cached value `key()` held (from the caller's MGET), else PostgreSQL's, cached on the way. */
  async fromCacheOrLoad(userId: string, cached: string | null): Promise<UserStanding | undefined> {
    if (cached !== null) return decode(cached) ?? undefined;
    const row = await this.db
      .selectFrom('users')
      .select(['role', 'tokens_valid_after'])
      .where('id', '=', userId)
      .executeTakeFirst();
    const standing: Cached = row
      ? { role: row.role, tokensValidAfter: epochMs(row.tokens_valid_after) }
      : null;
    // NX: a change written meanwhile (by voidTokens) wins over what this read saw before it.
    await this.redis.set(this.key(userId), JSON.stringify(standing), 'EX', CACHE_TTL_SECONDS, 'NX');
    return standing ?? undefined;
  }

  /**
   * Voids the user's tokens issued until now and caches the user's current standing (its role
   * may just have changed), overwriting any older copy; a deleted user is cached as gone.
   */
  async voidTokens(userId: string): Promise<void> {
    const row = await this.db
      .updateTable('users')
      .set({ tokens_valid_after: new Date() })
      .where('id', '=', userId)
      .returning(['role', 'tokens_valid_after'])
      .executeTakeFirst();
    const standing: Cached = row
      ? { role: row.role, tokensValidAfter: epochMs(row.tokens_valid_after) }
      : null;
    await this.redis.set(this.key(userId), JSON.stringify(standing), 'EX', CACHE_TTL_SECONDS);
  }
}

function epochMs(at: Date | null): number | null {
  return at === null ? null : at.getTime();
}

function decode(raw: string): Cached {
  return JSON.parse(raw) as Cached;
}
