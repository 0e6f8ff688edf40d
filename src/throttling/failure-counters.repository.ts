import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import { THROTTLE_REDIS } from './throttle-redis.module';

/**
 * INCR, and start the window with the first failure. In one script: a counter left without an
 * expiry (INCR and PEXPIRE sent apart, the key expiring between them) would block for ever.
 */
const ADD_FAILURE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;
const ADD_FAILURE_SHA = createHash('sha1').update(ADD_FAILURE).digest('hex');

const isNoScript = (err: unknown) => err instanceof Error && err.message.startsWith('NOSCRIPT');

export interface FailureWindow {
  failures: number;
  /** until the window ends and the count starts again from 0 */
  msLeft: number;
}

/**
 * Fixed-window counters of failures (refused credentials, bad webhook signatures, failed
 * sign-ins), on the throttler's connection and under its prefix. Key names are hashes, so IPs
 * and emails never appear in Redis.
 */
@Injectable()
export class FailureCountersRepository {
  constructor(@Inject(THROTTLE_REDIS) private readonly redis: Redis) {}

  /** One GET; the window's end is read only when `atLeast` failures are already counted. */
  async read(name: string, tracker: string, atLeast: number): Promise<FailureWindow> {
    const key = keyOf(name, tracker);
    const failures = Number((await this.redis.get(key)) ?? 0);
    if (failures < atLeast) return { failures, msLeft: 0 };
    return { failures, msLeft: Math.max(0, await this.redis.pttl(key)) };
  }

  async add(name: string, tracker: string, windowMs: number): Promise<number> {
    const key = keyOf(name, tracker);
    const count = await this.redis
      .evalsha(ADD_FAILURE_SHA, 1, key, windowMs)
      .catch((err: unknown) =>
        isNoScript(err) ? this.redis.eval(ADD_FAILURE, 1, key, windowMs) : Promise.reject(err),
      );
    return Number(count);
  }
}

const keyOf = (name: string, tracker: string) =>
  `failures:${name}:${createHash('sha256').update(tracker).digest('base64url')}`;
