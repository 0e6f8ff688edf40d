import { describe, expect, it } from 'vitest';
import { REDACTED, isSensitiveKey, scrubDeep, scrubText, scrubUrl } from './redact';

describe('redact', () => {
  describe(scrubUrl.name, () => {
    it('should mask access_token and other credential-like query values', () => {
      expect(scrubUrl('/api/events?access_token=eyJabc.def.ghi&x=1')).toBe(
        `/api/events?access_token=${REDACTED}&x=1`,
      );
      expect(scrubUrl('/a?refresh_token=r&api_key=k&q=ok')).toBe(
        `/a?refresh_token=${REDACTED}&api_key=${REDACTED}&q=ok`,
      );
    });

    it('should mask the trigger token in a webhook path but keep /hooks/github', () => {
      expect(scrubUrl('/hooks/Zx9_secret-Token?x=1')).toBe(`/hooks/${REDACTED}?x=1`);
      expect(scrubUrl('https://h.example/hooks/abc')).toBe(`https://h.example/hooks/${REDACTED}`);
      expect(scrubUrl('/hooks/github')).toBe('/hooks/github');
      expect(scrubUrl('/hooks/githubish')).toBe(`/hooks/${REDACTED}`);
    });

    it('should leave ordinary URLs alone', () => {
      expect(scrubUrl('/api/executions/5d2c/logs?afterSeq=3&limit=10')).toBe(
        '/api/executions/5d2c/logs?afterSeq=3&limit=10',
      );
    });
  });

  describe(scrubText.name, () => {
    it('should mask bearer credentials, API keys, JWTs and signatures in free text', () => {
      const text = scrubText(
        'auth Bearer abc.def-1 key agd_s3cr3t jwt eyJhbGciOi.eyJzdWIi.sig sig sha256=0123456789abcdef0123',
      );
      expect(text).toBe(`auth Bearer ${REDACTED} key ${REDACTED} jwt ${REDACTED} sig sha256=${REDACTED}`);
    });
  });

  describe(scrubDeep.name, () => {
    it('should mask values under sensitive keys at any depth without touching the input', () => {
      const input = {
        headers: {
          Authorization: 'Bearer x',
          cookie: 'a=b',
          'x-agented-signature': 'sha256=1',
          accept: '*/*',
        },
        body: [{ password: 'p', clientSecret: 's', name: 'n' }],
        count: 3,
      };
      expect(scrubDeep(input)).toEqual({
        headers: {
          Authorization: REDACTED,
          cookie: REDACTED,
          'x-agented-signature': REDACTED,
          accept: '*/*',
        },
        body: [{ password: REDACTED, clientSecret: REDACTED, name: 'n' }],
        count: 3,
      });
      expect(input.headers.Authorization).toBe('Bearer x');
    });

    it('should survive cycles and keep shared (non-cyclic) references', () => {
      const shared = { a: 1 };
      const cyclic: Record<string, unknown> = { shared, again: shared };
      cyclic.self = cyclic;
      expect(scrubDeep(cyclic)).toEqual({ shared: { a: 1 }, again: { a: 1 }, self: '[Truncated]' });
    });
  });

  it('should treat token, secret, password and signature names as sensitive', () => {
    for (const key of ['access_token', 'JWT_SECRET', 'newPassword', 'X-Hub-Signature-256', 'x-api-key']) {
      expect(isSensitiveKey(key)).toBe(true);
    }
    expect(isSensitiveKey('executionId')).toBe(false);
  });
});
