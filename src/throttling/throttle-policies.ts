import { ExecutionContext, SetMetadata } from '@nestjs/common';
import { ThrottlerGetTrackerFunction, ThrottlerOptions } from '@nestjs/throttler';
import { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { isHookRoute } from '../common/hook-routes';
import { Config } from '../config/config.schema';

const LOGIN_ROUTE = 'agented:login-throttle';

/** The sign-in route: limited per client IP and per email, on top of the global limit. */
export const LoginThrottle = () => SetMetadata(LOGIN_ROUTE, true);

export type ThrottlerName = 'default' | 'login-ip' | 'login-email' | 'webhook-ip' | 'webhook-trigger';

const requestOf = (ctx: ExecutionContext) => ctx.switchToHttp().getRequest<FastifyRequest>();
const isLogin = (ctx: ExecutionContext) => Reflect.getMetadata(LOGIN_ROUTE, ctx.getHandler()) === true;
const isWebhook = (ctx: ExecutionContext) => isHookRoute(requestOf(ctx));

// The throttler types requests loosely; on this server they are always Fastify's.
const tracker =
  (track: (req: FastifyRequest) => string): ThrottlerGetTrackerFunction =>
  (req) =>
    track(req as FastifyRequest);

/** `req.ip` honours X-Forwarded-For only from TRUSTED_PROXIES (Fastify's trustProxy). */
const byIp = (req: FastifyRequest) => `ip:${req.ip}`;
/** Signed-in callers get their own budget; anonymous ones share their IP's. */
const byCaller = (req: FastifyRequest) => {
  const identity = req.identity;
  if (!identity) return byIp(req);
  return identity.kind === 'api-key' ? `api-key:${identity.apiKeyId}` : `user:${identity.userId}`;
};
/** Unknown and known emails count alike, so the limit says nothing about which accounts exist. */
const byEmail = (req: FastifyRequest) => {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return `email:${typeof email === 'string' ? email.trim().toLowerCase() : ''}`;
};
/** `/hooks/:token` is limited per trigger token; `/hooks/github` as one source. */
const byTrigger = (req: FastifyRequest) => {
  const token = (req.params as { token?: unknown } | undefined)?.token;
  return `trigger:${typeof token === 'string' ? token : (req.routeOptions.url ?? '')}`;
};

export function throttlers(config: Config): ThrottlerOptions[] {
  const login = {
    ttl: config.THROTTLE_LOGIN_TTL_SECONDS * 1000,
    skipIf: (ctx: ExecutionContext) => !isLogin(ctx),
  };
  const webhook = {
    ttl: config.THROTTLE_WEBHOOK_TTL_SECONDS * 1000,
    skipIf: (ctx: ExecutionContext) => !isWebhook(ctx),
  };
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
      ...login,
      limit: config.THROTTLE_LOGIN_IP_LIMIT,
      getTracker: tracker(byIp),
    },
    {
      name: 'login-email' satisfies ThrottlerName,
      ...login,
      limit: config.THROTTLE_LOGIN_EMAIL_LIMIT,
      getTracker: tracker(byEmail),
    },
    {
      name: 'webhook-ip' satisfies ThrottlerName,
      ...webhook,
      limit: config.THROTTLE_WEBHOOK_IP_LIMIT,
      getTracker: tracker(byIp),
    },
    {
      name: 'webhook-trigger' satisfies ThrottlerName,
      ...webhook,
      limit: config.THROTTLE_WEBHOOK_TRIGGER_LIMIT,
      getTracker: tracker(byTrigger),
    },
  ];
}

/**
 * One counter per limit and client across all routes and replicas. Hashed, so IPs, emails and
 * trigger tokens do not appear in Redis key names.
 */
export function throttleKey(_ctx: ExecutionContext, tracker: string, name: string): string {
  return `${name}:${createHash('sha256').update(tracker).digest('base64url')}`;
}

export function isLoginRoute(ctx: ExecutionContext): boolean {
  return isLogin(ctx);
}
