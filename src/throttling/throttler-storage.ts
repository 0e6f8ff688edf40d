import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { createHash } from 'node:crypto';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorageRedisService['increment']>>;

const isNoScript = (err: unknown) => err instanceof Error && err.message.startsWith('NOSCRIPT');

/**
 * The Redis throttler storage with its Lua script sent by SHA (EVALSHA), loaded by EVAL only when
 * Redis does not know it yet. The library sends the whole script (≈ 900 bytes, hashed again by
 * Redis) with every count, and a webhook counts against two limits: that alone was about a tenth
 * of the API's CPU per webhook (B1 in bench/README.md). Same keys, script and answers otherwise.
 */
export class ThrottlerScriptStorage extends ThrottlerStorageRedisService {
  private readonly scriptSha = createHash('sha1').update(this.scriptSrc).digest('hex');

  override async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const args = [
      2,
      `{${key}:${throttlerName}}:hits`,
      `{${key}:${throttlerName}}:blocked`,
      throttlerName,
      ttl,
      limit,
      blockDuration,
    ];
    const results = await this.redis
      .call('evalsha', this.scriptSha, ...args)
      .catch((err: unknown) =>
        isNoScript(err) ? this.redis.call('eval', this.scriptSrc, ...args) : Promise.reject(err),
      );
    if (!Array.isArray(results) || results.length !== 4 || !results.every((n) => typeof n === 'number')) {
      throw new TypeError(`Unexpected answer from the throttler script: ${JSON.stringify(results)}`);
    }
    const [totalHits, timeToExpire, isBlocked, timeToBlockExpire] = results as number[];
    return {
      totalHits,
      timeToExpire: Math.ceil(timeToExpire / 1000),
      isBlocked: isBlocked === 1,
      timeToBlockExpire: Math.ceil(timeToBlockExpire / 1000),
    };
  }
}
