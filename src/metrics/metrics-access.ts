import { createHash, timingSafeEqual } from 'node:crypto';
import { Config } from '../config/config.schema';
import { bearerOf } from '../access/credentials';

/**
 * Who may read GET /metrics on the public API port:
 * - `METRICS_TOKEN` set: anyone presenting `Authorization: Bearer <token>`;
 * - else `METRICS_PORT` set: nobody here, the internal port serves it;
 * - else development/test: anyone (a laptop or CI box);
 * - else production: nobody, so an unconfigured deployment never publishes its internals.
 * The internal `METRICS_PORT` itself is always open: keep it off public networks.
 */
export type MetricsAccess =
  { kind: 'token'; token: string } | { kind: 'open' } | { kind: 'internal-port-only' } | { kind: 'disabled' };

export function metricsAccess(
  config: Pick<Config, 'NODE_ENV' | 'METRICS_TOKEN' | 'METRICS_PORT'>,
): MetricsAccess {
  if (config.METRICS_TOKEN) return { kind: 'token', token: config.METRICS_TOKEN };
  if (config.METRICS_PORT) return { kind: 'internal-port-only' };
  return config.NODE_ENV === 'production' ? { kind: 'disabled' } : { kind: 'open' };
}

/** Constant-time check of an `Authorization` header against the token. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = bearerOf(header);
  if (given === undefined) return false;
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(given), digest(token));
}
