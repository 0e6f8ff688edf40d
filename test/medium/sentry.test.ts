import { BadRequestException, Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import * as Sentry from '@sentry/nestjs';
import { once } from 'node:events';
import { IncomingMessage, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { Logger } from 'nestjs-pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../../src/app.module';
import { Public } from '../../src/access/access.decorators';
import { requestIdOf } from '../../src/logging/request-id';
import { initSentry, reportJobFailure } from '../../src/sentry/sentry';
import { TestEnv, createTestEnv } from '../helpers/test-env';

const SECRETS = {
  accessToken: 'tok-secret-1111',
  authorization: 'auth-secret-2222',
  cookie: 'cookie-secret-3333',
  signature: 'deadbeef'.repeat(8),
  inMessage: 'msg-secret-4444',
};

@Controller('sentry-test')
class BoomController {
  @Public()
  @Get('bad')
  bad(): never {
    throw new BadRequestException('limit: must be a number');
  }

  @Public()
  @Get('boom')
  boom(): never {
    throw new Error(`boom: the database said no (Bearer ${SECRETS.inMessage})`);
  }
}

/** Sentry's ingest endpoint, played by a local server: every envelope it receives, decoded. */
async function startFakeIngest() {
  const envelopes: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      envelopes.push((req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString());
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, envelopes, port: (server.address() as AddressInfo).port };
}

interface SentryEvent {
  exception?: { values: { type: string; value: string }[] };
  tags?: Record<string, string>;
  environment?: string;
  release?: string;
  request?: { url?: string; headers?: Record<string, string>; query_string?: unknown };
}

/** Event items of all envelopes (an envelope is newline-separated JSON: header, item header, payload…). */
function events(envelopes: string[]): { raw: string; event: SentryEvent }[] {
  const out: { raw: string; event: SentryEvent }[] = [];
  for (const envelope of envelopes) {
    const lines = envelope.split('\n').filter(Boolean);
    for (let i = 1; i + 1 < lines.length; i += 2) {
      if ((JSON.parse(lines[i]) as { type: string }).type === 'event') {
        out.push({ raw: lines[i + 1], event: JSON.parse(lines[i + 1]) as SentryEvent });
      }
    }
  }
  return out;
}

describe('sentry', () => {
  let ingest: Awaited<ReturnType<typeof startFakeIngest>>;
  let env: TestEnv;
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    ingest = await startFakeIngest();
    env = await createTestEnv({
      SENTRY_DSN: `http://public@127.0.0.1:${ingest.port}/1`,
      SENTRY_ENVIRONMENT: 'ci',
      SENTRY_RELEASE: 'agented@9.9.9-test',
    });
    expect(initSentry(env.config)).toBe(true);

    @Module({ imports: [AppModule.forRoot(env.config)], controllers: [BoomController] })
    class BoomAppModule {}
    // As createApiApp builds it, plus a route that fails.
    const adapter = new FastifyAdapter({ genReqId: requestIdOf });
    app = await NestFactory.create<NestFastifyApplication>(BoomAppModule, adapter, { bufferLogs: true });
    app.useLogger(app.get(Logger));
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await Sentry.close(2_000);
    ingest?.server.close();
    await env?.cleanup();
  });

  it('should report a 500 to the DSN with its request id, and no secrets', async () => {
    const badRequest = await fetch(`${url}/sentry-test/bad`);
    expect(badRequest.status).toBe(400);

    const res = await fetch(`${url}/sentry-test/boom?access_token=${SECRETS.accessToken}&page=2`, {
      headers: {
        Authorization: `Bearer ${SECRETS.authorization}`,
        Cookie: `sid=${SECRETS.cookie}`,
        'X-Agented-Signature': `sha256=${SECRETS.signature}`,
        'X-Hub-Signature-256': `sha256=${SECRETS.signature}`,
        'X-Request-Id': 'req-sentry-1',
      },
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ statusCode: 500, error: 'Internal Server Error' });
    await Sentry.flush(5_000);

    const received = events(ingest.envelopes);
    expect(received).toHaveLength(1); // the 400 is not reported
    const [{ raw, event }] = received;
    expect(event.exception?.values[0]).toMatchObject({
      type: 'Error',
      value: 'boom: the database said no (Bearer [REDACTED])',
    });
    expect(event).toMatchObject({
      tags: { requestId: 'req-sentry-1' },
      environment: 'ci',
      release: 'agented@9.9.9-test',
    });
    expect(event.request?.headers).toMatchObject({
      authorization: '[REDACTED]',
      cookie: '[REDACTED]',
      'x-agented-signature': '[REDACTED]',
    });
    for (const secret of Object.values(SECRETS)) expect(raw).not.toContain(secret);
  });

  it('should report a failed job tagged with its execution id', async () => {
    const before = events(ingest.envelopes).length;
    reportJobFailure(new Error('runner crashed'), { executionId: 'exec-42', workerId: 'w-7' });
    await Sentry.flush(5_000);
    const received = events(ingest.envelopes).slice(before);
    expect(received).toHaveLength(1);
    expect(received[0].event).toMatchObject({
      exception: { values: [{ value: 'runner crashed' }] },
      tags: { executionId: 'exec-42', workerId: 'w-7' },
    });
  });
});
