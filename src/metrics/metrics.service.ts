import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type WebhookSource = 'generic' | 'github';
export type WebhookRejection =
  | 'bad_signature'
  | 'unknown_token'
  | 'invalid_body'
  | 'too_large'
  | 'rate_limited'
  | 'duplicate'
  | 'unavailable'
  | 'error';

/**
 * The process's Prometheus registry and the metrics other modules feed. Label values come from
 * closed sets (route patterns, statuses, backends), never from user input, to keep cardinality flat.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'agented_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern, method and status (streams: their whole lifetime)',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly webhooksAccepted = new Counter({
    name: 'agented_webhooks_accepted_total',
    help: 'Webhook deliveries answered 202 (durably queued)',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  private readonly webhooksRejected = new Counter({
    name: 'agented_webhooks_rejected_total',
    help: 'Webhook deliveries that queued nothing, by reason',
    labelNames: ['source', 'reason'] as const,
    registers: [this.registry],
  });

  private readonly sseClients = new Gauge({
    name: 'agented_sse_clients',
    help: 'Open server-sent-event connections on this API process',
    registers: [this.registry],
  });

  private readonly executionsFinished = new Counter({
    name: 'agented_executions_finished_total',
    help: 'Executions this worker finished, by final status and backend',
    labelNames: ['backend', 'status'] as const,
    registers: [this.registry],
  });

  private readonly executionDuration = new Histogram({
    name: 'agented_execution_duration_seconds',
    help: 'Run time of finished executions (start to exit), by backend',
    labelNames: ['backend'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 43200, 86400],
    registers: [this.registry],
  });

  constructor() {
    // Process CPU/memory, GC, handles and event-loop lag (`nodejs_eventloop_lag_*`).
    collectDefaultMetrics({ register: this.registry });
  }

  httpRequestFinished(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  webhookAccepted(source: WebhookSource): void {
    this.webhooksAccepted.inc({ source });
  }

  webhookRejected(source: WebhookSource, reason: WebhookRejection): void {
    this.webhooksRejected.inc({ source, reason });
  }

  sseClientOpened(): void {
    this.sseClients.inc();
  }

  sseClientClosed(): void {
    this.sseClients.dec();
  }

  executionFinished(backend: string, status: string, seconds: number): void {
    this.executionsFinished.inc({ backend, status });
    this.executionDuration.observe({ backend }, seconds);
  }

  /** The Prometheus text exposition of everything above plus the scrape-time gauges. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
