import { describe, expect, it } from 'vitest';
import { ProcessAdapter } from './process.adapter';
import { ProcessRun } from './process-run';

const LINES = 200_000;

/** A real child that prints far more than a pipe holds: `seq` writes LINES numbered lines. */
function printer() {
  const run = new ProcessRun(new ProcessAdapter({ RUNNER_USER: 'self', NODE_ENV: 'test' }), 1_000);
  let bytes = 0;
  const result = run.run(['seq', String(LINES)], {
    cwd: '/tmp',
    env: { PATH: '/usr/bin:/bin' },
    timeoutMs: 20_000,
    onOutput: (_stream, chunk) => (bytes += chunk.length),
  });
  return { run, result, received: () => bytes };
}

describe(ProcessRun.name, () => {
  it('should stop reading a paused process, which then waits, and lose nothing once resumed', async () => {
    const { run, result, received } = printer();
    run.pauseOutput(true);
    let ended = false;
    void result.then(() => (ended = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received()).toBe(0);
    expect(ended).toBe(false);

    run.pauseOutput(false);
    await expect(result).resolves.toMatchObject({ started: true, code: 0 });
    // "1\n" … "200000\n"
    const expected = Array.from({ length: LINES }, (_, i) => String(i + 1).length + 1).reduce(
      (a, b) => a + b,
    );
    expect(received()).toBe(expected);
  });
});
