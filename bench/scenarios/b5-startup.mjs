import { freePort, startProcess, waitForHttp, waitForOutput } from '../lib/processes.mjs';
import { cpuSeconds } from '../lib/proc-stats.mjs';
import { median, msSince } from '../lib/stats.mjs';

const RUNS = 3;

/**
 * B5 — start-up: from spawning the process to the API answering GET /health/ready with 200, and
 * to the worker printing that it is ready; against `node -e 0` (spawn to exit), median of 3.
 */
export async function run(env) {
  const api = [];
  const apiCpu = [];
  const worker = [];
  const bare = [];
  for (let i = 0; i < RUNS; i++) {
    const port = await freePort();
    const apiProc = env.start('api-b5', 'main.js', env.env('b5', { HOST: '127.0.0.1', PORT: String(port) }));
    const apiReady = await waitForHttp(`http://127.0.0.1:${port}/health/ready`, apiProc, 30_000, 5);
    api.push(Number(apiReady - apiProc.startedAt) / 1e6);
    // CPU time is what start-up costs whatever else the machine does; wall time depends on it.
    apiCpu.push(cpuSeconds(apiProc.pid) * 1000);
    await apiProc.stop();

    const workerProc = env.start('worker-b5', 'worker.js', env.env('b5', { LOG_LEVEL: 'info' }));
    const workerReady = await waitForOutput(workerProc, /ready \(concurrency/);
    worker.push(Number(workerReady - workerProc.startedAt) / 1e6);
    await workerProc.stop();

    const node = startProcess('node -e 0', [process.execPath, '-e', '0'], {
      env: { PATH: process.env.PATH },
    });
    await node.exited;
    bare.push(msSince(node.startedAt));
  }
  const baseline = median(bare);
  return {
    metrics: [
      { name: 'API ready (median)', value: median(api), unit: 'ms', baseline, target: { max: 2000 } },
      { name: 'API CPU time until ready (median)', value: median(apiCpu), unit: 'ms' },
      { name: 'worker ready (median)', value: median(worker), unit: 'ms', baseline },
    ],
    baselineName: '`node -e 0`, spawn to exit',
    raw: { apiMs: api, apiCpuMs: apiCpu, workerMs: worker, nodeMs: bare },
  };
}
