import { ExecutionContext, SetMetadata, applyDecorators, createParamDecorator } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { Identity } from './identity';
import { Role } from './roles';

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the global AuthGuard on every non-public route */
    identity?: Identity;
  }
}

export const ACCESS_RULE = 'agented:access-rule';
export const QUERY_TOKEN_ALLOWED = 'agented:query-token-allowed';

/** Every route handler carries exactly one of these; the app refuses to start otherwise. */
export type AccessRule = { public: true } | { minRole: Role };

/** No credentials needed (health, sign-in, webhooks). */
export const Public = () => SetMetadata(ACCESS_RULE, { public: true } satisfies AccessRule);

/** A valid access token or API key whose role is at least `minimum` (admin > operator > viewer). */
export const Roles = (minimum: Role) =>
  applyDecorators(
    SetMetadata(ACCESS_RULE, { minRole: minimum } satisfies AccessRule),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing, invalid, expired or revoked credentials' }),
    ApiForbiddenResponse({ description: `Needs the ${minimum} role or higher` }),
  );

/**
 * Also accept the credential as `?access_token=` (EventSource and WebSocket cannot send headers).
 * Query strings end up in logs and browser history, so only streaming routes opt in.
 */
export const AllowQueryToken = () => SetMetadata(QUERY_TOKEN_ALLOWED, true);

/** The caller's identity on a route guarded by `@Roles()`. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Identity => {
  const identity = ctx.switchToHttp().getRequest<FastifyRequest>().identity;
  // Only reachable when a public route asks for a user: a programming error, not a client one.
  if (!identity) throw new Error('@CurrentUser() used on a route without @Roles()');
  return identity;
});
