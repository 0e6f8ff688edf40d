import { describe, expect, it } from 'vitest';
import { MetricsService } from './metrics.service';

describe(MetricsService.name, () => {
  it('should expose what was recorded in the Prometheus text format', async () => {
    const sut = new MetricsService();
    sut.httpRequestFinished('GET', '/api/bots/:id', 404, 0.012);
    sut.webhookAccepted('generic');
    sut.webhookRejected('github', 'bad_signature');
    sut.sseClientOpened();
    sut.sseClientOpened();
    sut.sseClientClosed();
    sut.executionFinished('command', 'succeeded', 42);

    const { contentType, body } = await sut.render();

    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain(
      'agented_http_request_duration_seconds_count{method="GET",route="/api/bots/:id",status_code="404"} 1',
    );
    expect(body).toContain('agented_webhooks_accepted_total{source="generic"} 1');
    expect(body).toContain('agented_webhooks_rejected_total{source="github",reason="bad_signature"} 1');
    expect(body).toContain('agented_sse_clients 1');
    expect(body).toContain('agented_executions_finished_total{backend="command",status="succeeded"} 1');
    expect(body).toContain('agented_execution_duration_seconds_bucket{le="60",backend="command"} 1');
    expect(body).toContain('agented_execution_duration_seconds_bucket{le="30",backend="command"} 0');
    expect(body).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('should keep one registry per instance', async () => {
    const a = new MetricsService();
    const b = new MetricsService();
    a.webhookAccepted('generic');
    expect((await b.render()).body).not.toContain('agented_webhooks_accepted_total{');
  });
});
