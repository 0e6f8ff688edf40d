import { describe, expect, it } from 'vitest';
import { expectWithinBudget } from '../../test/helpers/event-loop-budget';
import { REDACTED, isSensitiveKey, scrubDeep, scrubText, scrubUrl } from './redact';

/** Node refuses request lines and headers over 16 KiB: the longest URL a request can bring. */
const MAX_URL = 16 * 1024;
const fill = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

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

    it('should find a credential key after any separator, and only there', () => {
      expect(scrubUrl('/a?x?token=1&b=2')).toBe(`/a?x?token=${REDACTED}&b=2`);
      expect(scrubUrl('/a?a=b;token=c#frag')).toBe(`/a?a=b;token=${REDACTED}#frag`);
      expect(scrubUrl('/a?my;client_secret=s;more&x=1')).toBe(`/a?my;client_secret=${REDACTED}&x=1`);
      expect(scrubUrl('/a?x=1#token=2')).toBe('/a?x=1#token=2');
      expect(scrubUrl('/a?token?x=1')).toBe(`/a?token?x=${REDACTED}`);
      expect(scrubUrl('/a?x?y=1&Api-Key=k')).toBe(`/a?x?y=1&Api-Key=${REDACTED}`);
      expect(scrubUrl('/a?x=token=1')).toBe('/a?x=token=1');
    });

    it.each([';token', '?token', '&token=', 'token=', '=token', '?a;', ';token?', 'token;=', '%3Btoken'])(
      'should mask a URL of %j repeated to 16 KiB within the event-loop budget',
      (unit) => {
        const url = `/x?${fill(unit, MAX_URL - 3)}`;
        expectWithinBudget(`scrubUrl(${unit} × 16 KiB)`, () => scrubUrl(url));
      },
    );

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

    it('should mask a JWT wherever it starts at a word boundary', () => {
      expect(scrubText('x-eyJa.b.c-d.e y_eyJa.b.c (eyJa.b.) eyJa..c')).toBe(
        `x-${REDACTED}.e y_eyJa.b.c (${REDACTED}) eyJa..c`,
      );
      expect(scrubText('password=hunter2 and more')).toBe(`password=${REDACTED} and more`);
    });

    it.each(['eyJ-', 'eyJ.', 'eyJa.b.', 'eyJ-eyJ.', ';token', 'token=&', 'Bearer  ', 'agd_', 'sha256=0'])(
      'should mask 64 KiB of %j within the event-loop budget',
      (unit) => {
        const text = fill(unit, 64 * 1024);
        expectWithinBudget(`scrubText(${unit} × 64 KiB)`, () => scrubText(text));
      },
    );
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
