import { BotOptions } from '../../bots/bot-options';
import { Config } from '../../config/config.schema';
import { Outcome, Retry } from './outcome';

/** A backoff never grows past this, however many attempts a bot allows. */
const MAX_BACKOFF_SECONDS = 24 * 3600;

export interface RetrySettings {
  attempts: number;
  backoffSeconds: number;
  onFailure: boolean;
}

export function retrySettings(config: Config, options: BotOptions): RetrySettings {
  const { onRateLimit, onFailure } = options.retry;
  return {
    attempts: onRateLimit.attempts ?? config.RATE_LIMIT_RETRY_ATTEMPTS,
    backoffSeconds: onRateLimit.backoffSeconds ?? config.RATE_LIMIT_RETRY_BACKOFF_SECONDS,
    onFailure,
  };
}

export type FailureCause = 'rate-limit' | 'failure';

/**
 * After attempt `attempt` of an execution failed: run it again later (the wait doubles with each
 * attempt: a `Retry`), or end it (the `Outcome`, failed with the reason). Plain failures are retried only when the bot opted in.
 */
export function decideRetry(
  cause: FailureCause | undefined,
  attempt: number,
  settings: RetrySettings,
  outcome: Outcome,
): Outcome | Retry {
  const what = cause === 'rate-limit' ? 'rate limited' : outcome.line;
  const retryable = cause === 'rate-limit' || (cause === 'failure' && settings.onFailure);
  if (!retryable) return outcome;
  if (attempt >= settings.attempts) {
    const ended = (error: string): Outcome => ({ ...outcome, error, line: error });
    if (settings.attempts > 1) return ended(`${what}; gave up after ${attempt} attempts`);
    return cause === 'rate-limit' ? ended(`${what} (${outcome.line})`) : outcome;
  }
  const seconds = Math.min(settings.backoffSeconds * 2 ** (attempt - 1), MAX_BACKOFF_SECONDS);
  return {
    retryAfterMs: seconds * 1000,
    line: `${what}; retrying in ${seconds}s (attempt ${attempt + 1} of ${settings.attempts})`,
  };
}
