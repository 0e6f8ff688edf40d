import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { isDependencyError } from '../common/dependency-errors';
import { Config } from '../config/config.schema';
import { InjectConfig } from '../config/config.module';

/** The counter's name in the throttler's storage, beside the HTTP limits'. */
const THROTTLER_NAME = 'terminal-ws';

/**
 * The terminal WebSocket is a raw Fastify route, so the global throttle guard never sees it:
 * its upgrades count here, per client IP and before the credential is looked at (a guess costs
 * a lookup), against the same budget as the API's routes (THROTTLE_LIMIT per THROTTLE_TTL_SECONDS),
 * in the throttler's own storage, so the limit holds across replicas.
 */
@Injectable()
export class TerminalUpgradeThrottle {
  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    @InjectConfig() private readonly config: Config,
  ) {}

  /** Throws 429 (with `retryAfter`, seconds) when this IP has opened too many lately. */
  async count(ip: string): Promise<void> {
    const ttlMs = this.config.THROTTLE_TTL_SECONDS * 1000;
    // Hashed like the HTTP limits' keys: no IPs in Redis key names.
    const key = `${THROTTLER_NAME}:${createHash('sha256').update(`ip:${ip}`).digest('base64url')}`;
    let record: Awaited<ReturnType<ThrottlerStorage['increment']>>;
    try {
      record = await this.storage.increment(key, ttlMs, this.config.THROTTLE_LIMIT, ttlMs, THROTTLER_NAME);
    } catch (err) {
      // Counters unreachable: the credential check right after needs Redis too and answers 503.
      if (isDependencyError(err)) return;
      throw err;
    }
    if (record.isBlocked) {
      const retryAfter = Math.max(1, record.timeToBlockExpire);
      throw new HttpException(
        { message: `Too many terminal connections; retry in ${retryAfter} s`, retryAfter },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }
}
