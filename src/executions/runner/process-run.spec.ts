import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { ProcessAdapter } from './process.adapter';
import { ProcessRun } from './process-run';

const LINES = 200_000;

/** A real child that prints far more than a pipe holds: `seq` writes LINES numbered lines. */
function printer() {
  const adapter = new ProcessAdapter({ RUNNER_USER: 'self', NODE_ENV: 'test' });
  const spawn = vi.spyOn(adapter, 'spawn');
  const run = new ProcessRun(adapter, 1_000);
  let bytes = 0;
  const result = run.run(['seq', String(LINES)], {
    cwd: '/tmp',
    env: { PATH: '/usr/bin:/bin' },
    timeoutMs: 20_000,
    onOutput: (_stream, chunk) => (bytes += chunk.length),
  });
  const pid = spawn.mock.results[0].type === 'return' ? spawn.mock.results[0].value.pid : undefined;
  if (pid === undefined) throw new Error('seq did not start');
  return { run, result, received: () => bytes, pid };
}

/** Bytes the process has written so far (Linux's per-task I/O accounting). */
const written = (pid: number): number =>
  Number(/^wchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1]);

/**
 * Until the process has written something and then nothing for a while: it waits in a write.
 * Unblocked, seq writes its whole output in a few milliseconds.
 */
async function blockedInWrite(pid: number, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let steady = 0;
  while (steady < 4) {
    if (Date.now() > deadline) throw new Error(`process ${pid} did not block within ${timeoutMs} ms`);
    await sleep(25);
    const now = written(pid);
    steady = now > 0 && now === last ? steady + 1 : 0;
    last = now;
  }
  return last;
}

describe(ProcessRun.name, () => {
  it('should stop reading a paused process, which then waits, and lose nothing once resumed', async () => {
    const { run, result, received, pid } = printer();
    run.pauseOutput(true);
    let ended = false;
    void result.then(() => (ended = true));
    const blockedAt = await blockedInWrite(pid);
    expect(received()).toBe(0);
    expect(ended).toBe(false);

    run.pauseOutput(false);
    await expect(result).resolves.toMatchObject({ started: true, code: 0 });
    // "1\n" … "200000\n"
    const expected = Array.from({ length: LINES }, (_, i) => String(i + 1).length + 1).reduce(
      (a, b) => a + b,
    );
    expect(blockedAt).toBeLessThan(expected);
    expect(received()).toBe(expected);
  });
});
