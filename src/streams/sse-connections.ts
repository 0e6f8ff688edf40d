import { BeforeApplicationShutdown, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { Identity } from '../access/identity';
import { LiveCredentials } from '../auth/live-credentials';
import { Config } from '../config/config.schema';
import { InjectConfig } from '../config/config.module';
import { MetricsService } from '../metrics/metrics.service';
import { SseConnection } from './sse-connection';

// Far above a healthy client's backlog (a few hundred lines), far below memory trouble.
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * Owns every open SSE response of the process, so shutdown can end them (the server waits for
 * them). A stream lives only as long as the credential it was opened with keeps admitting it,
 * and one user holds at most SSE_MAX_STREAMS_PER_USER of them here (their API keys count too).
 */
@Injectable()
export class SseConnections implements BeforeApplicationShutdown {
  private readonly open = new Set<SseConnection>();
  private readonly openPerUser = new Map<string, number>();

  constructor(
    @InjectConfig() private readonly config: Config,
    private readonly metrics: MetricsService,
    private readonly credentials: LiveCredentials,
  ) {}

  /**
   * Takes the response over from Fastify and starts the event stream for `identity`, or throws
   * 429 (before anything is sent) when that user already holds as many as allowed.
   */
  start(reply: FastifyReply, identity: Identity): SseConnection {
    const user = identity.userId;
    const held = this.openPerUser.get(user) ?? 0;
    const max = this.config.SSE_MAX_STREAMS_PER_USER;
    if (held >= max) {
      throw new HttpException(
        `Too many open streams: at most ${max} per user; close some (other tabs or scripts) first`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    reply.hijack();
    const connection = new SseConnection(reply.raw, {
      heartbeatMs: this.config.SSE_HEARTBEAT_SECONDS * 1000,
      maxBufferedBytes: MAX_BUFFERED_BYTES,
    });
    this.open.add(connection);
    this.openPerUser.set(user, held + 1);
    this.metrics.sseClientOpened();
    const unwatch = this.credentials.watch(identity, 'viewer', (loss) => {
      // A comment: EventSource ignores it, a person reading the stream (curl) sees why it ended.
      connection.sendFrame(`: ${loss.message}\n\n`);
      connection.close();
    });
    connection.onClose(() => {
      unwatch();
      this.open.delete(connection);
      const left = (this.openPerUser.get(user) ?? 1) - 1;
      if (left > 0) this.openPerUser.set(user, left);
      else this.openPerUser.delete(user);
      this.metrics.sseClientClosed();
    });
    return connection;
  }

  beforeApplicationShutdown(): void {
    for (const connection of [...this.open]) connection.close();
  }
}
