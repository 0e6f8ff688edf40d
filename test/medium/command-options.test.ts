import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWorker, runBot, startTestWorker, storedStdout } from '../helpers/worker';

describe('worker: values from outside never become options of a command bot', () => {
  let w: TestWorker;

  beforeAll(async () => {
    w = await startTestWorker({ WORKER_ID: 'command-options-test' });
  });
  afterAll(() => w?.close());

  it('should fail the run before it starts, naming the argv item, when a webhook value starts with "-"', async () => {
    const row = await runBot(w, { command: ['ls', '{{payload.x}}'] }, { payload: { x: '--version' } });
    expect(row).toMatchObject({
      status: 'failed',
      exit_code: null,
      error: expect.stringMatching(/command\[1\] would start with "-" from a value from outside/),
    });
    expect(await storedStdout(w, row.id)).toEqual([]);
  });

  it('should pass the same value where the command itself writes the option, or after "--"', async () => {
    const row = await runBot(
      w,
      { command: ['printf', '[%s]\\n', '--x={{payload.x}}', '--', '{{payload.x}}'] },
      { payload: { x: '--version' } },
    );
    expect(row.status).toBe('succeeded');
    expect(await storedStdout(w, row.id)).toEqual(['[--x=--version]', '[--]', '[--version]']);
  });
});
