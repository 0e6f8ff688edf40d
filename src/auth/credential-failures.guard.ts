import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';
import { accessRuleOf } from '../access/access-rules';
import { AuthGuard } from './auth.guard';
import { EXPIRED_ACCESS_TOKEN } from './authentication.service';
import { MISSING_CREDENTIALS, bearerToken, queryToken } from '../access/credentials';
import { Failure, FailureLimits } from '../throttling/failure-limits';
import { byIp } from '../throttling/throttle-policies';

/**
 * AuthGuard, with refused credentials counted per client IP: past THROTTLE_AUTH_FAILURE_LIMIT in
 * a window, a request presenting a credential from that IP gets 429 before the credential is
 * looked up, so guessing API keys costs no database lookups. The throttler's per-caller budget
 * needs the identity, so it runs after authentication; this is what limits guessing.
 * Counted: an invalid, revoked or unknown credential. Not counted: none sent (no lookup) and an
 * access token that merely expired (its signature held; browsers refresh on it).
 */
@Injectable()
export class CredentialFailuresGuard implements CanActivate {
  constructor(
    private readonly auth: AuthGuard,
    private readonly reflector: Reflector,
    private readonly failures: FailureLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    if (!presentsCredential(req) || this.isPublic(context)) return this.auth.canActivate(context);

    const failure: Failure = { kind: 'credentials', tracker: byIp(req) };
    await this.failures.check(failure);
    try {
      return await this.auth.canActivate(context);
    } catch (err) {
      if (isRefusedCredential(err)) await this.failures.record(failure);
      throw err;
    }
  }

  private isPublic(context: ExecutionContext): boolean {
    const rule = accessRuleOf(this.reflector, context.getHandler(), context.getClass());
    return rule !== undefined && 'public' in rule;
  }
}

const presentsCredential = (req: FastifyRequest) =>
  bearerToken(req) !== undefined || queryToken(req) !== undefined;

const NOT_A_GUESS = new Set([MISSING_CREDENTIALS, EXPIRED_ACCESS_TOKEN]);
const isRefusedCredential = (err: unknown) =>
  err instanceof UnauthorizedException && !NOT_A_GUESS.has(err.message);
