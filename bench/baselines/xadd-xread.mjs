// The B2 baselines: raw Redis Streams between two processes. This process is the reader (one
// XREAD BLOCK over every stream, a concrete last id per stream); it forks a writer that XADDs
// STREAMS × RATE entries a second, each carrying its CLOCK_MONOTONIC write time.
// With PRINTER=<printer.pl>, the writer instead starts STREAMS printers (B2's bot) and XADDs each
// line as it reads it from their pipes: the same path as Agented's, with nothing of Agented in it,
// on a machine just as busy with bot processes.
import { fork, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import { summarize } from '../lib/stats.mjs';

const { REDIS_URL, KEY_PREFIX, STREAMS = '50', RATE = '100', SECONDS = '5', PRINTER } = process.env;
const streams = Number(STREAMS);
const rate = Number(RATE);
const seconds = Number(SECONDS);
const keys = Array.from({ length: streams }, (_, i) => `${KEY_PREFIX}${i}`);

/** Starts the printers together and XADDs every line they print, as it arrives; exits after the last. */
function writeFromPrinters(redis) {
  const startAt = Number(process.hrtime.bigint() / 1_000_000n) + 1000;
  let running = streams;
  let last = Promise.resolve();
  keys.forEach((key) => {
    const child = spawn('perl', [PRINTER, String(rate), String(seconds), String(startAt)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let seq = 0;
    let rest = '';
    child.stdout.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      for (const line of lines) last = redis.xadd(key, `${++seq}-0`, 't', / t=(\d+)$/.exec(line)[1]);
    });
    // QUIT skips the auto-pipeline's queue: wait for the last XADD's reply before sending it.
    child.on('close', () => {
      if (--running === 0) last.then(() => redis.quit()).then(() => process.exit(0));
    });
  });
}

if (process.argv[2] === 'writer' && PRINTER) {
  writeFromPrinters(new Redis(REDIS_URL, { enableAutoPipelining: true }));
} else if (process.argv[2] === 'writer') {
  const redis = new Redis(REDIS_URL);
  const total = rate * seconds;
  const written = new Array(streams).fill(0);
  const begun = process.hrtime.bigint();
  const tick = () => {
    const due = Math.min(total, Math.floor((Number(process.hrtime.bigint() - begun) / 1e9) * rate) + 1);
    for (let s = 0; s < streams; s++) {
      while (written[s] < due) {
        written[s]++;
        void redis.xadd(keys[s], `${written[s]}-0`, 't', String(process.hrtime.bigint()));
      }
    }
    if (written.some((w) => w < total)) setTimeout(tick, 1000 / rate / 2);
    else redis.quit().then(() => process.exit(0));
  };
  tick();
} else {
  const redis = new Redis(REDIS_URL);
  await redis.del(...keys);
  const last = new Map(keys.map((k) => [k, '0-0']));
  const latencies = [];
  let received = 0;
  const expected = streams * rate * seconds;
  const writer = fork(fileURLToPath(import.meta.url), ['writer'], { env: process.env });
  const deadline = Date.now() + (seconds + 15) * 1000;
  while (received < expected && Date.now() < deadline) {
    const result = await redis.xread(
      'COUNT',
      500,
      'BLOCK',
      1000,
      'STREAMS',
      ...last.keys(),
      ...last.values(),
    );
    const now = process.hrtime.bigint();
    for (const [key, entries] of result ?? []) {
      for (const [id, fields] of entries) {
        latencies.push(Number(now - BigInt(fields[1])) / 1e6);
        received++;
        last.set(key, id);
      }
    }
  }
  writer.kill();
  await redis.del(...keys);
  await redis.quit();
  console.log(JSON.stringify({ expected, received, latency: summarize(latencies) }));
}
