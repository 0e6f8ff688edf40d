import { Injectable, UnauthorizedException } from '@nestjs/common';
import passport from 'passport';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { isApiKey } from '../access/credentials';
import { Identity, UserIdentity } from '../access/identity';
import { CredentialEnvelope, JwtStrategy } from './jwt.strategy';

export const INVALID_API_KEY = 'Invalid or revoked API key';
export const INVALID_ACCESS_TOKEN = 'Invalid access token; sign in again';
export const EXPIRED_ACCESS_TOKEN = 'Access token expired; refresh it or sign in again';

/**
 * Turns a presented credential (access token or `agd_` API key) into an identity, or throws 401.
 * A Redis or PostgreSQL failure propagates as is and becomes 503: never a pass, never a 500.
 */
@Injectable()
export class AuthenticationService {
  constructor(
    private readonly jwt: JwtStrategy,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async authenticate(credential: string): Promise<Identity> {
    if (isApiKey(credential)) {
      const identity = await this.apiKeys.authenticate(credential);
      if (!identity) throw new UnauthorizedException(INVALID_API_KEY);
      return identity;
    }
    return this.verifyAccessToken(credential);
  }

  /**
   * The identity as it stands now, or undefined once its credential no longer works (revoked,
   * signed out, its user deleted). Expiry aside: what an open stream or socket is re-checked with.
   */
  async current(identity: Identity): Promise<Identity | undefined> {
    if (identity.kind === 'api-key') return this.apiKeys.current(identity.apiKeyId);
    try {
      return await this.jwt.current(identity);
    } catch (err) {
      if (err instanceof UnauthorizedException) return undefined;
      throw err;
    }
  }

  private verifyAccessToken(credential: string): Promise<UserIdentity> {
    const envelope: CredentialEnvelope = { credential };
    return new Promise((resolve, reject) => {
      // passport decorates the strategy it runs with per-request callbacks: give it a fresh
      // object per call (prototype: the shared strategy) so concurrent requests never mix.
      const strategy = Object.create(this.jwt) as JwtStrategy;
      const authenticate = passport.authenticate(
        strategy,
        { session: false },
        (err: unknown, identity: UserIdentity | false, info: unknown) => {
          if (err) return reject(err);
          if (!identity) {
            return reject(
              new UnauthorizedException(isExpiry(info) ? EXPIRED_ACCESS_TOKEN : INVALID_ACCESS_TOKEN),
            );
          }
          resolve(identity);
        },
      );
      authenticate(envelope, {}, reject);
    });
  }
}

/** passport-jwt reports why verification failed; jsonwebtoken names an expiry TokenExpiredError. */
function isExpiry(info: unknown): boolean {
  return info instanceof Error && info.name === 'TokenExpiredError';
}
