/**
 * One place that knows what a secret looks like, shared by the log serializers and Sentry's
 * `beforeSend`: credentials, webhook signatures and capability URLs must never leave the process.
 */
import { GITHUB_HOOK_NAME, HOOKS_PREFIX, HOOKS_ROUTE } from '../common/hook-routes';
import { maskCredentialValues, maskJwts } from './redact-scanners';

export const REDACTED = '[REDACTED]';

// `auth` as in X-Auth-Token, Proxy-Authorization (not "author"); senders invent such headers.
const SENSITIVE_KEY =
  /authori[sz]ation|auth(?!or)|cookie|session|secret|token|passw(or)?d|signature|api[-_]?key|master[-_]?key|dsn/i;

// `/hooks/<token>`: the path segment is the trigger's credential. `/hooks/github` names no trigger.
const HOOK_TOKEN_PATH = new RegExp(`/${HOOKS_ROUTE}/(?!${GITHUB_HOOK_NAME}(?:[/?#]|$))[^/?#\\s]+`, 'g');
// In order. Each regex here does work in proportion to what it consumes, whatever the text;
// JWTs cannot be found that way by a regex, hence their scanner.
const SECRET_SHAPES: ((text: string) => string)[] = [
  (text) => text.replace(/\b(Bearer|Basic)\s+[\w\-.~+/=]+/gi, `$1 ${REDACTED}`),
  (text) => text.replace(/\bagd_[\w-]+/g, REDACTED),
  (text) => maskJwts(text, REDACTED),
  (text) => text.replace(/\bsha256=[0-9a-f]{16,}/gi, `sha256=${REDACTED}`),
];

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

/** Headers safe to log: the value of every header whose name looks like a credential masked. */
export function scrubHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, isSensitiveKey(name) ? REDACTED : value]),
  );
}

/** A URL (or path with query) safe to log: trigger tokens and credential-like query values masked. */
export function scrubUrl(url: string): string {
  return maskCredentialValues(url.replace(HOOK_TOKEN_PATH, `${HOOKS_PREFIX}${REDACTED}`), REDACTED);
}

/** Free text (error messages, breadcrumbs): known secret shapes masked wherever they appear. */
export function scrubText(text: string): string {
  return SECRET_SHAPES.reduce((out, mask) => mask(out), scrubUrl(text));
}

/** A scrubbed deep copy: values under sensitive keys masked, every string passed through `scrubText`. */
export function scrubDeep<T>(value: T): T {
  return scrub(value, new WeakSet(), 0) as T;
}

const MAX_DEPTH = 20;

function scrub(value: unknown, ancestors: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (ancestors.has(value) || depth > MAX_DEPTH) return '[Truncated]';
  ancestors.add(value);
  let out: unknown;
  if (Array.isArray(value)) {
    out = value.map((v) => scrub(v, ancestors, depth + 1));
  } else {
    const copy: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      copy[key] =
        isSensitiveKey(key) && v !== undefined && v !== null ? REDACTED : scrub(v, ancestors, depth + 1);
    }
    out = copy;
  }
  ancestors.delete(value);
  return out;
}
