import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSignature } from './webhook-signature';

const secret = 'f'.repeat(64);
const body = Buffer.from('{"action":"opened"}');
const sign = (b: Buffer, s = secret) => `sha256=${createHmac('sha256', s).update(b).digest('hex')}`;

describe(checkSignature.name, () => {
  it('should accept the HMAC of the exact body', () => {
    expect(checkSignature(secret, body, sign(body))).toBe('valid');
  });

  it('should accept upper-case hex', () => {
    const hex = sign(body).slice('sha256='.length).toUpperCase();
    expect(checkSignature(secret, body, `sha256=${hex}`)).toBe('valid');
  });

  it('should report a missing header', () => {
    expect(checkSignature(secret, body, undefined)).toBe('missing');
    expect(checkSignature(secret, body, '')).toBe('missing');
  });

  it('should report a malformed header', () => {
    expect(checkSignature(secret, body, 'sha1=abc')).toBe('malformed');
    expect(checkSignature(secret, body, sign(body).slice(0, -2))).toBe('malformed');
    expect(checkSignature(secret, body, `${sign(body)}00`)).toBe('malformed');
    expect(checkSignature(secret, body, [sign(body), sign(body)])).toBe('malformed');
  });

  it('should report a signature made with another secret', () => {
    expect(checkSignature(secret, body, sign(body, 'other'))).toBe('mismatch');
  });

  it('should report a signature of another body', () => {
    expect(checkSignature(secret, Buffer.from('{"action":"closed"}'), sign(body))).toBe('mismatch');
  });
});
