import { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { bearerToken, isApiKey, queryToken } from './credentials';
import { lowerRole, roleAtLeast } from './roles';

const req = (headers: Record<string, string>, query: Record<string, unknown> = {}) =>
  ({ headers, query }) as unknown as FastifyRequest;

describe('credentials', () => {
  it('should read a bearer token, case-insensitively, and nothing else', () => {
    expect(bearerToken(req({ authorization: 'Bearer abc' }))).toBe('abc');
    expect(bearerToken(req({ authorization: 'bearer agd_x ' }))).toBe('agd_x');
    expect(bearerToken(req({ authorization: 'Basic abc' }))).toBeUndefined();
    expect(bearerToken(req({ authorization: 'Bearer a b' }))).toBeUndefined();
    expect(bearerToken(req({}))).toBeUndefined();
  });

  it('should read access_token from the query only as a single non-empty string', () => {
    expect(queryToken(req({}, { access_token: 'abc' }))).toBe('abc');
    expect(queryToken(req({}, { access_token: '' }))).toBeUndefined();
    expect(queryToken(req({}, { access_token: ['a', 'b'] }))).toBeUndefined();
  });

  it('should tell API keys by their prefix', () => {
    expect(isApiKey('agd_abc')).toBe(true);
    expect(isApiKey('eyJhbGciOi')).toBe(false);
  });

  it('should order roles admin > operator > viewer', () => {
    expect(roleAtLeast('admin', 'operator')).toBe(true);
    expect(roleAtLeast('operator', 'operator')).toBe(true);
    expect(roleAtLeast('viewer', 'operator')).toBe(false);
    expect(roleAtLeast('operator', 'admin')).toBe(false);
  });

  it('should take the lower of two roles', () => {
    expect(lowerRole('admin', 'viewer')).toBe('viewer');
    expect(lowerRole('operator', 'admin')).toBe('operator');
    expect(lowerRole('viewer', 'viewer')).toBe('viewer');
  });
});
