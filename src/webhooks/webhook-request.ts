import { BadRequestException } from '@nestjs/common';
import { IncomingHttpHeaders } from 'node:http';

const MAX_HEADER_ID_LENGTH = 200;

/** Never stored with a delivery nor shown: signatures, and anything that could be a credential. */
const SECRET_HEADERS = new Set([
  'x-agented-signature',
  'x-hub-signature',
  'x-hub-signature-256',
  'authorization',
  'proxy-authorization',
  'cookie',
]);
/** Senders invent their own: X-Gitlab-Token, X-Api-Key, X-Auth-Token, X-Webhook-Secret, … */
const SECRET_LOOKING = /token|secret|signature|password|passwd|api-?key|auth|cookie|session/i;

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name) || SECRET_LOOKING.test(name);
}

/** The headers worth keeping with a delivery, without the secret ones. */
export function storableHeaders(
  headers: IncomingHttpHeaders | Record<string, string>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || isSecretHeader(name)) continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

/** A single short header value (an id, an event name), or undefined when absent. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > MAX_HEADER_ID_LENGTH) {
    throw new BadRequestException(`${name}: send it once, at most ${MAX_HEADER_ID_LENGTH} characters`);
  }
  return value;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestException('Body is not valid JSON');
  }
}
