/**
 * Errors that mean PostgreSQL or Redis is unreachable (not that the request was wrong):
 * they become 503 so callers retry, never 500.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
// PostgreSQL: connection exceptions (08xxx), admin shutdown, cannot connect now, too many connections.
const PG_UNAVAILABLE = /^(08|57P0|53300)/;
const REDIS_UNAVAILABLE =
  /(Connection is closed|enableOfflineQueue|Reached the max retries per request|Command timed out|connect ECONNREFUSED|Stream isn't writeable)/;

/** Thrown by our own code when it sees a dependency is down before calling it. */
export class DependencyUnavailableError extends Error {
  constructor(dependency: 'PostgreSQL' | 'Redis', state: string) {
    super(`${dependency} is unavailable (${state})`);
    this.name = DependencyUnavailableError.name;
  }
}

export function isDependencyError(err: unknown): boolean {
  if (err instanceof DependencyUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: string; cause?: unknown; errors?: unknown[] };
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  if (typeof e.code === 'string' && PG_UNAVAILABLE.test(e.code)) return true;
  if (REDIS_UNAVAILABLE.test(e.message)) return true;
  if (/timeout exceeded when trying to connect|Connection terminated/i.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some(isDependencyError)) return true;
  return e.cause !== undefined && e.cause !== err && isDependencyError(e.cause);
}
