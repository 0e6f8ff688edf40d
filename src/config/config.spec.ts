import { describe, expect, it } from 'vitest';
import { forgetApiSettings, parseApiConfig, parseConfig } from './config';

const shared = {
  DATABASE_URL: 'postgres://agented:pw@127.0.0.1:5432/agented',
  REDIS_URL: 'redis://127.0.0.1:6379',
  REDIS_ALLOW_NO_PASSWORD: 'true',
  MASTER_KEY: Buffer.from('0123456789abcdefghijklmnopqrstuv').toString('base64'),
};
const api = { ...shared, JWT_SECRET: 'k3Y-9fQ2pLw8ZrT1xVb6NcMd0sHa7uJe4GyIo5' };

describe(parseConfig.name, () => {
  it('should start a worker without the secrets only the API holds, and keep none it is given', () => {
    expect(() => parseConfig(shared)).not.toThrow();
    const config = parseConfig({ ...api, ADMIN_PASSWORD: 'an-admin-password' }) as Record<string, unknown>;
    expect(config.JWT_SECRET).toBeUndefined();
    expect(config.ADMIN_PASSWORD).toBeUndefined();
    expect(() => parseApiConfig(shared)).toThrow(/JWT_SECRET/);
  });

  it('should be production unless NODE_ENV says otherwise, so placeholder secrets are refused', () => {
    expect(parseConfig(shared).NODE_ENV).toBe('production');
    const placeholder = { ...shared, MASTER_KEY: 'Q0hBTkdFLU1FLWV4YW1wbGUtbWFzdGVyLWtleS0zMmI=' };
    expect(() => parseConfig(placeholder)).toThrow(/MASTER_KEY: is a placeholder/);
    expect(() => parseConfig({ ...placeholder, NODE_ENV: 'development' })).not.toThrow();
  });

  it('should refuse a Redis without a password in production unless told it is meant', () => {
    const production = { ...shared, REDIS_ALLOW_NO_PASSWORD: undefined, NODE_ENV: 'production' };
    expect(() => parseConfig(production)).toThrow(/REDIS_URL: has no password/);
    expect(() =>
      parseConfig({ ...production, REDIS_URL: 'redis://:s3cr3t-pw@127.0.0.1:6379' }),
    ).not.toThrow();
    expect(() => parseConfig({ ...production, REDIS_ALLOW_NO_PASSWORD: 'true' })).not.toThrow();
  });

  it('should refuse to hand a platform setting or a credential to bots', () => {
    for (const name of [
      'DATABASE_URL',
      'MASTER_KEY',
      'JWT_SECRET',
      'REDIS_PASSWORD',
      'GITHUB_TOKEN',
      'AWS_SECRET_ACCESS_KEY',
    ]) {
      expect(() => parseConfig({ ...shared, RUNNER_ENV_ALLOWLIST: `PATH,${name}` }), name).toThrow(
        /RUNNER_ENV_ALLOWLIST.*must not name a platform setting or a credential/,
      );
    }
    expect(
      parseConfig({ ...shared, RUNNER_ENV_ALLOWLIST: 'PATH, LANG,NODE_EXTRA_CA_CERTS' }).RUNNER_ENV_ALLOWLIST,
    ).toEqual(['PATH', 'LANG', 'NODE_EXTRA_CA_CERTS']);
  });

  it('should refuse to trust X-Forwarded-For from the whole internet', () => {
    for (const range of ['0.0.0.0/0', '::/0', '10.0.0.0/4', '2000::/3']) {
      expect(() => parseConfig({ ...shared, TRUSTED_PROXIES: range }), range).toThrow(/TRUSTED_PROXIES/);
    }
    expect(parseConfig({ ...shared, TRUSTED_PROXIES: '10.0.0.0/8,fd00::/16' }).TRUSTED_PROXIES).toHaveLength(
      2,
    );
  });

  it('should check RUNNER_USER is a user name, uid, uid:gid or self', () => {
    expect(parseConfig({ ...shared, RUNNER_USER: 'agented-run' }).RUNNER_USER).toBe('agented-run');
    expect(parseConfig({ ...shared, RUNNER_USER: '10001:10001' }).RUNNER_USER).toBe('10001:10001');
    expect(() => parseConfig({ ...shared, RUNNER_USER: 'root;rm -rf' })).toThrow(/RUNNER_USER/);
  });
});

describe(forgetApiSettings.name, () => {
  it("should drop the API's secrets from a worker's environment and name them", () => {
    const env: NodeJS.ProcessEnv = { ...api, ADMIN_PASSWORD: 'x'.repeat(12), PATH: '/usr/bin' };
    expect(forgetApiSettings(env)).toEqual(['JWT_SECRET', 'ADMIN_PASSWORD']);
    expect(env).toEqual({ ...shared, PATH: '/usr/bin' });
  });
});
