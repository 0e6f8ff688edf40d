import { ApiClient, sign } from '../lib/api-client.mjs';
import { postWebhooks } from '../lib/load.mjs';
import { freePort, waitForOutput } from '../lib/processes.mjs';
import { cpuBreakdown } from '../lib/proc-stats.mjs';

const SECONDS = 10;
const WARMUP_SECONDS = 2;
const CONNECTIONS = 50;
const BODY = JSON.stringify({
  action: 'opened',
  repository: { full_name: 'acme/app' },
  pull_request: { number: 7 },
});

/**
 * B1 — signed generic webhooks, each with its own delivery id, into one API process (no worker:
 * the executions stay queued). Baselines: a bare Fastify server doing the same work, and a
 * no-op Fastify route as the ceiling.
 */
export async function run(env, { log }) {
  const { proc, url } = await env.startApi('b1');
  const api = new ApiClient(url);
  await api.login(env.admin);
  const bot = await api.createBot('bench-b1', ['true']);
  const trigger = await api.createWebhookTrigger(bot.id);
  const signature = sign(trigger.secret, BODY);
  /** The load, plus the server's CPU time per accepted webhook. */
  const load = async (target, pid, phase, seconds) => {
    const cpu = cpuBreakdown({ server: pid });
    const result = await postWebhooks({
      url: target,
      path: trigger.url,
      body: BODY,
      signature,
      idPrefix: `b1-${phase}`,
      connections: CONNECTIONS,
      seconds,
    });
    const cores = cpu();
    return {
      ...result,
      cores,
      serverCpuMsPerAccepted: (cores.server * result.seconds * 1000) / result.accepted,
    };
  };

  await load(url, proc.pid, 'warmup', WARMUP_SECONDS);
  const agented = await load(url, proc.pid, 'agented', SECONDS);
  log(
    `Agented: ${JSON.stringify(agented.statuses)}, p99 ${agented.p99} ms, CPU cores ${JSON.stringify(agented.cores)}`,
  );
  await proc.stop();

  const bare = async (mode) => {
    const port = await freePort();
    const server = env.startBaseline(`bare-fastify-${mode}`, 'bare-fastify.mjs', {
      ...env.env('b1-bare'),
      BARE_MODE: mode,
      PORT: String(port),
      SECRET: trigger.secret,
      TRIGGER_ID: trigger.id,
      BOT_ID: bot.id,
    });
    try {
      await waitForOutput(server, /listening/);
      const target = `http://127.0.0.1:${port}`;
      await load(target, server.pid, `${mode}-warmup`, WARMUP_SECONDS);
      return await load(target, server.pid, mode, SECONDS);
    } finally {
      await server.stop();
    }
  };
  const bareWork = await bare('webhook');
  log(
    `bare Fastify: ${JSON.stringify(bareWork.statuses)}, p99 ${bareWork.p99} ms, CPU cores ${JSON.stringify(bareWork.cores)}`,
  );
  const noop = await bare('noop');

  return {
    metrics: [
      {
        name: 'accepted webhooks/s',
        value: agented.acceptedPerSecond,
        unit: '/s',
        baseline: bareWork.acceptedPerSecond,
        target: { min: 3000 },
      },
      {
        name: '… share of the bare server',
        value: agented.acceptedPerSecond / bareWork.acceptedPerSecond,
        unit: '',
        target: { min: 0.6 },
      },
      {
        name: '… share of the no-op ceiling',
        value: agented.acceptedPerSecond / noop.acceptedPerSecond,
        unit: '',
      },
      { name: 'latency p50', value: agented.p50, unit: 'ms', baseline: bareWork.p50 },
      { name: 'latency p99', value: agented.p99, unit: 'ms', baseline: bareWork.p99, target: { max: 50 } },
      {
        name: 'server CPU per accepted webhook',
        value: agented.serverCpuMsPerAccepted,
        unit: 'ms',
        baseline: bareWork.serverCpuMsPerAccepted,
      },
      {
        name: 'non-202 answers',
        value: agented.rejected,
        unit: '',
        baseline: bareWork.rejected,
        target: { equals: 0 },
      },
    ],
    baselineName: `bare Fastify, same work (raw body, HMAC, one INSERT transaction, one BullMQ add); no-op route ceiling ${Math.round(noop.acceptedPerSecond)}/s`,
    raw: { agented, bareWork, noop, connections: CONNECTIONS, seconds: SECONDS },
  };
}
