import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiClient } from '../lib/api-client.mjs';
import { freePort, waitForOutput } from '../lib/processes.mjs';
import { cpuMeter, rssBytes, tcpConnectionsTo } from '../lib/proc-stats.mjs';
import { openSse } from '../lib/sse-client.mjs';

const EXECUTIONS = 20;
const CLIENTS = 2000;
const LINES_PER_SECOND = 10;
/** Long enough for both phases; the executions are cancelled when the bench is done. */
const PRINT_SECONDS = 75;
const CONNECT_BATCH = 100;
const SETTLE_MS = 3000;
const MEASURE_MS = 10_000;
const REDIS_PORT = 6379;

/**
 * Connects CLIENTS SSE clients (spread over the executions) to one server and measures it: RSS
 * growth per client, CPU while they follow, lines delivered per second, and the server's Redis
 * connections with no client, half of them and all of them.
 */
async function fanOut({ pid, urlOf, headers }, ids, whenConnected = async () => undefined) {
  const redisConnections = [tcpConnectionsTo(pid, REDIS_PORT)];
  const rssBefore = rssBytes(pid);
  let delivered = 0;
  const clients = [];
  for (let i = 0; i < CLIENTS; i += CONNECT_BATCH) {
    const batch = [];
    for (let j = i; j < Math.min(CLIENTS, i + CONNECT_BATCH); j++) {
      batch.push(
        openSse(urlOf(ids[j % ids.length]), { headers, onEvent: (event) => event === 'log' && delivered++ }),
      );
    }
    clients.push(...(await Promise.all(batch)));
    if (clients.length === CLIENTS / 2) redisConnections.push(tcpConnectionsTo(pid, REDIS_PORT));
  }
  redisConnections.push(tcpConnectionsTo(pid, REDIS_PORT));
  for (const client of clients) void client.ended.then(() => (client.gone = true));
  await whenConnected();
  await sleep(SETTLE_MS);
  const cpu = cpuMeter(pid);
  const deliveredBefore = delivered;
  await sleep(MEASURE_MS);
  const cores = cpu();
  const linesPerSecond = ((delivered - deliveredBefore) * 1000) / MEASURE_MS;
  const rssAfter = rssBytes(pid);
  const dropped = clients.filter((c) => c.gone).length;
  clients.forEach((c) => c.close());
  await Promise.all(clients.map((c) => c.ended));
  return {
    rssKiBPerClient: (rssAfter - rssBefore) / 1024 / CLIENTS,
    rssBeforeMiB: rssBefore / 2 ** 20,
    rssAfterMiB: rssAfter / 2 ** 20,
    cores,
    linesPerSecond,
    redisConnections,
    dropped,
  };
}

/**
 * B3 — 2,000 SSE clients on one API process following 20 live executions (10 lines/s each). The
 * clients connect while the executions are queued and follow them from their first line; then
 * the worker starts them. Baseline: the same clients on a bare Node `http` SSE server reading the
 * same streams (joining them live).
 */
export async function run(env, { log }) {
  const { proc, url } = await env.startApi('b3');
  const api = new ApiClient(url);
  const token = await api.login(env.admin);
  const printer = path.join(env.root, 'bench/fixtures/printer.pl');
  const bot = await api.createBot('bench-b3', [
    'perl',
    printer,
    String(LINES_PER_SECOND),
    String(PRINT_SECONDS),
  ]);
  const ids = [];
  for (let i = 0; i < EXECUTIONS; i++) ids.push(await api.runBot(bot.id, {}));

  try {
    const agented = await fanOut(
      {
        pid: proc.pid,
        urlOf: (id) => `${url}/api/executions/${id}/stream`,
        headers: { authorization: `Bearer ${token}` },
      },
      ids,
      // The clients follow the executions from their first line: the worker starts them now.
      () => env.startWorker('b3', { WORKER_CONCURRENCY: String(EXECUTIONS) }),
    );
    log(`Agented: ${JSON.stringify(agented)}`);

    const port = await freePort();
    const bareServer = env.startBaseline('bare-sse', 'bare-sse-server.mjs', {
      PORT: String(port),
      REDIS_URL: env.redisUrl,
      STREAM_PREFIX: `${env.env('b3').REDIS_PREFIX}logs:`,
    });
    let bare;
    try {
      await waitForOutput(bareServer, /listening/);
      await sleep(500);
      bare = await fanOut(
        {
          pid: bareServer.pid,
          urlOf: (id) => `http://127.0.0.1:${port}/api/executions/${id}/stream`,
          headers: {},
        },
        ids,
      );
    } finally {
      await bareServer.stop();
    }
    log(`bare: ${JSON.stringify(bare)}`);

    const constant = new Set(agented.redisConnections).size === 1;
    return {
      metrics: [
        {
          name: 'API RSS growth per SSE client',
          value: agented.rssKiBPerClient,
          unit: 'KiB',
          baseline: bare.rssKiBPerClient,
          target: { max: 60 },
        },
        {
          name: 'API CPU while 2,000 clients follow',
          value: agented.cores * 100,
          unit: '% of a core',
          baseline: bare.cores * 100,
        },
        {
          name: 'lines delivered/s (all clients)',
          value: agented.linesPerSecond,
          unit: '/s',
          baseline: bare.linesPerSecond,
        },
        {
          name: `API Redis connections at 0/${CLIENTS / 2}/${CLIENTS} clients`,
          value: agented.redisConnections.join('/'),
          unit: '',
          baseline: bare.redisConnections.join('/'),
        },
        { name: '… constant', value: constant ? 'yes' : 'no', unit: '', target: { equals: 'yes' } },
        {
          name: 'clients cut off by the server',
          value: agented.dropped,
          unit: '',
          baseline: bare.dropped,
          target: { equals: 0 },
        },
      ],
      baselineName: 'bare Node `http` SSE server, one XREAD BLOCK over the same streams',
      raw: {
        executions: EXECUTIONS,
        clients: CLIENTS,
        linesPerSecondPerExecution: LINES_PER_SECOND,
        agented,
        bare,
      },
    };
  } finally {
    await Promise.all(
      ids.map((id) =>
        api.request('POST', `/api/executions/${id}/cancel`, undefined, 202).catch(() => undefined),
      ),
    );
  }
}
