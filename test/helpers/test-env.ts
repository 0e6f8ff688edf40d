import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { inject } from 'vitest';
import { parseApiConfig } from '../../src/config/config';
import { ApiConfig } from '../../src/config/config.schema';
import { withDatabase } from '../setup/services';

export interface TestEnv {
  /** The environment a process of ours would get: its own database and Redis key prefix. */
  vars: Record<string, string>;
  config: ApiConfig;
  databaseUrl: string;
  redisPrefix: string;
  cleanup(): Promise<void>;
}

export const TEST_MASTER_KEY = randomBytes(32).toString('base64');
export const TEST_JWT_SECRET = randomBytes(48).toString('base64');
/** The first admin every test app creates at start-up (see `test/helpers/auth.ts`). */
export const TEST_ADMIN = { email: 'admin@agented.test', password: randomBytes(12).toString('base64url') };

/** Limits high enough that only the tests about throttling ever meet them. */
const RELAXED_THROTTLES: Record<string, string> = {
  THROTTLE_LIMIT: '100000',
  THROTTLE_LOGIN_IP_LIMIT: '100000',
  THROTTLE_LOGIN_EMAIL_LIMIT: '100000',
  THROTTLE_WEBHOOK_IP_LIMIT: '100000',
  THROTTLE_WEBHOOK_TRIGGER_LIMIT: '100000',
  THROTTLE_AUTH_FAILURE_LIMIT: '100000',
  THROTTLE_WEBHOOK_FAILURE_LIMIT: '100000',
  THROTTLE_LOGIN_EMAIL_GLOBAL_LIMIT: '100000',
};

/** A fresh database cloned from the migrated template and a unique Redis prefix, per test file. */
export async function createTestEnv(overrides: Record<string, string> = {}): Promise<TestEnv> {
  const baseUrl = inject('databaseUrl');
  const redisUrl = inject('redisUrl');
  const id = randomBytes(5).toString('hex');
  const dbName = `agented_t_${id}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}" TEMPLATE "${inject('templateDatabase')}"`);
  await admin.end();

  const databaseUrl = withDatabase(baseUrl, dbName);
  const redisPrefix = `agented-test:${id}:`;
  const vars: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    // The test Redis has no password; production would refuse it otherwise.
    REDIS_ALLOW_NO_PASSWORD: 'true',
    MASTER_KEY: TEST_MASTER_KEY,
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    ...RELAXED_THROTTLES,
    // Bots run as the test runner's user (root on CI), so tests may hand them files and folders
    // of their own; the tests about who a bot runs as unset it (worker-isolation.test.ts).
    RUNNER_USER: 'self',
    LOG_LEVEL: 'warn',
    ...overrides,
  };
  return {
    vars,
    config: parseApiConfig(vars),
    databaseUrl,
    redisPrefix,
    async cleanup() {
      const redis = new Redis(redisUrl);
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await redis.quit();
      const c = new Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The same database and Redis prefix with some settings changed, e.g. for a second replica. */
export function withVars(env: TestEnv, overrides: Record<string, string>): TestEnv {
  const vars = { ...env.vars, ...overrides };
  return { ...env, vars, config: parseApiConfig(vars) };
}

/**
 * For helpers that start something against an env: a given env is shared (its owner cleans it
 * up); settings get a fresh env that the started thing owns and removes when it closes.
 */
export async function useEnv(
  envOrSettings: TestEnv | Record<string, string>,
): Promise<{ env: TestEnv; owned: boolean }> {
  return isTestEnv(envOrSettings)
    ? { env: envOrSettings, owned: false }
    : { env: await createTestEnv(envOrSettings), owned: true };
}

const isTestEnv = (value: TestEnv | Record<string, string>): value is TestEnv =>
  typeof value.cleanup === 'function';
