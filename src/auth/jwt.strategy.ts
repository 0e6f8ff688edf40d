import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import passport from 'passport';
import { Strategy } from 'passport-jwt';
import { z } from 'zod';
import { ApiConfig } from '../config/config.schema';
import { InjectConfig } from '../config/config.module';
import { TokenRevocationsRepository } from '../sessions/token-revocations.repository';
import { UserIdentity } from '../access/identity';
import { JWT_ALGORITHM, JWT_ISSUER } from './jwt.constants';
import { ROLES, lowerRole } from '../access/roles';

/** The strategy reads the token from this, so HTTP routes and WebSocket upgrades share it. */
export interface CredentialEnvelope {
  credential: string;
}

const claimsSchema = z.object({
  sub: z.uuid(),
  role: z.enum(ROLES),
  jti: z.uuid(),
  /** the session (refresh-token family) the token was issued in */
  sid: z.uuid(),
  iat: z.number().int(),
  exp: z.number().int(),
});

export const TOKEN_REVOKED = 'Access token was revoked; sign in again';
export const UNKNOWN_ACCOUNT =
  'Access token was revoked: its account does not exist (any more); sign in again';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @InjectConfig() config: ApiConfig,
    private readonly revocations: TokenRevocationsRepository,
  ) {
    super({
      jwtFromRequest: (envelope: CredentialEnvelope) => envelope.credential,
      secretOrKey: config.JWT_SECRET,
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      jsonWebTokenOptions: {
        // Replicas' clocks differ a little; tolerate that much, and no token older than its lifetime.
        clockTolerance: config.JWT_CLOCK_TOLERANCE_SECONDS,
        maxAge: config.ACCESS_TOKEN_TTL_SECONDS,
      },
    });
  }

  /**
   * Nest's mixin registers each strategy in passport's process-wide registry by name; two apps in
   * one process (tests) would then share one instance and its connections. AuthenticationService
   * hands its own instance to passport instead, so the registration goes to a private registry.
   */
  getPassportInstance(): passport.Authenticator {
    return new passport.Authenticator();
  }

  async validate(payload: unknown): Promise<UserIdentity | false> {
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) return false;
    const { sub, role, jti, sid, iat, exp } = claims.data;
    const identity: UserIdentity = {
      kind: 'user',
      userId: sub,
      role,
      token: { id: jti, sessionId: sid, issuedAt: iat, expiresAt: exp },
    };
    return this.current(identity);
  }

  /**
   * The identity as it stands now, expiry aside (the signature was checked once): the claims
   * alone make nobody anything. The user must exist, and acts with the lower of the token's role
   * and its current one. Also what open streams and sockets are re-checked with.
   */
  async current(identity: UserIdentity): Promise<UserIdentity> {
    const { userId, token } = identity;
    const standing = await this.revocations.standing({
      jti: token.id,
      sessionId: token.sessionId,
      userId,
      issuedAt: token.issuedAt,
    });
    if (standing.status === 'revoked') throw new UnauthorizedException(TOKEN_REVOKED);
    if (standing.status === 'unknown-user') throw new UnauthorizedException(UNKNOWN_ACCOUNT);
    return { ...identity, role: lowerRole(identity.role, standing.role) };
  }
}
