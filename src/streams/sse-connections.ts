import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { Config } from '../config/config.schema';
import { InjectConfig } from '../config/config.module';
import { MetricsService } from '../metrics/metrics.service';
import { SseConnection } from './sse-connection';

// Far above a healthy client's backlog (a few hundred lines), far below memory trouble.
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** Owns every open SSE response of the process, so shutdown can end them (the server waits for them). */
@Injectable()
export class SseConnections implements BeforeApplicationShutdown {
  private readonly open = new Set<SseConnection>();

  constructor(
    @InjectConfig() private readonly config: Config,
    private readonly metrics: MetricsService,
  ) {}

  /** Takes the response over from Fastify and starts the event stream. */
  start(reply: FastifyReply): SseConnection {
    reply.hijack();
    const connection = new SseConnection(reply.raw, {
      heartbeatMs: this.config.SSE_HEARTBEAT_SECONDS * 1000,
      maxBufferedBytes: MAX_BUFFERED_BYTES,
    });
    this.open.add(connection);
    this.metrics.sseClientOpened();
    connection.onClose(() => {
      this.open.delete(connection);
      this.metrics.sseClientClosed();
    });
    return connection;
  }

  beforeApplicationShutdown(): void {
    for (const connection of [...this.open]) connection.close();
  }
}
