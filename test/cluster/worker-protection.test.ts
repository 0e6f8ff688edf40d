import { ChildProcess, spawn } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBot } from '../factories/bot-rows';
import { authHeaders } from '../helpers/auth';
import { RunningProcess, startEntrypoint } from '../helpers/processes';
import { TestApp, startTestApp } from '../helpers/test-app';
import { TEST_ADMIN, TEST_JWT_SECRET, TEST_MASTER_KEY } from '../helpers/test-env';

/**
 * What a bot can see of the worker that runs it, against the built worker in production mode:
 * run as root (bots then run as nobody), and run as an unprivileged user (bots then share it, and the
 * worker's non-dumpable process keeps /proc closed to them). The bot is the attacker of finding F1:
 * it prints what it can read of its parent, and none of the worker's secrets may be in its log.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const NOBODY = 65534;

const PROBE = [
  'id -u',
  "tr '\\000' '\\n' < /proc/$PPID/environ 2>&1 | head -200",
  'head -c 200 /proc/$PPID/maps 2>&1',
  'ls -l /proc/$PPID/fd/ 2>&1 | head -20',
  'true',
].join('; ');

interface Worker {
  output(): string;
  stop(): Promise<void>;
}

function fromEntrypoint(proc: RunningProcess): Worker {
  return { output: proc.output, stop: async () => void (await proc.stop()) };
}

/**
 * The built worker as uid nobody. The checkout may sit below a folder only root may enter (such as
 * /root), so it is bind-mounted at a path nobody can reach, in a mount namespace of its own.
 */
function startAsNobody(env: Record<string, string>): Worker {
  const mount = mkdtempSync(path.join(tmpdir(), 'agented-checkout-'));
  const script =
    'mount --bind "$1" "$2" && cd "$2" && exec setpriv --reuid=65534 --regid=65534 --clear-groups -- "$3" "$2/dist/worker.js"';
  const child: ChildProcess = spawn(
    'unshare',
    ['--mount', 'sh', '-c', script, 'sh', ROOT, mount, process.execPath],
    {
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(mount, { recursive: true, force: true });
    },
  };
}

describe.runIf(process.getuid?.() === 0)('a bot against the worker that runs it (production build)', () => {
  let api: TestApp;
  let scratch: string;
  const workers: Worker[] = [];

  beforeAll(async () => {
    api = await startTestApp({ NODE_ENV: 'production' });
    scratch = mkdtempSync(path.join(tmpdir(), 'agented-protection-'));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await api?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Runs the probe bot on the one worker now started, and returns its whole log. */
  async function probe(): Promise<{ status: string; text: string }> {
    const bot = await insertBot(api.db, { command: ['sh', '-c', PROBE] });
    const headers = { ...(await authHeaders(api)), 'content-type': 'application/json' };
    const run = await fetch(`${api.url}/api/bots/${bot.id}/run`, { method: 'POST', headers, body: '{}' });
    expect(run.status, await run.clone().text()).toBe(202);
    const { executionId } = (await run.json()) as { executionId: string };
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await fetch(`${api.url}/api/executions/${executionId}`, { headers });
      const { status } = (await res.json()) as { status: string };
      if (!['queued', 'running'].includes(status)) {
        const logs = await fetch(`${api.url}/api/executions/${executionId}/logs?limit=1000`, { headers });
        const { items } = (await logs.json()) as { items: { text: string }[] };
        return { status, text: items.map((l) => l.text).join('\n') };
      }
      if (Date.now() > deadline) throw new Error(`execution ${executionId} did not end`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const workerEnv = (name: string, workspaces: string) => ({
    ...api.env.vars,
    NODE_ENV: 'production',
    WORKER_ID: name,
    WORKSPACES_DIR: workspaces,
    // The production default: who the bot runs as follows from who the worker is.
    RUNNER_USER: '',
  });

  /** The probe ran as nobody, was refused, and printed none of the worker's secrets. */
  async function expectProbeReadsNothing(worker: Worker): Promise<void> {
    const { status, text } = await probe();
    expect(status, worker.output()).toBe('succeeded');
    expect(text.split('\n')[1]).toBe(String(NOBODY));
    const secrets = [TEST_MASTER_KEY, TEST_JWT_SECRET, TEST_ADMIN.password, api.env.databaseUrl];
    for (const secret of [...secrets, 'DATABASE_URL=', 'MASTER_KEY=']) {
      expect(text, 'the bot read a secret of the worker').not.toContain(secret);
    }
    expect(text).toMatch(/Permission denied/);
  }

  it("should run a root worker's bots as nobody, who can read nothing of the worker", async () => {
    const worker = fromEntrypoint(
      startEntrypoint('root-worker', 'worker.js', workerEnv('root-worker', path.join(scratch, 'ws-root'))),
    );
    workers.push(worker);
    await expectProbeReadsNothing(worker);
    await worker.stop();
    workers.pop();
  });

  it("should keep an unprivileged worker's /proc closed to the bots that share its user", async () => {
    const workspaces = path.join(scratch, 'ws-nobody');
    mkdirSync(workspaces, { mode: 0o700 });
    chownSync(workspaces, NOBODY, NOBODY);
    const worker = startAsNobody(workerEnv('nobody-worker', workspaces));
    workers.push(worker);
    await expectProbeReadsNothing(worker);
    // The worker was given the API's secrets (one env for all, as a careless deployment might) and said so.
    expect(worker.output()).toMatch(/the worker does not use JWT_SECRET, ADMIN_EMAIL, ADMIN_PASSWORD/);
  });
});
