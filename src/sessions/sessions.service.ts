import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Config } from '../config/config.schema';
import { InjectConfig } from '../config/config.module';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { TokenRevocationsRepository } from './token-revocations.repository';

export interface SessionStart {
  sessionId: string;
  refreshToken: string;
}

export type RefreshOutcome =
  | { status: 'rotated'; userId: string; sessionId: string; refreshToken: string }
  | { status: 'reused'; userId: string; sessionId: string }
  | { status: 'invalid' };

/**
 * A session is one sign-in: a family of refresh tokens (opaque, stored as SHA-256, rotated on
 * every use) whose id also rides in each access token, so revoking it cuts both.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly revocations: TokenRevocationsRepository,
    @InjectConfig() private readonly config: Config,
  ) {}

  async start(userId: string): Promise<SessionStart> {
    await this.refreshTokens.deleteExpiredForUser(userId);
    const sessionId = randomUUID();
    const refreshToken = newRefreshToken();
    await this.refreshTokens.insert({
      userId,
      familyId: sessionId,
      tokenHash: hashToken(refreshToken),
      expiresAt: this.refreshExpiry(),
    });
    return { sessionId, refreshToken };
  }

  async refresh(refreshToken: string): Promise<RefreshOutcome> {
    const next = newRefreshToken();
    const outcome = await this.refreshTokens.rotate(hashToken(refreshToken), {
      tokenHash: hashToken(next),
      expiresAt: this.refreshExpiry(),
    });
    if (outcome.status === 'invalid') return outcome;
    const { user_id: userId, family_id: sessionId } = outcome.previous;
    if (outcome.status === 'reused') {
      // Someone holds a copy of this session's tokens: its access tokens stop working too.
      await this.revocations.revokeSession(sessionId);
      return { status: 'reused', userId, sessionId };
    }
    return { status: 'rotated', userId, sessionId, refreshToken: next };
  }

  /** Sign-out: the refresh family, every access token of the session, and this one by its jti. */
  async end(sessionId: string, accessToken: { id: string; expiresAt: number }): Promise<void> {
    await this.refreshTokens.revokeFamily(sessionId);
    await Promise.all([
      this.revocations.revokeSession(sessionId),
      this.revocations.revokeToken(accessToken.id, accessToken.expiresAt),
    ]);
  }

  /** The user's role changed: current access tokens go, sessions stay and refresh with the new role. */
  async revokeAccessTokens(userId: string): Promise<void> {
    await this.revocations.revokeUserTokens(userId);
  }

  /** Deleted user or new password: every session and access token of the user ends. */
  async endAll(userId: string): Promise<void> {
    await this.refreshTokens.deleteForUser(userId);
    await this.revocations.revokeUserTokens(userId);
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000);
  }
}

function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The tokens carry 256 random bits, so a fast hash is enough: nothing to brute-force. */
function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
