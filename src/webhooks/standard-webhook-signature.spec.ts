import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkStandardSignature, hasStandardHeaders } from './standard-webhook-signature';

const secret = 'a'.repeat(64);
const body = Buffer.from('{"type":"user.created"}');
const nowSeconds = 1_700_000_000;
const rules = { nowSeconds, toleranceSeconds: 300 };
const sign = (id: string, ts: number, b = body, s = secret) =>
  `v1,${createHmac('sha256', s).update(`${id}.${ts}.${b.toString()}`).digest('base64')}`;
const headersFor = (id = 'msg_1', ts = nowSeconds, signature = sign(id, ts)) => ({
  'webhook-id': id,
  'webhook-timestamp': String(ts),
  'webhook-signature': signature,
});

describe(checkStandardSignature.name, () => {
  it('should accept id, timestamp and body signed together, and answer the id', () => {
    expect(checkStandardSignature(secret, body, headersFor(), rules)).toEqual({
      result: 'valid',
      id: 'msg_1',
    });
  });

  it('should verify the example of the Standard Webhooks specification', () => {
    // standard-webhooks' own test vector; its secret whsec_MfKQ… is these key bytes
    const key = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64');
    const ts = 1614265330;
    const headers = headersFor(
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      ts,
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
    const payload = Buffer.from('{"test": 2432232314}');
    expect(
      checkStandardSignature(key, payload, headers, { nowSeconds: ts, toleranceSeconds: 300 }).result,
    ).toBe('valid');
  });

  it('should match what a Standard Webhooks library signs with whsec_ + base64 of the trigger secret', () => {
    const libraryKey = Buffer.from(`whsec_${Buffer.from(secret).toString('base64')}`.slice(6), 'base64');
    const signature = `v1,${createHmac('sha256', libraryKey).update(`msg_1.${nowSeconds}.${body.toString()}`).digest('base64')}`;
    expect(
      checkStandardSignature(secret, body, headersFor('msg_1', nowSeconds, signature), rules).result,
    ).toBe('valid');
  });

  it('should accept any one matching v1 signature among several, skipping other versions', () => {
    const header = `v1a,AAAA ${sign('msg_1', nowSeconds, body, 'old')} ${sign('msg_1', nowSeconds)}`;
    expect(checkStandardSignature(secret, body, headersFor('msg_1', nowSeconds, header), rules).result).toBe(
      'valid',
    );
  });

  it('should refuse a changed id, timestamp or body', () => {
    const signature = sign('msg_1', nowSeconds);
    expect(
      checkStandardSignature(secret, body, headersFor('msg_2', nowSeconds, signature), rules).result,
    ).toBe('mismatch');
    expect(
      checkStandardSignature(secret, body, headersFor('msg_1', nowSeconds + 1, signature), rules).result,
    ).toBe('mismatch');
    expect(checkStandardSignature(secret, Buffer.from('{}'), headersFor(), rules).result).toBe('mismatch');
  });

  it('should refuse a timestamp outside the window, before computing anything', () => {
    expect(checkStandardSignature(secret, body, headersFor('msg_1', nowSeconds - 301), rules)).toMatchObject({
      result: 'stale',
      problem: expect.stringMatching(/301 s behind/),
    });
    expect(checkStandardSignature(secret, body, headersFor('msg_1', nowSeconds + 301), rules).result).toBe(
      'stale',
    );
    expect(checkStandardSignature(secret, body, headersFor('msg_1', nowSeconds - 300), rules).result).toBe(
      'valid',
    );
  });

  it('should report missing and malformed headers', () => {
    const { 'webhook-signature': _, ...partial } = headersFor();
    expect(checkStandardSignature(secret, body, partial, rules).result).toBe('missing');
    for (const bad of [
      { 'webhook-id': 'has.dot' },
      { 'webhook-id': 'x'.repeat(201) },
      { 'webhook-id': ['a', 'b'] },
      { 'webhook-timestamp': '1.5' },
      { 'webhook-signature': 'v1,short' },
      { 'webhook-signature': Array(9).fill(sign('msg_1', nowSeconds)).join(' ') },
      { 'webhook-signature': `v1,${'A'.repeat(2000)}` },
    ]) {
      expect(checkStandardSignature(secret, body, { ...headersFor(), ...bad }, rules).result).toBe(
        'malformed',
      );
    }
  });
});

describe(hasStandardHeaders.name, () => {
  it('should see a Standard Webhooks request by any one of its headers', () => {
    expect(hasStandardHeaders({ 'x-agented-signature': 'sha256=00' })).toBe(false);
    expect(hasStandardHeaders({ 'webhook-timestamp': '1' })).toBe(true);
  });
});
