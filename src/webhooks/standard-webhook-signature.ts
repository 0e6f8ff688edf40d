import { createHmac, timingSafeEqual } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';

/** https://www.standardwebhooks.com: the message id, its time and the body are signed together. */
export const STANDARD_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

export type StandardSignatureCheck =
  | { result: 'valid'; id: string }
  | { result: 'missing' | 'malformed' | 'stale' | 'mismatch'; problem: string };

// No dots in the id: `${id}.${timestamp}.${body}` must split one way only.
const ID = /^[\x21-\x2d\x2f-\x7e]{1,200}$/;
const TIMESTAMP = /^[0-9]{1,12}$/;
const V1_SIGNATURE = /^v1,([A-Za-z0-9+/]{43}=?)$/;
/** Enough for a few secrets during a rotation; more only costs HMAC comparisons. */
const MAX_SIGNATURES = 8;
const MAX_SIGNATURE_HEADER = 1024;

/** Any of the three headers: the sender means Standard Webhooks, and all three must then hold. */
export const hasStandardHeaders = (headers: IncomingHttpHeaders): boolean =>
  Object.values(STANDARD_HEADERS).some((name) => headers[name] !== undefined);

/**
 * Checks `webhook-signature: v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`
 * (a space-separated list: one of them matching is enough, for rotations), keyed with the
 * secret string's UTF-8 bytes as X-Agented-Signature is (a Buffer is taken as the key bytes, as a
 * `whsec_<base64>` secret of the scheme decodes to), and a timestamp within `toleranceSeconds` of
 * `nowSeconds`. Each candidate is compared in constant time; the format check fixes its length.
 */
export function checkStandardSignature(
  secret: string | Buffer,
  rawBody: Buffer,
  headers: IncomingHttpHeaders,
  { nowSeconds, toleranceSeconds }: { nowSeconds: number; toleranceSeconds: number },
): StandardSignatureCheck {
  const id = headers[STANDARD_HEADERS.id];
  const timestamp = headers[STANDARD_HEADERS.timestamp];
  const signature = headers[STANDARD_HEADERS.signature];
  if (!id || !timestamp || !signature) {
    return {
      result: 'missing',
      problem:
        'Standard Webhooks needs all three headers: webhook-id, webhook-timestamp and webhook-signature',
    };
  }
  if (typeof id !== 'string' || !ID.test(id)) {
    return {
      result: 'malformed',
      problem: 'webhook-id must be sent once, 1-200 printable characters without spaces or dots',
    };
  }
  if (typeof timestamp !== 'string' || !TIMESTAMP.test(timestamp)) {
    return {
      result: 'malformed',
      problem: 'webhook-timestamp must be sent once, in whole seconds since 1970',
    };
  }
  const candidates = typeof signature === 'string' ? v1Signatures(signature) : undefined;
  if (!candidates) {
    return {
      result: 'malformed',
      problem: `webhook-signature must be sent once: up to ${MAX_SIGNATURES} space-separated v1,<base64 HMAC-SHA256>`,
    };
  }
  const skew = Number(timestamp) - nowSeconds;
  if (Math.abs(skew) > toleranceSeconds) {
    return {
      result: 'stale',
      problem: `webhook-timestamp is ${Math.abs(skew)} s ${skew < 0 ? 'behind' : 'ahead of'} the server's clock; at most ${toleranceSeconds} s are allowed: sign each delivery when you send it`,
    };
  }
  const expected = createHmac('sha256', secret).update(`${id}.${timestamp}.`).update(rawBody).digest();
  let matched = false;
  for (const candidate of candidates) matched = timingSafeEqual(expected, candidate) || matched;
  if (!matched) {
    return {
      result: 'mismatch',
      problem:
        'webhook-signature does not match: sign "<webhook-id>.<webhook-timestamp>.<exact body bytes>" with the trigger\'s secret',
    };
  }
  return { result: 'valid', id };
}

/** The v1 signatures of the header (other versions are skipped, as the scheme says), or undefined. */
function v1Signatures(header: string): Buffer[] | undefined {
  if (header.length > MAX_SIGNATURE_HEADER) return undefined;
  const entries = header.trim().split(/ +/);
  if (entries.length > MAX_SIGNATURES) return undefined;
  const v1 = entries.flatMap((entry) => {
    const match = V1_SIGNATURE.exec(entry);
    return match ? [Buffer.from(match[1], 'base64')] : [];
  });
  return v1.length > 0 ? v1 : undefined;
}
