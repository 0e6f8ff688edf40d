// The B4 baselines, in a process of their own: how fast this machine starts processes.
//   latency: spawn('date', ['+%s%N']) one at a time → the child's printed start time, minus the spawn call
//   throughput: spawn('true') with 8 in flight, SPAWN_TOTAL in all
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';

const total = Number(process.env.SPAWN_TOTAL ?? 2000);
const inFlight = Number(process.env.SPAWN_IN_FLIGHT ?? 8);
const nowMs = () => performance.timeOrigin + performance.now();

const latencies = [];
for (let i = 0; i < 50; i++) {
  const before = nowMs();
  const child = spawn('date', ['+%s%N'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  await once(child, 'close');
  latencies.push(Number(BigInt(out.trim()) / 1000n) / 1000 - before);
}

let started = 0;
const t0 = performance.now();
const lane = async () => {
  while (started < total) {
    started++;
    const child = spawn('true', [], { stdio: 'ignore' });
    await once(child, 'exit');
  }
};
await Promise.all(Array.from({ length: inFlight }, lane));
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ spawnsPerSecond: total / seconds, startLatenciesMs: latencies }));
