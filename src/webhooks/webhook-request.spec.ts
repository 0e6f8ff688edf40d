import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { isSensitiveKey } from '../logging/redact';
import { headerValue, parseJson, storableHeaders } from './webhook-request';

describe('webhook requests', () => {
  describe(storableHeaders.name, () => {
    it('should keep ordinary headers and drop signatures and credentials', () => {
      expect(
        storableHeaders({
          'content-type': 'application/json',
          'x-github-event': 'push',
          'x-github-delivery': 'abc',
          'x-hub-signature-256': 'sha256=00',
          'x-hub-signature': 'sha1=00',
          'x-agented-signature': 'sha256=00',
          authorization: 'Bearer x',
          cookie: 'a=b',
          'x-gitlab-token': 'plain secret',
          'x-api-key': 'k',
          'x-webhook-secret': 's',
          'set-cookie': ['a', 'b'],
          'x-forwarded-for': ['1.1.1.1', '2.2.2.2'],
        }),
      ).toEqual({
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': 'abc',
        'x-forwarded-for': '1.1.1.1, 2.2.2.2',
      });
    });
  });

  describe(isSensitiveKey.name, () => {
    it('should not flag the headers deliveries are about', () => {
      for (const name of ['x-github-event', 'x-agented-delivery', 'user-agent', 'x-github-hook-id']) {
        expect(isSensitiveKey(name)).toBe(false);
      }
    });
  });

  describe(headerValue.name, () => {
    it('should read one short value', () => {
      expect(headerValue({ 'x-id': 'a' }, 'x-id')).toBe('a');
      expect(headerValue({ 'x-id': '' }, 'x-id')).toBeUndefined();
      expect(headerValue({}, 'x-id')).toBeUndefined();
    });

    it('should refuse a repeated or overlong value with a 400 naming the header', () => {
      expect(() => headerValue({ 'x-id': ['a', 'b'] }, 'x-id')).toThrow(BadRequestException);
      expect(() => headerValue({ 'x-id': 'a'.repeat(201) }, 'x-id')).toThrow(/^x-id: /);
    });
  });

  describe(parseJson.name, () => {
    it('should parse JSON and refuse anything else with a 400', () => {
      expect(parseJson('{"a":1}')).toEqual({ a: 1 });
      expect(() => parseJson('{')).toThrow(new BadRequestException('Body is not valid JSON'));
    });
  });
});
