import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { Config } from '../config/config.schema';
import { InjectConfig } from '../config/config.module';
import { Role } from '../database/database.types';
import { RedisKeys } from '../redis/redis-keys';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { UserStandingRepository } from './user-standing.repository';

export interface AccessTokenClaims {
  jti: string;
  sessionId: string;
  userId: string;
  /** epoch seconds */
  issuedAt: number;
}

/** Whether a validly signed access token still counts, and with which role its user has now. */
export type TokenStanding =
  | { status: 'valid'; role: Role }
  /** signed out, session revoked, or issued before the user's cutoff */
  | { status: 'revoked' }
  /** the user does not exist (deleted, or the token was made for no user) */
  | { status: 'unknown-user' };

/**
 * Access tokens are stateless, so revoking one before it expires needs shared state: Redis keys
 * that every replica checks on every request and that expire when the tokens would have.
 * PostgreSQL keeps the lasting facts (revoked refresh families, the users' cutoffs), so a flush
 * of Redis makes the next request look there instead of letting revoked tokens back in.
 */
@Injectable()
export class TokenRevocationsRepository {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly users: UserStandingRepository,
    @InjectConfig() private readonly config: Config,
  ) {}

  async revokeToken(jti: string, expiresAt: number): Promise<void> {
    const ttl = expiresAt - Math.floor(Date.now() / 1000) + this.config.JWT_CLOCK_TOLERANCE_SECONDS;
    if (ttl > 0) await this.redis.set(this.keys.revokedToken(jti), '1', 'EX', ttl);
  }

  /** The refresh family is revoked in PostgreSQL first (the lasting record); this is its fast copy. */
  async revokeSession(sessionId: string): Promise<void> {
    await this.redis.set(this.keys.revokedSession(sessionId), '1', 'EX', this.longestTokenLife());
  }

  /** Every access token of the user issued until now stops working. */
  async revokeUserTokens(userId: string): Promise<void> {
    await this.users.voidTokens(userId);
  }

  /**
   * One round trip while Redis holds the answers; PostgreSQL only for a session or user it has
   * not seen lately. A Redis or PostgreSQL error propagates so the request fails with 503,
   * never passes unchecked.
   */
  async standing(claims: AccessTokenClaims): Promise<TokenStanding> {
    const [token, revokedSession, liveSession, user] = await this.redis.mget(
      this.keys.revokedToken(claims.jti),
      this.keys.revokedSession(claims.sessionId),
      this.keys.liveSession(claims.sessionId),
      this.users.key(claims.userId),
    );
    if (token !== null || revokedSession !== null) return { status: 'revoked' };
    const [sessionRevoked, standing] = await Promise.all([
      liveSession === null ? this.sessionRevokedInDatabase(claims.sessionId) : false,
      this.users.fromCacheOrLoad(claims.userId, user),
    ]);
    if (sessionRevoked) return { status: 'revoked' };
    if (!standing) return { status: 'unknown-user' };
    // iat has second precision: a token from the same second as the cutoff counts as older.
    const cutoff = standing.tokensValidAfter;
    if (cutoff !== null && claims.issuedAt * 1000 <= cutoff) return { status: 'revoked' };
    return { status: 'valid', role: standing.role };
  }

  /** Puts the answer back in Redis: the revocation when PostgreSQL has it, else that it has none. */
  private async sessionRevokedInDatabase(sessionId: string): Promise<boolean> {
    const revoked = await this.refreshTokens.isFamilyRevoked(sessionId);
    if (revoked) await this.revokeSession(sessionId);
    // A revocation written meanwhile lands in revokedSession, which is checked first: no race.
    else await this.redis.set(this.keys.liveSession(sessionId), '1', 'EX', this.longestTokenLife());
    return revoked;
  }

  private longestTokenLife(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS + this.config.JWT_CLOCK_TOLERANCE_SECONDS;
  }
}
