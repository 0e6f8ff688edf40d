import path from 'node:path';
import { ApiClient } from '../lib/api-client.mjs';
import { cpuBreakdown } from '../lib/proc-stats.mjs';
import { openSse } from '../lib/sse-client.mjs';
import { summarize } from '../lib/stats.mjs';

const EXECUTIONS = 50;
const LINES_PER_SECOND = 100;
const SECONDS = 10;
const CLIENTS_PER_EXECUTION = 2;
/** Time for the worker to start every printer before they all begin together. */
const START_DELAY_MS = 4000;

/** One SSE client's view: every log line must come exactly once (counted against PostgreSQL at the end). */
function follower(latencies, workerLags, deliveryLags, worst) {
  const state = { last: 0, received: 0, duplicated: 0, ended: false };
  state.onEvent = (event, data) => {
    if (event === 'end') state.ended = true;
    if (event !== 'log') return;
    const now = process.hrtime.bigint();
    const line = JSON.parse(data);
    if (line.seq <= state.last) {
      state.duplicated++;
      return;
    }
    state.last = line.seq;
    state.received++;
    const stamp = / w=(\d+) t=(\d+)$/.exec(line.text);
    if (!stamp) return;
    const latency = Number(now - BigInt(stamp[2])) / 1e6;
    latencies.push(latency);
    if (latency > worst.latency)
      Object.assign(worst, { latency, printedAt: Number(BigInt(stamp[2]) / 1_000_000n) });
    // how much of it was spent before the worker had the line (ms resolution)
    workerLags.push(Date.parse(line.ts) - Number(stamp[1]));
    deliveryLags.push(Date.now() - Date.parse(line.ts));
  };
  return state;
}

/**
 * B2 — 50 executions on one worker each print 100 lines/s for 10 s; 100 SSE clients (2 per
 * execution) follow them on a second API process, not the one that started them. Latency is the
 * printer's CLOCK_MONOTONIC stamp in the line vs. the client's clock when the event arrives.
 * Baseline: raw XADD → XREAD BLOCK between two processes at the same rate.
 */
export async function run(env, { log }) {
  const [front, streams] = await Promise.all([env.startApi('b2'), env.startApi('b2')]);
  const worker = await env.startWorker('b2', { WORKER_CONCURRENCY: String(EXECUTIONS) });
  const api = new ApiClient(front.url);
  const token = await api.login(env.admin);
  const printer = path.join(env.root, 'bench/fixtures/printer.pl');
  const bot = await api.createBot('bench-b2', [
    'perl',
    printer,
    '{{input.rate}}',
    '{{input.seconds}}',
    '{{input.startAt}}',
  ]);

  const startAt = Number(process.hrtime.bigint() / 1_000_000n) + START_DELAY_MS;
  const ids = [];
  for (let i = 0; i < EXECUTIONS; i++)
    ids.push(await api.runBot(bot.id, { rate: LINES_PER_SECOND, seconds: SECONDS, startAt }));

  const latencies = [];
  const workerLags = [];
  const deliveryLags = [];
  const worst = { latency: 0, printedAt: 0 };
  const clients = [];
  for (const id of ids) {
    for (let c = 0; c < CLIENTS_PER_EXECUTION; c++) {
      const state = follower(latencies, workerLags, deliveryLags, worst);
      const sse = await openSse(`${streams.url}/api/executions/${id}/stream`, {
        headers: { authorization: `Bearer ${token}` },
        onEvent: state.onEvent,
      });
      clients.push({ id, state, sse });
    }
  }
  const cpu = cpuBreakdown({ worker: worker.pid, sseApi: streams.proc.pid });
  const timeout = setTimeout(() => clients.forEach((c) => c.sse.close()), (SECONDS + 60) * 1000);
  await Promise.all(clients.map((c) => c.sse.ended));
  clearTimeout(timeout);
  const cores = cpu();

  const { rows } = await env.db.query(
    'select execution_id, max(seq)::int as lines from execution_logs where execution_id = any($1::uuid[]) group by 1',
    [ids],
  );
  const stored = new Map(rows.map((r) => [r.execution_id, r.lines]));
  let lost = 0;
  let duplicated = 0;
  let unended = 0;
  for (const { id, state } of clients) {
    lost += (stored.get(id) ?? 0) - state.received;
    duplicated += state.duplicated;
    if (!state.ended) unended++;
  }
  const latency = summarize(latencies);
  const workerLag = summarize(workerLags);
  const deliveryLag = summarize(deliveryLags);
  log(
    `${latency.count} stamped lines received by ${clients.length} clients; ${unended} streams without an end event`,
  );
  log(
    `printer → worker p50/p99 ${workerLag.p50}/${workerLag.p99} ms, worker → client ${deliveryLag.p50}/${deliveryLag.p99} ms`,
  );
  log(
    `the slowest line (${worst.latency.toFixed(1)} ms) was printed ${((worst.printedAt - startAt) / 1000).toFixed(2)} s after the printers began (they print for ${SECONDS} s)`,
  );
  log(`CPU cores ${JSON.stringify(cores)}`);

  /** The raw path between two processes; with `printer`, fed by the same bots through a bare writer. */
  const rawRun = (name, extra) =>
    env.runBaseline(name, 'xadd-xread.mjs', {
      REDIS_URL: env.redisUrl,
      KEY_PREFIX: `${env.redisPrefix}b2-${name}:`,
      STREAMS: String(EXECUTIONS),
      RATE: String(LINES_PER_SECOND),
      SECONDS: '5',
      ...extra,
    });
  const raw = await rawRun('xadd-xread', {});
  const rawLatency = raw.latency;
  const fed = await rawRun('printers-xadd-xread', { PRINTER: printer });
  log(
    `bare pipeline (the same ${EXECUTIONS} printers → one Node writer → XADD → XREAD): p50/p99/max ` +
      `${fed.latency.p50}/${fed.latency.p99}/${fed.latency.max} ms, ${fed.expected - fed.received} lost`,
  );

  return {
    metrics: [
      { name: 'line latency p50', value: latency.p50, unit: 'ms', baseline: rawLatency.p50 },
      {
        name: 'line latency p99',
        value: latency.p99,
        unit: 'ms',
        baseline: rawLatency.p99,
        target: { max: 20 },
      },
      {
        name: 'line latency max',
        value: latency.max,
        unit: 'ms',
        baseline: rawLatency.max,
        target: { max: 100 },
      },
      {
        name: 'lines lost',
        value: lost,
        unit: '',
        baseline: raw.expected - raw.received,
        target: { equals: 0 },
      },
      { name: 'lines duplicated', value: duplicated, unit: '', target: { equals: 0 } },
      {
        name: 'line latency p99 vs printers → bare writer → XREAD',
        value: latency.p99,
        unit: 'ms',
        baseline: fed.latency.p99,
      },
      { name: 'streams without their end event', value: unended, unit: '', target: { equals: 0 } },
    ],
    baselineName: `raw XADD → XREAD BLOCK between two processes, ${EXECUTIONS} streams × ${LINES_PER_SECOND} lines/s`,
    raw: {
      executions: EXECUTIONS,
      linesPerSecond: LINES_PER_SECOND,
      seconds: SECONDS,
      clients: clients.length,
      latency,
      printerToWorker: workerLag,
      workerToClient: deliveryLag,
      cores,
      rawLatency,
      printersBareLatency: fed.latency,
      linesReceived: latency.count,
    },
  };
}
