import { Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, ThrottlerStorage } from '@nestjs/throttler';
import { isDependencyError } from '../common/dependency-errors';
import { hashedKey } from './throttle-policies';
import { TooManyRequestsException } from './too-many-requests';

/** A limit counted outside the global guard: `limit` per `ttlSeconds` for each tracker. */
export interface Budget {
  /** the counter's name in the throttler's storage, beside the HTTP limits' */
  name: string;
  limit: number;
  ttlSeconds: number;
  /** what the 429 says there were too many of */
  what: string;
}

/**
 * Counts a request against a budget in the throttler's own storage (so it holds across replicas,
 * under hashed keys: no IPs in Redis key names) and answers 429 past it. While the counters are
 * unreachable it lets the request on: what comes next needs Redis too and answers 503 there.
 */
@Injectable()
export class BudgetCounter {
  constructor(@InjectThrottlerStorage() private readonly storage: ThrottlerStorage) {}

  async count(budget: Budget, tracker: string): Promise<void> {
    const ttlMs = budget.ttlSeconds * 1000;
    let record;
    try {
      record = await this.storage.increment(
        hashedKey(tracker, budget.name),
        ttlMs,
        budget.limit,
        ttlMs,
        budget.name,
      );
    } catch (err) {
      if (isDependencyError(err)) return;
      throw err;
    }
    if (record.isBlocked)
      throw new TooManyRequestsException(budget.what, Math.max(1, record.timeToBlockExpire));
  }
}
