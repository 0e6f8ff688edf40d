import { ExecutionContext, SetMetadata } from '@nestjs/common';
import { ThrottlerGetTrackerFunction, ThrottlerOptions } from '@nestjs/throttler';
import { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { isHookRoute } from '../common/hook-routes';
import { Config } from '../config/config.schema';

const LOGIN_ROUTE = 'agented:login-throttle';

/** Marks the sign-in route for its limits; LoginThrottle (login-throttle.decorator.ts) sets it. */
export const markLoginRoute = () => SetMetadata(LOGIN_ROUTE, true);

/** Counted for every request, before the handler. */
export type ThrottlerName = 'default' | 'login-ip' | 'webhook-ip';
/** Counted by the webhook services once a delivery's signature holds (see AcceptedWebhooks). */
export const WEBHOOK_TRIGGER_BUDGET = 'webhook-trigger';

const requestOf = (ctx: ExecutionContext) => ctx.switchToHttp().getRequest<FastifyRequest>();
const isLogin = (ctx: ExecutionContext) => Reflect.getMetadata(LOGIN_ROUTE, ctx.getHandler()) === true;
const isWebhook = (ctx: ExecutionContext) => isHookRoute(requestOf(ctx));

// The throttler types requests loosely; on this server they are always Fastify's.
const tracker =
  (track: (req: FastifyRequest) => string): ThrottlerGetTrackerFunction =>
  (req) =>
    track(req as FastifyRequest);

/** `req.ip` honours X-Forwarded-For only from TRUSTED_PROXIES (Fastify's trustProxy). */
export const byIp = (req: Pick<FastifyRequest, 'ip'>) => `ip:${req.ip}`;
/** Signed-in callers get their own budget; anonymous ones share their IP's. */
const byCaller = (req: FastifyRequest) => {
  const identity = req.identity;
  if (!identity) return byIp(req);
  return identity.kind === 'api-key' ? `api-key:${identity.apiKeyId}` : `user:${identity.userId}`;
};
/** Unknown and known emails count alike, so the limit says nothing about which accounts exist. */
export const byEmail = (req: FastifyRequest) => {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return `email:${typeof email === 'string' ? email.trim().toLowerCase() : ''}`;
};

export function throttlers(config: Config): ThrottlerOptions[] {
  return [
    {
      name: 'default' satisfies ThrottlerName,
      ttl: config.THROTTLE_TTL_SECONDS * 1000,
      limit: config.THROTTLE_LIMIT,
      // Webhooks have their own limits below.
      skipIf: isWebhook,
      getTracker: tracker(byCaller),
    },
    {
      name: 'login-ip' satisfies ThrottlerName,
      ttl: config.THROTTLE_LOGIN_TTL_SECONDS * 1000,
      limit: config.THROTTLE_LOGIN_IP_LIMIT,
      skipIf: (ctx: ExecutionContext) => !isLogin(ctx),
      getTracker: tracker(byIp),
    },
    {
      name: 'webhook-ip' satisfies ThrottlerName,
      ttl: config.THROTTLE_WEBHOOK_TTL_SECONDS * 1000,
      limit: config.THROTTLE_WEBHOOK_IP_LIMIT,
      skipIf: (ctx: ExecutionContext) => !isWebhook(ctx),
      getTracker: tracker(byIp),
    },
  ];
}

/**
 * Failures are counted apart from the budgets above, so that a stranger's failures never use up
 * what a real caller may do; past its limit a tracker is refused before the work a failure costs
 * (a credential lookup, a trigger lookup, a password hash):
 * - `credentials`: credentials refused on an authenticated route (and on /metrics), per client IP;
 * - `webhook`: webhooks with a bad signature or an unknown URL, per source IP;
 * - `login-email-ip`: failed sign-ins for one email from one IP, so a stranger elsewhere
 *   cannot lock the owner out;
 * - `login-email`: failed sign-ins for one email from everywhere, a higher ceiling against
 *   guessing one account's password from many addresses.
 */
export type FailureKind = 'credentials' | 'webhook' | 'login-email-ip' | 'login-email';

export interface FailurePolicy {
  limit: number;
  windowMs: number;
  /** for the 429's message: "Too many <what>" */
  what: string;
  /**
   * While Redis is unreachable: sign-in is refused (503), as with its other limits; elsewhere the
   * work goes on and answers 503 itself where it needs Redis (see ThrottleGuard).
   */
  whileRedisDown: 'allow' | 'refuse';
}

export function failurePolicies(config: Config): Record<FailureKind, FailurePolicy> {
  const login = {
    windowMs: config.THROTTLE_LOGIN_TTL_SECONDS * 1000,
    what: 'sign-in attempts',
    whileRedisDown: 'refuse',
  } as const;
  return {
    credentials: {
      limit: config.THROTTLE_AUTH_FAILURE_LIMIT,
      windowMs: config.THROTTLE_TTL_SECONDS * 1000,
      what: 'requests with invalid credentials from this address',
      whileRedisDown: 'allow',
    },
    webhook: {
      limit: config.THROTTLE_WEBHOOK_FAILURE_LIMIT,
      windowMs: config.THROTTLE_WEBHOOK_TTL_SECONDS * 1000,
      what: 'webhooks with a bad signature or an unknown URL from this address',
      whileRedisDown: 'allow',
    },
    'login-email-ip': { ...login, limit: config.THROTTLE_LOGIN_EMAIL_LIMIT },
    'login-email': { ...login, limit: config.THROTTLE_LOGIN_EMAIL_GLOBAL_LIMIT },
  };
}

/**
 * One counter per limit and client across all routes and replicas. Hashed, so IPs, emails and
 * trigger tokens do not appear in Redis key names.
 */
export function hashedKey(tracker: string, name: string): string {
  return `${name}:${createHash('sha256').update(tracker).digest('base64url')}`;
}

/** The throttler's `generateKey`. */
export function throttleKey(_ctx: ExecutionContext, tracker: string, name: string): string {
  return hashedKey(tracker, name);
}

export function isLoginRoute(ctx: ExecutionContext): boolean {
  return isLogin(ctx);
}

export function isWebhookRoute(ctx: ExecutionContext): boolean {
  return isWebhook(ctx);
}
