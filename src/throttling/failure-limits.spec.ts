import { HttpStatus } from '@nestjs/common';
import { describe, expect, it, vi } from 'vitest';
import { Config } from '../config/config.schema';
import { FailureCountersRepository, FailureWindow } from './failure-counters.repository';
import { FailureLimits } from './failure-limits';
import { TooManyRequestsException } from './too-many-requests';

const config = {
  THROTTLE_TTL_SECONDS: 60,
  THROTTLE_WEBHOOK_TTL_SECONDS: 60,
  THROTTLE_LOGIN_TTL_SECONDS: 300,
  THROTTLE_AUTH_FAILURE_LIMIT: 3,
  THROTTLE_WEBHOOK_FAILURE_LIMIT: 5,
  THROTTLE_LOGIN_EMAIL_LIMIT: 2,
  THROTTLE_LOGIN_EMAIL_GLOBAL_LIMIT: 10,
} as Config;

const setup = (read: (name: string) => Promise<FailureWindow>) => {
  const counters = { read: vi.fn(read), add: vi.fn(async () => 1) };
  // Only the two methods the limiter calls.
  const sut = new FailureLimits(config, counters as unknown as FailureCountersRepository);
  return { sut, counters };
};
const redisDown = () => Promise.reject(new Error('Connection is closed.'));

describe(FailureLimits.name, () => {
  it('should let a tracker through below its limit and refuse it at the limit, with Retry-After', async () => {
    const { sut } = setup(async () => ({ failures: 2, msLeft: 0 }));
    await expect(sut.check({ kind: 'credentials', tracker: 'ip:1' })).resolves.toBeUndefined();

    const { sut: full } = setup(async () => ({ failures: 3, msLeft: 41_200 }));
    const refused = await full.check({ kind: 'credentials', tracker: 'ip:1' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TooManyRequestsException);
    expect((refused as TooManyRequestsException).getStatus()).toBe(HttpStatus.TOO_MANY_REQUESTS);
    expect((refused as TooManyRequestsException).retryAfter).toBe(42);
  });

  it('should answer the longest wait when several limits are reached', async () => {
    const { sut } = setup(async (name) =>
      name === 'login-email' ? { failures: 10, msLeft: 200_000 } : { failures: 2, msLeft: 5_000 },
    );
    await expect(
      sut.check({ kind: 'login-email-ip', tracker: 'a' }, { kind: 'login-email', tracker: 'b' }),
    ).rejects.toMatchObject({ retryAfter: 200, message: 'Too many sign-in attempts; retry in 200 s' });
  });

  it('should let requests through while Redis is down, except sign-in', async () => {
    const { sut } = setup(redisDown);
    await expect(sut.check({ kind: 'webhook', tracker: 'ip:1' })).resolves.toBeUndefined();
    await expect(sut.check({ kind: 'login-email', tracker: 'email:x' })).rejects.toThrow(
      'Connection is closed.',
    );
  });

  it('should count each failure in its own window, and not fail the answer while Redis is down', async () => {
    const { sut, counters } = setup(async () => ({ failures: 0, msLeft: 0 }));
    await sut.record({ kind: 'login-email-ip', tracker: 'a' }, { kind: 'webhook', tracker: 'b' });
    expect(counters.add.mock.calls).toEqual([
      ['login-email-ip', 'a', 300_000],
      ['webhook', 'b', 60_000],
    ]);
    counters.add.mockImplementation(redisDown);
    await expect(sut.record({ kind: 'credentials', tracker: 'c' })).resolves.toBeUndefined();
  });
});
