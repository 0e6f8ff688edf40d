import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiClient } from '../lib/api-client.mjs';
import { openSse } from '../lib/sse-client.mjs';
import { summarize } from '../lib/stats.mjs';

const HISTORY = 8000;
const NEWCOMERS = 200;
const LINES_PER_SECOND = 100;
const SECONDS = 20;
/** How long the live follower is watched before the newcomers arrive: its baseline. */
const QUIET_MS = 3000;

/**
 * B6 — 200 clients open the stream of a running execution from its start while it has 8,000
 * lines of history, and one client already follows it at the live edge. Measured: how long the
 * newcomers take to reach the live edge, and the live follower's line latency while they do.
 * Baseline: the same follower's latency in the seconds before they arrive.
 */
export async function run(env, { log }) {
  const { url } = await env.startApi('b6');
  await env.startWorker('b6', { WORKER_CONCURRENCY: '4' });
  const api = new ApiClient(url);
  const token = await api.login(env.admin);
  const printer = path.join(env.root, 'bench/fixtures/printer.pl');
  const bot = await api.createBot('bench-b6', [
    'sh',
    '-c',
    `seq ${HISTORY}; exec perl "$0" ${LINES_PER_SECOND} ${SECONDS}`,
    printer,
  ]);
  const id = await api.runBot(bot.id, {});
  const headers = { authorization: `Bearer ${token}` };

  const latencies = [];
  let liveSeq = 0;
  const live = await openSse(`${url}/api/executions/${id}/stream`, {
    headers,
    onEvent: (event, data) => {
      if (event !== 'log') return;
      const line = JSON.parse(data);
      liveSeq = line.seq;
      const stamp = / t=(\d+)$/.exec(line.text);
      if (stamp)
        latencies.push({
          at: performance.now(),
          ms: Number(process.hrtime.bigint() - BigInt(stamp[1])) / 1e6,
        });
    },
  });
  while (liveSeq <= HISTORY) await sleep(20);
  const quietFrom = performance.now();
  await sleep(QUIET_MS);

  const joinedAt = performance.now();
  const caughtUpMs = [];
  const newcomers = await Promise.all(
    Array.from({ length: NEWCOMERS }, () => {
      let done = false;
      return openSse(`${url}/api/executions/${id}/stream`, {
        headers,
        onEvent: (event, _data, seq) => {
          if (done || event !== 'log' || Number(seq) < liveSeq) return;
          done = true;
          caughtUpMs.push(performance.now() - joinedAt);
        },
      });
    }),
  );
  while (caughtUpMs.length < NEWCOMERS && performance.now() - joinedAt < 60_000) await sleep(20);
  const caughtUpAt = performance.now();
  live.close();
  newcomers.forEach((c) => c.close());

  const before = summarize(latencies.filter((l) => l.at >= quietFrom && l.at < joinedAt).map((l) => l.ms));
  const during = summarize(latencies.filter((l) => l.at >= joinedAt && l.at <= caughtUpAt).map((l) => l.ms));
  const caughtUp = summarize(caughtUpMs);
  log(
    `${caughtUpMs.length} of ${NEWCOMERS} newcomers reached the live edge, the last after ${caughtUp.max.toFixed(0)} ms; ` +
      `live follower p50/p99 ${before.p50.toFixed(1)}/${before.p99.toFixed(1)} ms before, ${during.p50.toFixed(1)}/${during.p99.toFixed(1)} ms meanwhile`,
  );
  return {
    metrics: [
      {
        name: 'newcomers at the live edge',
        value: caughtUpMs.length,
        unit: '',
        target: { equals: NEWCOMERS },
      },
      { name: 'time until the last one got there', value: caughtUp.max, unit: 'ms' },
      { name: 'live follower latency p50 meanwhile', value: during.p50, unit: 'ms', baseline: before.p50 },
      { name: 'live follower latency p99 meanwhile', value: during.p99, unit: 'ms', baseline: before.p99 },
    ],
    baselineName: `the live follower's latency in the ${QUIET_MS / 1000} s before the newcomers arrived`,
    raw: { history: HISTORY, newcomers: NEWCOMERS, caughtUp, before, during },
  };
}
