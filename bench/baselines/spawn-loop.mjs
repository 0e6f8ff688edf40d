// The B4 baselines, in a process of their own: how fast this machine starts processes.
//   latency: spawn('date', ['+%s%N']) one at a time → the child's printed start time, minus the spawn call
//   throughput: spawn('true') with 8 in flight, SPAWN_TOTAL in all
//   … and the same loop spawning as a worker must (stdout and stderr piped, the child leading its own
//   process group) from a process whose heap is grown to SPAWN_RSS_MB: Node forks to spawn on Linux,
//   so a spawn costs more the more memory the parent has mapped.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { machineBusySeconds } from '../lib/proc-stats.mjs';

const total = Number(process.env.SPAWN_TOTAL ?? 2000);
const inFlight = Number(process.env.SPAWN_IN_FLIGHT ?? 8);
const rssMb = Number(process.env.SPAWN_RSS_MB ?? 0);
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

/**
 * Spawns per second, this process's CPU per spawn and the machine's (children, kernel and anything
 * else running), `total` spawns with `inFlight` at once.
 */
async function loop(start) {
  let started = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const machine0 = machineBusySeconds();
  const lane = async () => {
    while (started < total) {
      started++;
      await start();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const seconds = (performance.now() - t0) / 1000;
  const { user, system } = process.cpuUsage(cpu0);
  return {
    perSecond: total / seconds,
    cpuMsPerSpawn: (user + system) / 1000 / total,
    machineCpuMsPerSpawn: ((machineBusySeconds() - machine0) * 1000) / total,
  };
}

const bare = await loop(() => once(spawn('true', [], { stdio: 'ignore' }), 'exit'));

const ballast = [];
while (process.memoryUsage().rss < rssMb * 2 ** 20) {
  for (let i = 0; i < 10_000; i++) ballast.push({ i, s: `line ${i}` });
}
const workerLike = await loop(() => {
  const child = spawn('true', [], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: {} });
  child.stdout.resume();
  child.stderr.resume();
  return once(child, 'close');
});

console.log(
  JSON.stringify({
    spawnsPerSecond: bare.perSecond,
    cpuMsPerSpawn: bare.cpuMsPerSpawn,
    machineCpuMsPerSpawn: bare.machineCpuMsPerSpawn,
    workerLike: {
      ...workerLike,
      rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
      ballast: ballast.length,
    },
    startLatenciesMs: latencies,
  }),
);
