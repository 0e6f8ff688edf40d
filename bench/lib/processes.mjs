import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A port nobody listens on right now, on the loopback interface. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A child process whose output is kept (for failure messages and readiness lines) and which is
 * stopped with SIGTERM, then SIGKILL. `startedAt` is process.hrtime.bigint() just before spawning.
 */
export function startProcess(name, argv, { env, cwd }) {
  const startedAt = process.hrtime.bigint();
  const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (b) => {
    out += b.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return {
    name,
    child,
    startedAt,
    get pid() {
      return child.pid;
    },
    output: () => out,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Resolves with process.hrtime.bigint() at the moment a line matching `pattern` was printed. */
export function waitForOutput(proc, pattern, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (b) => {
      const at = process.hrtime.bigint();
      seen += b.toString();
      if (pattern.test(seen)) finish(() => resolve(at));
    };
    const onExit = () => finish(() => reject(new Error(`${proc.name} exited early:\n${proc.output()}`)));
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new Error(`${proc.name}: no ${pattern} after ${timeoutMs} ms:\n${proc.output()}`)),
        ),
      timeoutMs,
    );
    const finish = (fn) => {
      clearTimeout(timer);
      proc.child.stdout.off('data', onData);
      proc.child.stderr.off('data', onData);
      proc.child.off('exit', onExit);
      fn();
    };
    proc.child.stdout.on('data', onData);
    proc.child.stderr.on('data', onData);
    proc.child.once('exit', onExit);
  });
}

/** Polls `url` until it answers 200; resolves with the hrtime of that answer. */
export async function waitForHttp(url, proc, timeoutMs = 30_000, intervalMs = 20) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited early:\n${proc.output()}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return process.hrtime.bigint();
    } catch {
      // not listening yet
    }
    await sleep(intervalMs);
  }
  throw new Error(`${proc.name} not ready after ${timeoutMs} ms:\n${proc.output()}`);
}
