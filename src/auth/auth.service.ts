import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { Config } from '../config/config.schema';
import { InjectConfig } from '../config/config.module';
import { UserRow } from '../database/database.types';
import { SessionsService } from '../sessions/sessions.service';
import { PasswordHasher } from '../users/password-hasher';
import { UsersRepository } from '../users/users.repository';
import { LoginDto, MeResponse, TokenPairResponse } from './auth.dto';
import { Identity } from '../access/identity';

/** The same words for an unknown email and a wrong password: nothing to learn about accounts. */
export const INVALID_LOGIN = 'Invalid email or password';
export const INVALID_REFRESH = 'Invalid or expired refresh token; sign in again';
export const REUSED_REFRESH = 'Refresh token was already used; the session is revoked, sign in again';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    @InjectConfig() private readonly config: Config,
  ) {}

  async login(dto: LoginDto, ip: string): Promise<TokenPairResponse> {
    const user = await this.users.findByEmail(dto.email);
    const valid = await this.passwords.verify(user?.password_hash, dto.password);
    if (!user || !valid) {
      await this.audit.record(null, 'auth.login_failed', null, { email: dto.email, ip });
      throw new UnauthorizedException(INVALID_LOGIN);
    }
    const session = await this.sessions.start(user.id);
    await this.audit.record(
      { kind: 'user', userId: user.id },
      'auth.login',
      { type: 'user', id: user.id },
      { ip },
    );
    return this.tokenPair(user, session.sessionId, session.refreshToken);
  }

  async refresh(refreshToken: string | undefined): Promise<TokenPairResponse> {
    if (!refreshToken) throw new UnauthorizedException(INVALID_REFRESH);
    const outcome = await this.sessions.refresh(refreshToken);
    if (outcome.status === 'reused') {
      await this.audit.record(
        { kind: 'user', userId: outcome.userId },
        'auth.refresh_reused',
        { type: 'user', id: outcome.userId },
        { sessionId: outcome.sessionId },
      );
      throw new UnauthorizedException(REUSED_REFRESH);
    }
    if (outcome.status === 'invalid') throw new UnauthorizedException(INVALID_REFRESH);
    const user = await this.users.findById(outcome.userId);
    if (!user) throw new UnauthorizedException(INVALID_REFRESH);
    return this.tokenPair(user, outcome.sessionId, outcome.refreshToken);
  }

  /** API keys have no session to end: revoke them through /api/api-keys instead. */
  async logout(identity: Identity): Promise<void> {
    if (identity.kind !== 'user') return;
    await this.sessions.end(identity.token.sessionId, identity.token);
    await this.audit.record(identity, 'auth.logout', { type: 'user', id: identity.userId });
  }

  async me(identity: Identity): Promise<MeResponse> {
    const user = await this.users.findById(identity.userId);
    if (!user) throw new UnauthorizedException('This account no longer exists');
    // An API key acts with its own role, not its creator's.
    return { id: user.id, email: user.email, role: identity.role };
  }

  private async tokenPair(
    user: UserRow,
    sessionId: string,
    refreshToken: string,
  ): Promise<TokenPairResponse> {
    const accessToken = await this.jwt.signAsync(
      { role: user.role, sid: sessionId },
      { subject: user.id, jwtid: randomUUID() },
    );
    return {
      accessToken,
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      refreshToken,
      refreshExpiresIn: this.config.REFRESH_TOKEN_TTL_SECONDS,
      user: { id: user.id, email: user.email, role: user.role },
    };
  }
}
