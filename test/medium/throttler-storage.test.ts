import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FailureCountersRepository } from '../../src/throttling/failure-counters.repository';
import { ThrottlerScriptStorage } from '../../src/throttling/throttler-storage';
import { TestEnv, createTestEnv } from '../helpers/test-env';

describe(ThrottlerScriptStorage.name, () => {
  let env: TestEnv;
  let redis: Redis;
  let seq = 0;

  beforeAll(async () => {
    env = await createTestEnv();
    redis = new Redis(env.config.REDIS_URL, { keyPrefix: `${env.redisPrefix}throttle:` });
  });
  afterAll(async () => {
    redis.disconnect();
    await env.cleanup();
  });

  it('should count hits and block past the limit', async () => {
    const storage = new ThrottlerScriptStorage(redis);
    const key = `k${++seq}`;
    const hits = [];
    for (let i = 0; i < 3; i++) hits.push(await storage.increment(key, 60_000, 2, 30_000, 'default'));
    expect(hits.map((h) => [h.totalHits, h.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(hits[2].timeToExpire).toBe(60);
    expect(hits[2].timeToBlockExpire).toBe(30);
    expect(await redis.exists(`{${key}:default}:hits`, `{${key}:default}:blocked`)).toBe(2);
  });

  it('should send the script by its SHA, and the script itself only when Redis does not know it', async () => {
    const storage = new ThrottlerScriptStorage(redis);
    const call = vi.spyOn(redis, 'call');
    call.mockRejectedValueOnce(new Error('NOSCRIPT No matching script. Please use EVAL.'));
    await storage.increment(`k${++seq}`, 60_000, 10, 1_000, 'default');
    await storage.increment(`k${seq}`, 60_000, 10, 1_000, 'default');
    expect(call.mock.calls.map(([command]) => command)).toEqual(['evalsha', 'eval', 'evalsha']);
    call.mockRestore();
  });

  it('should pass other Redis errors on', async () => {
    const storage = new ThrottlerScriptStorage(redis);
    const call = vi.spyOn(redis, 'call').mockRejectedValueOnce(new Error('Connection is closed.'));
    await expect(storage.increment(`k${++seq}`, 60_000, 10, 1_000, 'default')).rejects.toThrow(
      'Connection is closed.',
    );
    call.mockRestore();
  });

  describe(FailureCountersRepository.name, () => {
    it('should count failures in a window that always ends, under hashed key names', async () => {
      const counters = new FailureCountersRepository(redis);
      const tracker = `ip:10.0.0.${++seq}`;
      expect(await counters.read('credentials', tracker, 2)).toEqual({ failures: 0, msLeft: 0 });
      expect(await counters.add('credentials', tracker, 60_000)).toBe(1);
      expect(await counters.add('credentials', tracker, 60_000)).toBe(2);
      expect(await counters.read('credentials', tracker, 3)).toEqual({ failures: 2, msLeft: 0 });
      const { failures, msLeft } = await counters.read('credentials', tracker, 2);
      expect(failures).toBe(2);
      expect(msLeft).toBeGreaterThan(55_000);
      expect(msLeft).toBeLessThanOrEqual(60_000);
      const keys = await redis.keys(`${env.redisPrefix}throttle:failures:credentials:*`);
      expect(keys).toHaveLength(1);
      expect(keys[0]).not.toContain('10.0.0');
    });

    it('should send its script itself only when Redis does not know it', async () => {
      const counters = new FailureCountersRepository(redis);
      const evalsha = vi
        .spyOn(redis, 'evalsha')
        .mockRejectedValueOnce(new Error('NOSCRIPT No matching script. Please use EVAL.'));
      const evalScript = vi.spyOn(redis, 'eval');
      const tracker = `ip:${++seq}`;
      expect(await counters.add('webhook', tracker, 1_000)).toBe(1);
      expect(await counters.add('webhook', tracker, 1_000)).toBe(2);
      expect([evalsha.mock.calls.length, evalScript.mock.calls.length]).toEqual([2, 1]);
      evalsha.mockRestore();
      evalScript.mockRestore();
    });
  });
});
