import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWorker, runBot, startTestWorker, storedRows } from '../helpers/worker';

describe('worker: a bot disabled after its run was queued', () => {
  let w: TestWorker;

  beforeAll(async () => {
    w = await startTestWorker({ WORKER_ID: 'worker-disabled-bot-test' });
  });
  afterAll(() => w?.close());

  it('should end the run failed without starting its process', async () => {
    const row = await runBot(w, { enabled: false, command: ['echo', 'the disabled bot ran'] });
    expect(row).toMatchObject({
      status: 'failed',
      exit_code: null,
      error: expect.stringMatching(
        /^bot "bot-[0-9a-f]+" was disabled after this run was queued; not started$/,
      ),
    });
    const texts = (await storedRows(w, row.id)).map((r) => r.text);
    expect(texts).not.toContain('the disabled bot ran');
  });
});
