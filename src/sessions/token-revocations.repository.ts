import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { Config } from '../config/config.schema';
import { InjectConfig } from '../config/config.module';
import { RedisKeys } from '../redis/redis-keys';

export interface AccessTokenClaims {
  jti: string;
  sessionId: string;
  userId: string;
  /** epoch seconds */
  issuedAt: number;
}

/**
 * Access tokens are stateless, so revoking one before it expires needs shared state: Redis keys
 * that every replica checks on every request and that expire when the tokens would have.
 */
@Injectable()
export class TokenRevocationsRepository {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    @InjectConfig() private readonly config: Config,
  ) {}

  async revokeToken(jti: string, expiresAt: number): Promise<void> {
    const ttl = expiresAt - Math.floor(Date.now() / 1000) + this.config.JWT_CLOCK_TOLERANCE_SECONDS;
    if (ttl > 0) await this.redis.set(this.keys.revokedToken(jti), '1', 'EX', ttl);
  }

  async revokeSession(sessionId: string): Promise<void> {
    await this.redis.set(this.keys.revokedSession(sessionId), '1', 'EX', this.longestTokenLife());
  }

  /** Every access token of the user issued until now stops working. */
  async revokeUserTokens(userId: string): Promise<void> {
    await this.redis.set(
      this.keys.userTokensRevokedAt(userId),
      String(Date.now()),
      'EX',
      this.longestTokenLife(),
    );
  }

  /** One round trip; a Redis error propagates so the request fails with 503, never passes unchecked. */
  async isRevoked(claims: AccessTokenClaims): Promise<boolean> {
    const [token, session, userCutoff] = await this.redis.mget(
      this.keys.revokedToken(claims.jti),
      this.keys.revokedSession(claims.sessionId),
      this.keys.userTokensRevokedAt(claims.userId),
    );
    if (token !== null || session !== null) return true;
    // iat has second precision: a token from the same second as the cutoff counts as older.
    return userCutoff !== null && claims.issuedAt * 1000 <= Number(userCutoff);
  }

  private longestTokenLife(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS + this.config.JWT_CLOCK_TOLERANCE_SECONDS;
  }
}
