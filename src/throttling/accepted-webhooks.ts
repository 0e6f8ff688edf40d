import { Injectable } from '@nestjs/common';
import { InjectConfig } from '../config/config.module';
import { Config } from '../config/config.schema';
import { Budget, BudgetCounter } from './budget-counter';
import { WEBHOOK_TRIGGER_BUDGET } from './throttle-policies';

/**
 * A trigger's budget of deliveries (THROTTLE_WEBHOOK_TRIGGER_LIMIT per THROTTLE_WEBHOOK_TTL_SECONDS),
 * counted only once a delivery's signature holds: requests anyone can send without the secret
 * never make the real sender's deliveries answer 429. Same counters as the throttler's limits.
 */
@Injectable()
export class AcceptedWebhooks {
  private readonly budget: Budget;

  constructor(
    @InjectConfig() config: Config,
    private readonly budgets: BudgetCounter,
  ) {
    this.budget = {
      name: WEBHOOK_TRIGGER_BUDGET,
      limit: config.THROTTLE_WEBHOOK_TRIGGER_LIMIT,
      ttlSeconds: config.THROTTLE_WEBHOOK_TTL_SECONDS,
      what: 'requests',
    };
  }

  /** `source`: the trigger's id, or `github` for /hooks/github (one budget). 429 past the budget. */
  count(source: string): Promise<void> {
    return this.budgets.count(this.budget, `trigger:${source}`);
  }
}
