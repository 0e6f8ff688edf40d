import * as Sentry from '@sentry/nestjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Config } from '../config/config.schema';
import { scrubDeep } from '../logging/redact';

/**
 * Starts Sentry when `SENTRY_DSN` is set; without it every capture below is a no-op.
 * Must run before Nest and the HTTP stack load (see `instrument.ts`).
 */
export function initSentry(config: Config): boolean {
  if (!config.SENTRY_DSN) return false;
  Sentry.init({
    dsn: config.SENTRY_DSN,
    environment: config.SENTRY_ENVIRONMENT ?? config.NODE_ENV,
    release: config.SENTRY_RELEASE ?? packageRelease(),
    tracesSampleRate: config.SENTRY_TRACES_SAMPLE_RATE,
    sendDefaultPii: false,
    // Request headers, URLs, breadcrumbs and messages may carry credentials: scrub all of it.
    beforeSend: scrubEvent,
    beforeSendTransaction: scrubEvent,
    beforeBreadcrumb: (crumb) => scrubDeep(crumb),
  });
  return true;
}

/** SDK bookkeeping (scopes, sampling context) is kept as is: it is never sent and holds live objects. */
export function scrubEvent<E extends Sentry.Event>(event: E): E {
  const { sdkProcessingMetadata, ...sent } = event;
  return { ...scrubDeep(sent), sdkProcessingMetadata } as E;
}

/** A request ended in a 500: a bug, reported with the id that ties it to the access log. */
export function reportRequestError(error: unknown, requestId: string | undefined): void {
  Sentry.captureException(error, { tags: requestId ? { requestId } : undefined });
}

/** A job failed in a way the execution's own status does not explain (an error of ours, not the bot's). */
export function reportJobFailure(error: unknown, tags: Record<string, string> & { workerId: string }): void {
  Sentry.captureException(error, { tags });
}

function packageRelease(): string | undefined {
  try {
    // src/sentry or dist/sentry → the package root
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    return `${pkg.name}@${pkg.version}`;
  } catch {
    return undefined;
  }
}
