import { once } from 'node:events';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import { afterEach, describe, expect, it } from 'vitest';
import { REDACTED } from './redact';
import { createLogger, httpLoggerOptions } from './logger';

function memoryDestination() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream };
}

describe(createLogger.name, () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  async function serve(nodeEnv: 'production' | 'test', level: 'info' | 'debug' | 'error' = 'info') {
    const { lines, stream } = memoryDestination();
    const logger = createLogger({ NODE_ENV: nodeEnv, LOG_LEVEL: level }, { workerId: 'w-1' }, stream);
    const middleware = pinoHttp(httpLoggerOptions(logger));
    // Fastify gives each raw request its id (see request-id.ts); stand in for it.
    let nextId = 0;
    const server = createServer((req, res) => {
      Object.assign(req, { id: `req-${++nextId}` });
      middleware(req, res, () => res.writeHead(200).end('ok'));
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Access lines are written when the response finishes, which the client may see first.
    const logged = async (count: number) => {
      for (let i = 0; i < 100 && lines.length < count; i++) await new Promise((r) => setTimeout(r, 10));
      return lines;
    };
    return { lines, url, logged, logger };
  }

  it('should log one JSON line per request with its id, and never credentials', async () => {
    const { url, logged } = await serve('production');
    const res = await fetch(`${url}/hooks/trigger-token-123?access_token=jwt-value&afterSeq=2`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer api-secret',
        cookie: 'refresh=cookie-secret',
        'x-agented-signature': 'sha256=sig-secret',
        'x-hub-signature-256': 'sha256=hub-secret',
        'x-gitlab-token': 'gitlab-secret',
        'proxy-authorization': 'Basic proxy-secret',
        'x-webhook-secret': 'wh-value-123',
      },
    });
    await res.text();
    const lines = await logged(1);

    expect(lines).toHaveLength(1);
    const [line] = lines as [
      { level: string; requestId: string; workerId: string; req: Record<string, unknown> },
    ];
    expect(line).toMatchObject({ level: 'info', requestId: 'req-1', workerId: 'w-1' });
    expect(line.req).toMatchObject({
      method: 'POST',
      url: `/hooks/${REDACTED}?access_token=${REDACTED}&afterSeq=2`,
      headers: {
        authorization: REDACTED,
        cookie: REDACTED,
        'x-agented-signature': REDACTED,
        'x-hub-signature-256': REDACTED,
        'x-gitlab-token': REDACTED,
        'proxy-authorization': REDACTED,
        'x-webhook-secret': REDACTED,
      },
    });
    const text = JSON.stringify(lines);
    for (const secret of [
      'trigger-token-123',
      'jwt-value',
      'api-secret',
      'cookie-secret',
      'sig-secret',
      'hub-secret',
      'gitlab-secret',
      'proxy-secret',
      'wh-value-123',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('should not log health probes and metrics scrapes', async () => {
    const { url, logged } = await serve('production');
    await fetch(`${url}/health/ready`);
    await fetch(`${url}/metrics`);
    await fetch(`${url}/healthy-looking-route`);
    const lines = await logged(1);
    expect(lines.map((l) => (l.req as { url: string }).url)).toEqual(['/healthy-looking-route']);
  });

  it('should mask credentials quoted in messages and errors', async () => {
    const { lines, logger } = await serve('production');
    logger.error(new Error('upstream said 401 for Bearer err-secret'), 'calling /hooks/msg-secret failed');
    const text = JSON.stringify(lines);
    expect(text).toContain('calling /hooks/[REDACTED] failed');
    expect(text).not.toContain('err-secret');
    expect(text).not.toContain('msg-secret');
  });

  it('should stay at warn or above under NODE_ENV=test', async () => {
    const { logger } = await serve('test', 'debug');
    expect(logger.level).toBe('warn');
    expect((await serve('test', 'error')).logger.level).toBe('error');
    expect((await serve('production', 'debug')).logger.level).toBe('debug');
  });
});
