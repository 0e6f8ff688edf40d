import { IncomingHttpHeaders } from 'node:http';
import { isSensitiveKey } from '../logging/redact';

/** The headers worth keeping with a delivery, without the secret ones. */
export function storableHeaders(
  headers: IncomingHttpHeaders | Record<string, string>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    // Never stored with a delivery nor shown: the logs' rule (signatures, credentials).
    if (value === undefined || isSensitiveKey(name)) continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}
