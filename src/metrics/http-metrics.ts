import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InjectConfig } from '../config/config.module';
import { Config } from '../config/config.schema';
import { errorBody } from '../common/error-body';
import { GITHUB_HOOK_URL, HOOKS_PREFIX } from '../common/hook-routes';
import { FailureLimits } from '../throttling/failure-limits';
import { byIp } from '../throttling/throttle-policies';
import { TooManyRequestsException } from '../throttling/too-many-requests';
import { bearerMatches, metricsAccess } from './metrics-access';
import { MetricsService, WebhookRejection } from './metrics.service';

/** Statuses of the webhook contract → why nothing was queued. */
const WEBHOOK_REJECTIONS: Record<number, WebhookRejection> = {
  200: 'duplicate',
  400: 'invalid_body',
  401: 'bad_signature',
  404: 'unknown_token',
  413: 'too_large',
  415: 'invalid_body',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * API-side HTTP metrics: one Fastify hook times every response by its route pattern (never the raw
 * URL, which holds ids and tokens) and counts webhook outcomes from their contract statuses, which
 * also covers answers given before the handler runs (413 from the body limit, 429 from the throttler).
 * GET /metrics is a plain Fastify route, outside Nest's guards, with its own access rule; wrong
 * tokens count against the client IP's refused credentials like those of the API (429 past them).
 */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: MetricsService,
    @InjectConfig() private readonly config: Config,
    private readonly failures: FailureLimits,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', async (req, reply) => this.record(req, reply));
    fastify.get('/metrics', (req, reply) => this.serve(req, reply));
  }

  private record(req: FastifyRequest, reply: FastifyReply): void {
    const route = req.routeOptions.url ?? 'unmatched';
    this.metrics.httpRequestFinished(req.method, route, reply.statusCode, reply.elapsedTime / 1000);
    if (req.method !== 'POST' || !route.startsWith(HOOKS_PREFIX)) return;
    const source = route === GITHUB_HOOK_URL ? 'github' : 'generic';
    if (reply.statusCode === 202) this.metrics.webhookAccepted(source);
    else this.metrics.webhookRejected(source, WEBHOOK_REJECTIONS[reply.statusCode] ?? 'error');
  }

  private async serve(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const access = metricsAccess(this.config);
    if (access.kind === 'internal-port-only') {
      return this.refuse(reply, 404, 'Metrics are served on the internal METRICS_PORT, not on this port.');
    }
    if (access.kind === 'disabled') {
      return this.refuse(
        reply,
        404,
        'Metrics are off: set METRICS_TOKEN (bearer token) or METRICS_PORT (internal port).',
      );
    }
    if (access.kind === 'token') {
      const failure = { kind: 'credentials', tracker: byIp(req) } as const;
      const refused = await this.failures.check(failure).then(
        () => undefined,
        (err: unknown) => (err instanceof TooManyRequestsException ? err : Promise.reject(err)),
      );
      if (refused) {
        void reply.header('Retry-After', String(refused.retryAfter));
        return this.refuse(reply, refused.getStatus(), refused.message);
      }
      if (!bearerMatches(req.headers.authorization, access.token)) {
        if (req.headers.authorization !== undefined) await this.failures.record(failure);
        void reply.header('WWW-Authenticate', 'Bearer');
        return this.refuse(reply, 401, 'Send Authorization: Bearer <METRICS_TOKEN>.');
      }
    }
    const { contentType, body } = await this.metrics.render();
    return reply.header('Content-Type', contentType).header('Cache-Control', 'no-store').send(body);
  }

  private refuse(reply: FastifyReply, statusCode: number, message: string): FastifyReply {
    return reply.status(statusCode).send(errorBody(statusCode, message));
  }
}
