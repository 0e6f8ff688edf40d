import { describe, expect, it } from 'vitest';
import { parseApiConfig as parseConfig } from './config';

const base = {
  DATABASE_URL: 'postgres://agented@db/agented',
  REDIS_URL: 'redis://redis:6379',
  REDIS_ALLOW_NO_PASSWORD: 'true',
  MASTER_KEY: Buffer.from('0123456789abcdefghijklmnopqrstuv').toString('base64'),
  JWT_SECRET: 'kq3Zr8VtY1xN0pLw5sDf7GhJ2mBc9QeR4uIo6aTy',
};

describe('auth configuration', () => {
  it('should default the first admin and leave its password unset', () => {
    const config = parseConfig({ ...base, ADMIN_EMAIL: '', ADMIN_PASSWORD: '' });
    expect(config.ADMIN_EMAIL).toBe('admin@agented.local');
    expect(config.ADMIN_PASSWORD).toBeUndefined();
  });

  it('should lower-case the admin email', () => {
    expect(parseConfig({ ...base, ADMIN_EMAIL: 'Ops@Example.COM' }).ADMIN_EMAIL).toBe('ops@example.com');
  });

  it('should require a JWT secret of at least 32 characters', () => {
    expect(() => parseConfig({ ...base, JWT_SECRET: undefined })).toThrow(/JWT_SECRET/);
    expect(() => parseConfig({ ...base, JWT_SECRET: 'too-short' })).toThrow(
      /JWT_SECRET: must be at least 32/,
    );
  });

  it('should refuse placeholder secrets in production', () => {
    const production = { ...base, NODE_ENV: 'production' };
    expect(() =>
      parseConfig({ ...production, JWT_SECRET: 'change-me-to-a-random-string-of-at-least-32-characters' }),
    ).toThrow(/JWT_SECRET: is a placeholder/);
    expect(() => parseConfig({ ...production, JWT_SECRET: 'ab'.repeat(20) })).toThrow(/JWT_SECRET/);
    expect(() => parseConfig({ ...production, ADMIN_PASSWORD: 'changeme' })).toThrow(/ADMIN_PASSWORD/);
    expect(parseConfig(production).JWT_SECRET).toBe(base.JWT_SECRET);
  });

  it('should parse trusted proxies as IPs, CIDRs and range names', () => {
    const config = parseConfig({ ...base, TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1,loopback, fd00::/8' });
    expect(config.TRUSTED_PROXIES).toEqual(['10.0.0.0/8', '127.0.0.1', 'loopback', 'fd00::/8']);
    expect(parseConfig(base).TRUSTED_PROXIES).toEqual([]);
    expect(() => parseConfig({ ...base, TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES/);
    expect(() => parseConfig({ ...base, TRUSTED_PROXIES: 'proxy.local' })).toThrow(/TRUSTED_PROXIES/);
  });

  it('should accept CORS origins but never a wildcard or a path', () => {
    expect(
      parseConfig({ ...base, CORS_ORIGINS: 'https://a.example.com, http://localhost:5173' }).CORS_ORIGINS,
    ).toEqual(['https://a.example.com', 'http://localhost:5173']);
    expect(() => parseConfig({ ...base, CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => parseConfig({ ...base, CORS_ORIGINS: 'https://a.example.com/app' })).toThrow(/CORS_ORIGINS/);
  });
});
