import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance, FastifyRequest } from 'fastify';

type Arrival = Pick<FastifyRequest, 'ip' | 'headers'> & { socket: { remoteAddress?: string } };

/**
 * Warns once per process when a request carries X-Forwarded-For from a peer that is not in
 * TRUSTED_PROXIES: the usual sign of a proxy left out of it. Every client behind that proxy then
 * has the proxy's IP, so the per-IP limits (sign-in, webhooks, failed credentials) become one
 * limit shared by all of them, and one client's failures refuse the others.
 */
@Injectable()
export class UntrustedProxyWarning implements OnModuleInit {
  private readonly logger = new Logger(UntrustedProxyWarning.name);
  private warned = false;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', async (req) => this.check(req));
  }

  /** Fastify's `req.ip` is the socket's address exactly when it did not believe X-Forwarded-For. */
  check(req: Arrival): void {
    if (this.warned || req.headers['x-forwarded-for'] === undefined) return;
    const peer = req.socket.remoteAddress;
    if (peer === undefined || req.ip !== peer) return;
    this.warned = true;
    this.logger.warn(
      `A request came with X-Forwarded-For from ${peer}, which is not in TRUSTED_PROXIES: clients are ` +
        `taken to be ${peer} itself, so everyone behind it shares one per-IP rate limit (sign-in, ` +
        `webhooks, failed credentials). If ${peer} is your proxy or load balancer, add it to TRUSTED_PROXIES.`,
    );
  }
}
