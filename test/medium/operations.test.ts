import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerHeartbeatRepository } from '../../src/queue/worker-heartbeat.repository';
import { QueueRepository } from '../../src/queue/queue.repository';
import { RedisKeys } from '../../src/redis/redis-keys';
import { authHeaders } from '../helpers/auth';
import { freePort } from '../helpers/processes';
import { SseClient } from '../helpers/sse';
import { TestApp, startTestApp } from '../helpers/test-app';
import { TestEnv, createTestEnv, withVars } from '../helpers/test-env';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

const scrape = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${url}/metrics`, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
};

describe('operations: metrics and request ids', () => {
  let env: TestEnv;
  let t: TestApp;

  beforeAll(async () => {
    env = await createTestEnv();
    t = await startTestApp(env);
  });
  afterAll(async () => {
    await t?.close();
    await env?.cleanup();
  });

  describe('GET /metrics in development and test, without token or port', () => {
    it('should serve the Prometheus text format openly', async () => {
      const res = await scrape(t.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
      expect(res.text).toContain('# TYPE agented_http_request_duration_seconds histogram');
    });

    it('should label HTTP durations with the route pattern, never the raw URL', async () => {
      const id = randomUUID();
      await fetch(`${t.url}/api/bots/${id}`, { headers: await authHeaders(t, 'viewer') });
      await fetch(`${t.url}/health/live`);
      const { text } = await scrape(t.url);
      expect(text).toMatch(
        /agented_http_request_duration_seconds_count\{method="GET",route="\/api\/bots\/:id",status_code="\d{3}"\} 1/,
      );
      expect(text).toContain(
        'agented_http_request_duration_seconds_count{method="GET",route="/health/live",status_code="200"} 1',
      );
      expect(text).not.toContain(id);
    });

    it('should count webhook rejections by reason without naming the token', async () => {
      const token = `unknown-${randomUUID()}`;
      const res = await fetch(`${t.url}/hooks/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(404);
      const { text } = await scrape(t.url);
      expect(text).toContain('agented_webhooks_rejected_total{source="generic",reason="unknown_token"} 1');
      expect(text).not.toContain(token);
    });

    it('should report queue depth and live workers from Redis at scrape time', async () => {
      await t.app.get(QueueRepository).queue('execution.run', { executionId: randomUUID() });
      const keys = t.app.get(RedisKeys);
      const redis = t.app.get(Redis);
      const heartbeats = t.app.get(WorkerHeartbeatRepository);
      await heartbeats.beat('metrics-w1', 60);
      await heartbeats.beat('metrics-w2', 60);

      const { text } = await scrape(t.url);
      expect(text).toContain('agented_queue_jobs{queue="executions",state="waiting"} 1');
      expect(text).toContain('agented_queue_jobs{queue="executions",state="failed"} 0');
      expect(text).toContain('agented_workers_online 2');

      // a worker that stopped beating: its key expired
      await redis.del(keys.workerHeartbeat('metrics-w1'));
      expect((await scrape(t.url)).text).toContain('agented_workers_online 1');
      expect(await redis.smembers(keys.workerIds)).toEqual(['metrics-w2']);
    });
  });

  it('should count open live streams', async () => {
    const gauge = async () => Number(/^agented_sse_clients (\d+)$/m.exec((await scrape(t.url)).text)?.[1]);
    const headers = await authHeaders(t);
    const first = await SseClient.open(`${t.url}/api/events`, headers);
    const second = await SseClient.open(`${t.url}/api/events`, headers);
    expect(await gauge()).toBe(2);
    first.close();
    second.close();
    await expect.poll(gauge).toBe(0);
  });

  describe('GET /metrics with METRICS_TOKEN', () => {
    let secured: TestApp;
    beforeAll(async () => {
      secured = await startTestApp(
        withVars(env, { METRICS_TOKEN, TRUSTED_PROXIES: '127.0.0.1', THROTTLE_AUTH_FAILURE_LIMIT: '3' }),
      );
    });
    afterAll(() => secured?.close());

    it('should refuse a missing or wrong bearer token', async () => {
      const attempts: Record<string, string>[] = [
        {},
        { authorization: `Bearer ${METRICS_TOKEN}-wrong` },
        { authorization: METRICS_TOKEN },
      ];
      for (const headers of attempts) {
        const res = await scrape(secured.url, headers);
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
        expect(JSON.parse(res.text)).toEqual({
          statusCode: 401,
          error: 'Unauthorized',
          message: 'Send Authorization: Bearer <METRICS_TOKEN>.',
        });
      }
    });

    it('should refuse token guesses from one address with 429 past THROTTLE_AUTH_FAILURE_LIMIT', async () => {
      const from = (ip: string, token = `${METRICS_TOKEN}-${randomUUID()}`) =>
        scrape(secured.url, { authorization: `Bearer ${token}`, 'x-forwarded-for': ip });
      for (let i = 0; i < 3; i++) expect((await from('10.8.0.1')).status).toBe(401);
      const refused = await from('10.8.0.1');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(JSON.parse(refused.text)).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: expect.stringMatching(
          /^Too many requests with invalid credentials from this address; retry in \d+ s$/,
        ),
      });
      expect((await from('10.8.0.2', METRICS_TOKEN)).status).toBe(200);
    });

    it('should serve the metrics to the bearer of the token', async () => {
      const res = await scrape(secured.url, { authorization: `Bearer ${METRICS_TOKEN}` });
      expect(res.status).toBe(200);
      expect(res.text).toContain('agented_workers_online');
    });
  });

  describe('GET /metrics with METRICS_PORT only', () => {
    let internal: TestApp;
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      internal = await startTestApp(withVars(env, { METRICS_PORT: String(port), HOST: '127.0.0.1' }));
    });
    afterAll(() => internal?.close());

    it('should not serve the metrics on the public port', async () => {
      const res = await scrape(internal.url);
      expect(res.status).toBe(404);
      expect(JSON.parse(res.text)).toMatchObject({
        statusCode: 404,
        message: expect.stringContaining('METRICS_PORT'),
      });
    });

    it('should serve them on the internal port, and nothing else there', async () => {
      const res = await scrape(`http://127.0.0.1:${port}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('agented_queue_jobs{queue="executions",state="waiting"}');
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(404);
    });
  });

  describe('GET /metrics in production without token or port', () => {
    let production: TestApp;
    beforeAll(async () => {
      production = await startTestApp(withVars(env, { NODE_ENV: 'production' }));
    });
    afterAll(() => production?.close());

    it('should refuse to publish the metrics', async () => {
      const res = await scrape(production.url);
      expect(res.status).toBe(404);
      expect(JSON.parse(res.text).message).toMatch(/set METRICS_TOKEN .* or METRICS_PORT/);
    });
  });

  describe('X-Request-Id', () => {
    it('should give every response a request id', async () => {
      const res = await fetch(`${t.url}/health/live`);
      expect(res.headers.get('x-request-id')).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
    });

    it("should keep the caller's id when it is sane and replace it otherwise", async () => {
      const kept = await fetch(`${t.url}/health/live`, { headers: { 'x-request-id': 'edge-proxy:42' } });
      expect(kept.headers.get('x-request-id')).toBe('edge-proxy:42');
      const replaced = await fetch(`${t.url}/health/live`, {
        headers: { 'x-request-id': 'no spaces <allowed>' },
      });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('should carry the id on error responses too', async () => {
      const res = await fetch(`${t.url}/api/executions/not-a-uuid`, {
        headers: { ...(await authHeaders(t, 'viewer')), 'x-request-id': 'err-1' },
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('x-request-id')).toBe('err-1');
    });
  });
});
