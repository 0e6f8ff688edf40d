// npm run bench [-- B1 B3] [--no-build]: see bench/README.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_THROTTLES, BenchEnv } from './lib/bench-env.mjs';
import { judge, renderTable } from './lib/report.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const SCENARIOS = {
  B1: { title: 'signed webhooks into one API process', file: 'b1-webhooks.mjs' },
  B2: { title: 'live log lines, worker → Redis → SSE on another API process', file: 'b2-live-logs.mjs' },
  B3: { title: '2,000 SSE clients on one API process', file: 'b3-sse-fanout.mjs' },
  B4: { title: 'dispatch latency and execution throughput', file: 'b4-dispatch.mjs' },
  B5: { title: 'start-up', file: 'b5-startup.mjs' },
  B6: { title: 'newcomers joining a running execution with a long history', file: 'b6-newcomers.mjs' },
};

const args = process.argv.slice(2);
const wanted = args.filter((a) => !a.startsWith('--')).map((a) => a.toUpperCase());
const unknown = wanted.filter((id) => !SCENARIOS[id]);
if (unknown.length) {
  console.error(`unknown scenario(s) ${unknown.join(', ')}; choose from ${Object.keys(SCENARIOS).join(' ')}`);
  process.exit(2);
}
const selected = wanted.length
  ? Object.keys(SCENARIOS).filter((id) => wanted.includes(id))
  : Object.keys(SCENARIOS);
// BENCH_DIST lets a developer point the bench at another build of the server (with --no-build).
const dist = path.resolve(process.env.BENCH_DIST ?? path.join(ROOT, 'dist'));

if (!args.includes('--no-build')) {
  console.log('building the server (npm run build:server) …');
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'inherit' });
}

const env = new BenchEnv({
  root: ROOT,
  dist,
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});

const stopOnSignal = () => {
  console.error('interrupted: stopping processes and dropping the bench database …');
  env.tearDown().finally(() => process.exit(130));
};
process.once('SIGINT', stopOnSignal);
process.once('SIGTERM', stopOnSignal);

const results = [];
const startedAt = new Date();
try {
  await env.setUp();
  console.log(`databases ${env.templateName}[_b1…], Redis prefix ${env.redisPrefix}`);
  console.log(
    `throttling limits raised for the bench: ${Object.keys(BENCH_THROTTLES).join(', ')} = 10,000,000`,
  );
  for (const id of selected) {
    const { title, file } = SCENARIOS[id];
    console.log(`\n${id}: ${title} …`);
    const t0 = Date.now();
    try {
      await env.beginScenario(id);
      const { run } = await import(`./scenarios/${file}`);
      const result = await run(env, { log: (msg) => console.log(`  ${msg}`) });
      results.push({
        id,
        title,
        ...result,
        metrics: result.metrics.map(judge),
        seconds: (Date.now() - t0) / 1000,
      });
    } catch (err) {
      console.error(err);
      results.push({ id, title, error: err instanceof Error ? err.message : String(err) });
    } finally {
      await env.endScenario();
    }
  }
} finally {
  await env.tearDown();
}

console.log(`\n${renderTable(results)}`);
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};
const file = path.join(ROOT, 'bench', 'results', `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify({ startedAt, machine, scenarios: results }, null, 2)}\n`);
console.log(`\nresults: ${path.relative(ROOT, file)}`);
process.exitCode = results.some((r) => r.error) ? 1 : 0;
