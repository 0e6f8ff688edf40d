import { describe, expect, it } from 'vitest';
import { Config } from '../../config/config.schema';
import { readBotOptions } from '../../bots/bot-options';
import { RetrySettings, decideRetry, retrySettings } from './retry-policy';
import { Outcome } from './outcome';

const failed: Outcome = { status: 'failed', exitCode: 1, error: 'exit code 1', line: 'exit code 1' };
const settings: RetrySettings = { attempts: 3, backoffSeconds: 10, onFailure: false };

describe(decideRetry.name, () => {
  it('should retry a rate-limited attempt after the backoff, doubling it each time', () => {
    expect(decideRetry('rate-limit', 1, settings, failed)).toEqual({
      retryAfterMs: 10_000,
      line: 'rate limited; retrying in 10s (attempt 2 of 3)',
    });
    expect(decideRetry('rate-limit', 2, settings, failed)).toMatchObject({
      retryAfterMs: 20_000,
      line: 'rate limited; retrying in 20s (attempt 3 of 3)',
    });
  });

  it('should end failed with the reason when the attempts are used up', () => {
    const error = 'rate limited; gave up after 3 attempts';
    expect(decideRetry('rate-limit', 3, settings, failed)).toEqual({ ...failed, error, line: error });
  });

  it('should name the rate limit even when no retry is allowed', () => {
    const error = 'rate limited (exit code 1)';
    expect(decideRetry('rate-limit', 1, { ...settings, attempts: 1 }, failed)).toEqual({
      ...failed,
      error,
      line: error,
    });
  });

  it('should not retry other failures unless the bot opted in', () => {
    expect(decideRetry('failure', 1, settings, failed)).toEqual(failed);
    expect(decideRetry('failure', 1, { ...settings, onFailure: true }, failed)).toMatchObject({
      retryAfterMs: 10_000,
      line: 'exit code 1; retrying in 10s (attempt 2 of 3)',
    });
    expect(decideRetry('failure', 3, { ...settings, onFailure: true }, failed)).toMatchObject({
      error: 'exit code 1; gave up after 3 attempts',
    });
  });

  it('should cap the backoff', () => {
    const long = { ...settings, attempts: 20, backoffSeconds: 3600 };
    expect(decideRetry('rate-limit', 10, long, failed)).toMatchObject({ retryAfterMs: 24 * 3600 * 1000 });
  });
});

describe(retrySettings.name, () => {
  const config = { RATE_LIMIT_RETRY_ATTEMPTS: 3, RATE_LIMIT_RETRY_BACKOFF_SECONDS: 60 } as Config;

  it('should use the server defaults unless the bot sets its own', () => {
    expect(retrySettings(config, readBotOptions({}))).toEqual({
      attempts: 3,
      backoffSeconds: 60,
      onFailure: false,
    });
    const own = readBotOptions({
      retry: { onRateLimit: { attempts: 5, backoffSeconds: 0 }, onFailure: true },
    });
    expect(retrySettings(config, own)).toEqual({ attempts: 5, backoffSeconds: 0, onFailure: true });
  });
});
