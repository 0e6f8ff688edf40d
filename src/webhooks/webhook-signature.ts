import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-agented-signature';

export type SignatureCheck = 'valid' | 'missing' | 'malformed' | 'mismatch';

const FORMAT = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Checks `sha256=<hex HMAC-SHA256 of the raw body>`, keyed with the secret string's UTF-8 bytes
 * (as GitHub does). The format check fixes the length, so the constant-time compare never throws
 * and timing reveals nothing about how much of the digest matched.
 */
export function checkSignature(
  secret: string,
  rawBody: Buffer,
  header: string | string[] | undefined,
): SignatureCheck {
  if (header === undefined || header === '') return 'missing';
  const match = typeof header === 'string' ? FORMAT.exec(header.trim()) : null;
  if (!match) return 'malformed';
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], 'hex')) ? 'valid' : 'mismatch';
}
