import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useFakeClis } from '../helpers/bot-engine';
import { TestWorker, runBot, startTestWorker, storedRows, streamEvents } from '../helpers/worker';

const retryOptions = (attempts: number, backoffSeconds: number, onFailure = false) => ({
  retry: { onRateLimit: { attempts, backoffSeconds }, onFailure },
});

describe('backends: retries', () => {
  let w: TestWorker;
  let restorePath: () => void;
  let scratch: string;

  beforeAll(async () => {
    restorePath = useFakeClis();
    scratch = mkdtempSync(join(tmpdir(), 'agented-retry-'));
    // The server default is never used below: every bot sets its own, so the wait is short.
    w = await startTestWorker({ WORKER_ID: 'backends-retry-test', RATE_LIMIT_RETRY_BACKOFF_SECONDS: '3600' });
  });
  afterAll(async () => {
    await w?.close();
    rmSync(scratch, { recursive: true, force: true });
    restorePath?.();
  });

  it('should retry a rate-limited run as attempt 2 of the same execution, visible in one log', async () => {
    const counter = join(scratch, 'claude-once');
    const row = await runBot(w, {
      backend: 'claude',
      prompt_template: `FAKE_RATE_LIMIT_FIRST=1:${counter}`,
      options: retryOptions(3, 1),
    });
    expect(row).toMatchObject({ status: 'succeeded', attempt: 2, exit_code: 0, error: null });
    // Cost is what both attempts reported: the rate-limited one reported 0.
    expect(Number(row.cost_usd)).toBeCloseTo(0.0123);

    const rows = await storedRows(w, row.id);
    const texts = rows.map((r) => r.text);
    expect(texts.some((t) => t.startsWith('error: Claude AI usage limit reached|'))).toBe(true);
    expect(texts).toContain('rate limited; retrying in 1s (attempt 2 of 3)');
    expect(texts.filter((t) => t === 'started: claude')).toHaveLength(2);
    expect(texts.at(-1)).toBe('exit code 0');
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));

    const events = await streamEvents(w, row.id);
    const statuses = events.flatMap((e) => (e.kind === 'status' ? [e.data.status] : []));
    expect(statuses).toEqual(['running', 'queued', 'running', 'succeeded']);
    expect(events.filter((e) => e.kind === 'end')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ kind: 'end', data: { status: 'succeeded' } });
    // The retry waited out its backoff before the second attempt started.
    const retryLine = rows.find((r) => r.text.startsWith('rate limited; retrying'))!;
    const secondStart = rows.filter((r) => r.text === 'started: claude')[1];
    expect(secondStart.ts.getTime() - retryLine.ts.getTime()).toBeGreaterThanOrEqual(1_000);
  });

  for (const backend of ['codex', 'gemini', 'opencode'] as const) {
    it(`should detect the rate limit of ${backend} and end failed with the reason once attempts are used up`, async () => {
      const row = await runBot(w, {
        backend,
        prompt_template: 'FAKE_RATE_LIMIT',
        options: retryOptions(2, 0),
      });
      expect(row).toMatchObject({
        status: 'failed',
        attempt: 2,
        exit_code: 1,
        error: 'rate limited; gave up after 2 attempts',
      });
      const texts = (await storedRows(w, row.id)).map((r) => r.text);
      expect(texts).toContain('rate limited; retrying in 0s (attempt 2 of 2)');
      expect(texts.at(-1)).toBe('rate limited; gave up after 2 attempts');
      const events = await streamEvents(w, row.id);
      expect(events.filter((e) => e.kind === 'end')).toHaveLength(1);
    });
  }

  it('should retry other failures only when the bot opted in', async () => {
    const row = await runBot(w, {
      backend: 'claude',
      prompt_template: 'FAKE_FAIL',
      options: retryOptions(2, 0, true),
    });
    expect(row).toMatchObject({
      status: 'failed',
      attempt: 2,
      error: 'exit code 1; gave up after 2 attempts',
    });
    const texts = (await storedRows(w, row.id)).map((r) => r.text);
    expect(texts).toContain('exit code 1; retrying in 0s (attempt 2 of 2)');
  });

  it('should not retry a rate limit when the bot allows a single attempt', async () => {
    const row = await runBot(w, {
      backend: 'claude',
      prompt_template: 'FAKE_RATE_LIMIT',
      options: retryOptions(1, 0),
    });
    expect(row).toMatchObject({ status: 'failed', attempt: 1, error: 'rate limited (exit code 1)' });
  });
});
