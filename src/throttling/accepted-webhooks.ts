import { Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, ThrottlerStorage } from '@nestjs/throttler';
import { isDependencyError } from '../common/dependency-errors';
import { InjectConfig } from '../config/config.module';
import { Config } from '../config/config.schema';
import { WEBHOOK_TRIGGER_BUDGET, hashedKey } from './throttle-policies';
import { TooManyRequestsException } from './too-many-requests';

/**
 * A trigger's budget of deliveries (THROTTLE_WEBHOOK_TRIGGER_LIMIT per THROTTLE_WEBHOOK_TTL_SECONDS),
 * counted only once a delivery's signature holds: requests anyone can send without the secret
 * never make the real sender's deliveries answer 429. Same counters as the throttler's limits.
 */
@Injectable()
export class AcceptedWebhooks {
  constructor(
    @InjectConfig() private readonly config: Config,
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
  ) {}

  /** `source`: the trigger's id, or `github` for /hooks/github (one budget). 429 past the budget. */
  async count(source: string): Promise<void> {
    const ttl = this.config.THROTTLE_WEBHOOK_TTL_SECONDS * 1000;
    let record;
    try {
      record = await this.storage.increment(
        hashedKey(`trigger:${source}`, WEBHOOK_TRIGGER_BUDGET),
        ttl,
        this.config.THROTTLE_WEBHOOK_TRIGGER_LIMIT,
        ttl,
        WEBHOOK_TRIGGER_BUDGET,
      );
    } catch (err) {
      // As in ThrottleGuard: the delivery needs Redis next and answers 503 there if it must.
      if (isDependencyError(err)) return;
      throw err;
    }
    if (record.isBlocked) {
      throw new TooManyRequestsException('requests', Math.max(1, record.timeToBlockExpire));
    }
  }
}
