import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import Redis from 'ioredis';
import pg from 'pg';
import { freePort, startProcess, waitForHttp, waitForOutput } from './processes.mjs';

/**
 * Throttling is on in every process the bench starts, with limits far above what the load
 * generator sends: the bench measures the pipeline, not the rate limiter's refusals.
 */
export const BENCH_THROTTLES = {
  THROTTLE_LIMIT: '10000000',
  THROTTLE_WEBHOOK_IP_LIMIT: '10000000',
  THROTTLE_WEBHOOK_TRIGGER_LIMIT: '10000000',
  THROTTLE_LOGIN_IP_LIMIT: '10000000',
  THROTTLE_LOGIN_EMAIL_LIMIT: '10000000',
  // B3 opens 2,000 streams with one user's token
  SSE_MAX_STREAMS_PER_USER: '10000000',
};

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Everything a bench run owns: its databases (one migrated template, and one clone of it per
 * scenario so that no scenario's leftovers — queued executions, a worker's sweeper — reach the
 * next), its own Redis key prefix (one sub-prefix per scenario), and the processes it starts.
 * All of it is stopped, dropped and deleted at the end.
 */
export class BenchEnv {
  constructor({ root, dist, databaseUrl, redisUrl }) {
    this.root = root;
    this.dist = dist;
    this.baseDatabaseUrl = databaseUrl;
    this.redisUrl = redisUrl;
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    this.id = `${stamp}_${randomBytes(3).toString('hex')}`;
    this.templateName = `agented_bench_${this.id}`;
    this.databases = [];
    this.redisPrefix = `agented-bench:${this.id}:`;
    this.admin = { email: 'bench@agented.local', password: randomBytes(12).toString('base64url') };
    this.secrets = {
      MASTER_KEY: randomBytes(32).toString('base64'),
      JWT_SECRET: randomBytes(48).toString('base64'),
    };
    this.processes = new Set();
  }

  async setUp() {
    await this.runAsAdmin(`CREATE DATABASE "${this.templateName}"`);
    this.databases.push(this.templateName);
    this.databaseUrl = withDatabase(this.baseDatabaseUrl, this.templateName);
    execFileSync(process.execPath, [path.join(this.dist, 'migrate.js')], {
      cwd: this.root,
      env: this.env('migrate'),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    this.redis = new Redis(this.redisUrl);
  }

  /** A fresh database for the scenario (`db` queries it); its processes are stopped by endScenario. */
  async beginScenario(id) {
    const name = `${this.templateName}_${id.toLowerCase()}`;
    await this.runAsAdmin(`CREATE DATABASE "${name}" TEMPLATE "${this.templateName}"`);
    this.databases.push(name);
    this.databaseUrl = withDatabase(this.baseDatabaseUrl, name);
    this.db = new pg.Pool({ connectionString: this.databaseUrl, max: 4 });
  }

  async endScenario() {
    await Promise.all([...this.processes].map((p) => p.stop()));
    const db = this.db;
    this.db = undefined;
    await db?.end();
  }

  /** Settings of a process of ours; `scope` gives each scenario its own keys under the prefix. */
  env(scope, extra = {}) {
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redisUrl,
      // The bench's Redis is the machine's own, without a password.
      REDIS_ALLOW_NO_PASSWORD: 'true',
      REDIS_PREFIX: `${this.redisPrefix}${scope}:`,
      ...this.secrets,
      ADMIN_EMAIL: this.admin.email,
      ADMIN_PASSWORD: this.admin.password,
      ...BENCH_THROTTLES,
      ...extra,
    };
  }

  start(name, entry, env) {
    // BENCH_CPU_PROF=<dir>: every API and worker process writes a V8 CPU profile there when it stops.
    const profile = process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`]
      : [];
    // BENCH_NODE_OPTIONS: Node options for every API and worker process (a --require probe, say).
    const options = process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {};
    const proc = startProcess(name, [process.execPath, ...profile, path.join(this.dist, entry)], {
      env: { ...env, ...options },
      cwd: this.root,
    });
    this.processes.add(proc);
    void proc.exited.then(() => this.processes.delete(proc));
    return proc;
  }

  /** A baseline script of bench/baselines/ in a Node process of its own, stopped with the scenario. */
  startBaseline(name, script, env) {
    const proc = startProcess(name, [process.execPath, path.join(this.root, 'bench/baselines', script)], {
      cwd: this.root,
      env: { PATH: process.env.PATH, ...env },
    });
    this.processes.add(proc);
    return proc;
  }

  /** A baseline script that measures, prints one JSON object and exits: that object. */
  async runBaseline(name, script, env) {
    const proc = this.startBaseline(name, script, env);
    if ((await proc.exited) !== 0) throw new Error(`${name} baseline failed:\n${proc.output()}`);
    return JSON.parse(proc.output());
  }

  /** An API process on a free loopback port, ready (GET /health/ready → 200). */
  async startApi(scope, extra = {}) {
    const port = await freePort();
    const proc = this.start(
      `api-${scope}`,
      'main.js',
      this.env(scope, { HOST: '127.0.0.1', PORT: String(port), ...extra }),
    );
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/health/ready`, proc);
    return { proc, url };
  }

  /** A worker process, ready once it says so (at log level info, the production default). */
  async startWorker(scope, extra = {}) {
    const proc = this.start(`worker-${scope}`, 'worker.js', this.env(scope, { LOG_LEVEL: 'info', ...extra }));
    await waitForOutput(proc, /ready \(concurrency/);
    return proc;
  }

  /** Idempotent: the signal handler and the normal end may both ask; each step runs whatever failed before. */
  tearDown() {
    this.tearingDown ??= this.removeEverything();
    return this.tearingDown;
  }

  async removeEverything() {
    const step = (what, fn) => fn().catch((err) => console.error(`cleanup: ${what} failed: ${err.message}`));
    await step('stopping processes', () => this.endScenario());
    await step('deleting Redis keys', async () => {
      if (!this.redis) return;
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.redisPrefix}*`, 'COUNT', 1000);
        if (keys.length) await this.redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
      this.redis.disconnect();
    });
    for (const name of [...this.databases].reverse()) {
      await step(`dropping ${name}`, () => this.runAsAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  }

  async runAsAdmin(statement) {
    const admin = new pg.Client({ connectionString: this.baseDatabaseUrl });
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  }
}
