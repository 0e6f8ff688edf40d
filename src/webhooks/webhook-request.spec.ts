import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { isSensitiveKey } from '../logging/redact';
import { headerValue, parseJson } from './webhook-request';

describe('webhook requests', () => {
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
