import { Injectable } from '@nestjs/common';
import { InjectConfig } from '../config/config.module';
import { Config } from '../config/config.schema';
import { Budget, BudgetCounter } from '../throttling/budget-counter';

/**
 * The terminal WebSocket is a raw Fastify route, so the global throttle guard never sees it: its
 * upgrades count here, per client IP and before the credential is looked at (a guess costs a
 * lookup), against the same budget as the API's routes (THROTTLE_LIMIT per THROTTLE_TTL_SECONDS).
 */
@Injectable()
export class TerminalUpgradeThrottle {
  private readonly budget: Budget;

  constructor(
    @InjectConfig() config: Config,
    private readonly budgets: BudgetCounter,
  ) {
    this.budget = {
      name: 'terminal-ws',
      limit: config.THROTTLE_LIMIT,
      ttlSeconds: config.THROTTLE_TTL_SECONDS,
      what: 'terminal connections',
    };
  }

  /** Throws 429 (with `retryAfter`, seconds) when this IP has opened too many lately. */
  count(ip: string): Promise<void> {
    return this.budgets.count(this.budget, `ip:${ip}`);
  }
}
