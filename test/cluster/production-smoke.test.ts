import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../helpers/auth';
import { RunningProcess, freePort, startEntrypoint, waitForReady } from '../helpers/processes';
import { TEST_ADMIN, TestEnv, createTestEnv } from '../helpers/test-env';

/**
 * What the Docker image runs, without Docker: the same build commands (`npm run build:server` in
 * the cluster project's global setup, `npm run build:web` here), NODE_ENV=production, dev
 * dependencies made unloadable as after `npm ci --omit=dev`, then migrate, two APIs and a worker.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const PROD_DEPS_ONLY = path.join(__dirname, 'fixtures', 'production-deps-only.cjs');
const METRICS_TOKEN = randomBytes(24).toString('hex');
const DEADLINE_MS = 30_000;
/** A request each API logs (unlike /health and /metrics), sent last to know its log is complete. */
const LOG_MARKER = '/api/smoke-log-marker';

type Json = Record<string, unknown>;

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const metricValue = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('production smoke test', () => {
  let env: TestEnv;
  let migrateExit: number | null;
  let migrate: RunningProcess;
  const apis: { proc: RunningProcess; url: string }[] = [];
  let worker: RunningProcess;
  let workerMetricsUrl: string;
  let executionId: string;
  /** every value that must never appear in any process output */
  const secrets: string[] = [METRICS_TOKEN];

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) {
      execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
    }
    env = await createTestEnv({
      NODE_ENV: 'production',
      // Production's own default: a worker started as root runs its bots as nobody.
      RUNNER_USER: '',
      LOG_LEVEL: 'info',
      METRICS_TOKEN,
      NODE_OPTIONS: `--require ${PROD_DEPS_ONLY}`,
    });
    secrets.push(env.vars.MASTER_KEY, env.vars.JWT_SECRET, TEST_ADMIN.password);

    migrate = startEntrypoint('migrate', 'migrate.js', env.vars);
    [migrateExit] = (await once(migrate.child, 'exit')) as [number | null];

    for (const name of ['api-1', 'api-2']) {
      const port = await freePort();
      const proc = startEntrypoint(name, 'main.js', { ...env.vars, HOST: '127.0.0.1', PORT: String(port) });
      apis.push({ proc, url: `http://127.0.0.1:${port}` });
    }
    const metricsPort = await freePort();
    workerMetricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    worker = startEntrypoint('worker', 'worker.js', {
      ...env.vars,
      HOST: '127.0.0.1',
      METRICS_PORT: String(metricsPort),
      WORKER_ID: 'smoke-worker',
    });
    await Promise.all([
      ...apis.map((a) => waitForReady(`${a.url}/health/ready`, a.proc, DEADLINE_MS)),
      waitForReady(workerMetricsUrl, worker, DEADLINE_MS),
    ]);
  });

  afterAll(async () => {
    await Promise.all([...apis.map((a) => a.proc.stop()), worker?.stop()]);
    await env?.cleanup();
  });

  it('should apply the migrations and exit 0', () => {
    expect(migrateExit, migrate.output()).toBe(0);
  });

  it('should be ready on both API replicas', async () => {
    for (const { url } of apis) {
      const res = await fetch(`${url}/health/ready`);
      expect(await res.json()).toMatchObject({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
    }
  });

  it('should serve the web UI at /', async () => {
    const res = await fetch(`${apis[0].url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/<!doctype html>[\s\S]*<script[^>]+src="\/assets\//i);
  });

  it('should serve the OpenAPI UI and document', async () => {
    const ui = await fetch(`${apis[1].url}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger/i);
    const doc = (await (await fetch(`${apis[1].url}/docs/json`)).json()) as { openapi: string; paths: Json };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/bots', '/api/executions/{id}']));
  });

  it('should guard /metrics with the token', async () => {
    expect((await fetch(`${apis[0].url}/metrics`)).status).toBe(401);
    const res = await fetch(`${apis[0].url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(metricValue(text, 'agented_workers_online')).toBe(1);
    expect(text).toContain('agented_queue_jobs{queue="executions",state="waiting"}');
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('should take a signed webhook on one replica and show its logs on the other', async () => {
    const [a, b] = apis;
    const { accessToken } = await login(a.url, TEST_ADMIN.email, TEST_ADMIN.password);
    secrets.push(accessToken);
    const auth = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const post = async (url: string, body: unknown) => {
      const res = await fetch(url, { method: 'POST', headers: auth, body: JSON.stringify(body) });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await res.json()) as Json;
    };

    const bot = await post(`${a.url}/api/bots`, {
      name: 'smoke',
      backend: 'command',
      command: ['sh', '-c', 'echo smoke-ok'],
    });
    const trigger = (await post(`${a.url}/api/bots/${String(bot.id)}/triggers`, { type: 'webhook' })) as {
      url: string;
      secret: string;
    };
    const body = JSON.stringify({ hello: 'smoke' });
    const signature = createHmac('sha256', trigger.secret).update(body).digest('hex');
    secrets.push(trigger.secret, signature, trigger.url.split('/').pop() ?? trigger.url);

    const hook = await fetch(`${b.url}${trigger.url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-agented-signature': `sha256=${signature}` },
      body,
    });
    expect(hook.status).toBe(202);
    const { executionIds } = (await hook.json()) as { executionIds: string[] };
    expect(executionIds).toHaveLength(1);
    executionId = executionIds[0];

    const execution = await until('the execution to finish', async () => {
      const res = await fetch(`${a.url}/api/executions/${executionIds[0]}`, { headers: auth });
      const json = (await res.json()) as { status: string };
      return ['queued', 'running'].includes(json.status) ? undefined : json;
    });
    expect(execution).toMatchObject({ status: 'succeeded', exitCode: 0, workerId: 'smoke-worker' });
    const logs = (await (
      await fetch(`${b.url}/api/executions/${executionIds[0]}/logs`, { headers: auth })
    ).json()) as {
      items: { text: string }[];
    };
    expect(logs.items.map((l) => l.text)).toContain('smoke-ok');

    const apiMetrics = await (
      await fetch(`${b.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    expect(metricValue(apiMetrics, 'agented_webhooks_accepted_total{source="generic"}')).toBe(1);
    const workerMetrics = await (await fetch(workerMetricsUrl)).text();
    expect(
      metricValue(workerMetrics, 'agented_executions_finished_total{backend="command",status="succeeded"}'),
    ).toBe(1);
  });

  it('should log JSON lines with request and worker ids, and never a secret', async () => {
    // Each process writes its lines in order: once an API's access line for this last request and
    // the worker's end-of-run line are in the pipes, with no line cut short, so is all before them.
    await Promise.all(apis.map(async (a) => (await fetch(`${a.url}${LOG_MARKER}`)).arrayBuffer()));
    const hasLine = (p: RunningProcess, holds: (line: string) => boolean) => {
      const text = p.output();
      return text.endsWith('\n') && text.split('\n').some(holds);
    };
    await until('the last log lines', async () =>
      apis.every((a) => hasLine(a.proc, (l) => l.includes(`"url":"${LOG_MARKER}"`))) &&
      hasLine(worker, (l) => l.includes(executionId) && l.includes('"msg":"succeeded after'))
        ? true
        : undefined,
    );
    const outputs = [...apis.map((a) => a.proc), worker].map((p) => ({ name: p.name, text: p.output() }));
    for (const { name, text } of outputs) {
      const lines = text.split('\n').filter((l) => l.trim() !== '');
      expect(lines.length, name).toBeGreaterThan(0);
      for (const line of lines) {
        expect(() => JSON.parse(line), `${name}: not JSON: ${line}`).not.toThrow();
        expect(JSON.parse(line), name).toMatchObject({ level: expect.any(String), time: expect.any(String) });
      }
      for (const secret of secrets) expect(text, `${name} printed a secret`).not.toContain(secret);
    }
    const apiLines = outputs[1].text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Json);
    expect(apiLines.find((l) => (l.req as Json | undefined)?.method === 'POST')).toMatchObject({
      requestId: expect.any(String),
      req: { url: '/hooks/[REDACTED]', headers: { 'x-agented-signature': '[REDACTED]' } },
      res: { statusCode: 202 },
    });
    const workerLines = outputs[2].text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Json);
    expect(workerLines.every((l) => l.workerId === 'smoke-worker')).toBe(true);
    expect(workerLines).toContainEqual(
      expect.objectContaining({
        executionId,
        msg: expect.stringMatching(/^succeeded after [\d.]+s \(command\)$/),
      }),
    );
  });

  it('should stop every process on SIGTERM, without needing SIGKILL', async () => {
    const procs = [...apis.map((a) => a.proc), worker];
    await Promise.all(procs.map((p) => p.stop('SIGTERM')));
    // Nest runs its shutdown hooks, then re-raises the signal: a clean stop ends by SIGTERM (or exit 0).
    for (const { name, child } of procs) {
      expect(
        child.exitCode === 0 || child.signalCode === 'SIGTERM',
        `${name}: ${child.exitCode} ${child.signalCode}`,
      ).toBe(true);
    }
  });
});
