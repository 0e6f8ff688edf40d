import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../helpers/auth';
import { RunningProcess, freePort, startEntrypoint, waitForReady } from '../helpers/processes';
import { SseClient } from '../helpers/sse';
import { TEST_ADMIN, TestEnv, createTestEnv } from '../helpers/test-env';

/**
 * The foundation's promise, on real processes: a webhook accepted by one API replica runs on a
 * worker and its log reaches a browser on another replica; a dropped stream resumes on either
 * replica with no line lost or repeated; a cancel sent through one replica stops the run served by
 * the other.
 */
describe('replicas', () => {
  let env: TestEnv;
  const procs: RunningProcess[] = [];
  let api1: string;
  let api2: string;
  let auth: { authorization: string };

  beforeAll(async () => {
    env = await createTestEnv({ WORKER_CONCURRENCY: '4', CANCEL_GRACE_SECONDS: '1' });
    const [port1, port2] = [await freePort(), await freePort()];
    api1 = `http://127.0.0.1:${port1}`;
    api2 = `http://127.0.0.1:${port2}`;
    const a1 = startEntrypoint('api-1', 'main.js', { ...env.vars, PORT: String(port1), HOST: '127.0.0.1' });
    const a2 = startEntrypoint('api-2', 'main.js', { ...env.vars, PORT: String(port2), HOST: '127.0.0.1' });
    const worker = startEntrypoint('worker', 'worker.js', { ...env.vars, WORKER_ID: 'cluster-worker-1' });
    procs.push(a1, a2, worker);
    await Promise.all([waitForReady(`${api1}/health/ready`, a1), waitForReady(`${api2}/health/ready`, a2)]);
    auth = {
      authorization: `Bearer ${(await login(api1, TEST_ADMIN.email, TEST_ADMIN.password)).accessToken}`,
    };
  });

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await env?.cleanup();
  });

  async function api<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async function botWithWebhook(name: string, command: string[]) {
    const bot = await api<{ id: string }>(api1, 'POST', '/api/bots', { name, backend: 'command', command });
    const trigger = await api<{ url: string; secret: string }>(api1, 'POST', `/api/bots/${bot.id}/triggers`, {
      type: 'webhook',
    });
    return { bot, trigger };
  }

  async function fire(base: string, trigger: { url: string; secret: string }, payload: unknown) {
    const body = JSON.stringify(payload);
    const signature = createHmac('sha256', trigger.secret).update(body).digest('hex');
    const res = await fetch(`${base}${trigger.url}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-agented-signature': `sha256=${signature}`,
        'x-agented-delivery': randomUUID(),
      },
      body,
    });
    expect(res.status).toBe(202);
    const { executionIds } = (await res.json()) as { executionIds: string[] };
    expect(executionIds).toHaveLength(1);
    return executionIds[0];
  }

  it('should stream every line exactly once, in order, across replicas and a resume', async () => {
    const lines = 120;
    // Prints `line-1` … `line-N`, 10 ms apart, so the stream is live while we drop and resume.
    const { trigger } = await botWithWebhook('printer', [
      'node',
      '-e',
      'let i=0;const n=Number(process.argv[1]);const t=setInterval(()=>{console.log("line-"+(++i));if(i===n)clearInterval(t)},10)',
      '{{payload.lines}}',
    ]);
    const executionId = await fire(api1, trigger, { lines });

    const first = await SseClient.open(`${api2}/api/executions/${executionId}/stream`, auth);
    await first.waitFor((c) => c.logs.filter((l) => l.stream === 'stdout').length >= 30, 15_000);
    first.close();
    const lastSeq = first.logSeqs[first.logSeqs.length - 1];

    const second = await SseClient.open(`${api1}/api/executions/${executionId}/stream`, {
      ...auth,
      'last-event-id': String(lastSeq),
    });
    await second.waitForClose(20_000);

    const all = [...first.logs, ...second.logs];
    const seqs = all.map((l) => l.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const stdout = all.filter((l) => l.stream === 'stdout').map((l) => l.text);
    expect(stdout).toEqual(Array.from({ length: lines }, (_, i) => `line-${i + 1}`));
    expect(second.named('end').map((e) => JSON.parse(e.data))).toEqual([
      { status: 'succeeded', exitCode: 0 },
    ]);

    // Long after, either replica serves the same record.
    const replay = await SseClient.open(`${api2}/api/executions/${executionId}/stream`, auth);
    await replay.waitForClose(10_000);
    expect(replay.logSeqs).toEqual(seqs);
  });

  it('should stop a run served by one replica when the other cancels it', async () => {
    const { trigger } = await botWithWebhook('sleeper', [
      'sh',
      '-c',
      'echo started; sleep 300 & sleep 300; wait',
    ]);
    const executionId = await fire(api2, trigger, {});

    const stream = await SseClient.open(`${api2}/api/executions/${executionId}/stream`, auth);
    await stream.waitFor((c) => c.logs.some((l) => l.text === 'started'), 15_000);

    const cancelledAt = Date.now();
    const res = await fetch(`${api1}/api/executions/${executionId}/cancel`, {
      method: 'POST',
      headers: auth,
    });
    expect(res.status).toBe(202);
    await stream.waitForClose(5_000);
    expect(Date.now() - cancelledAt).toBeLessThan(2_500);
    expect(stream.named('end').map((e) => JSON.parse(e.data).status)).toEqual(['cancelled']);

    const execution = await api<{ status: string; workerId: string }>(
      api1,
      'GET',
      `/api/executions/${executionId}`,
    );
    expect(execution).toMatchObject({ status: 'cancelled', workerId: 'cluster-worker-1' });
  });
});
