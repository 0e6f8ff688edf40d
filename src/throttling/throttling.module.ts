import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import { Config } from '../config/config.schema';
import { CONFIG } from '../config/config.module';
import { AcceptedWebhooks } from './accepted-webhooks';
import { BudgetCounter } from './budget-counter';
import { FailureCountersRepository } from './failure-counters.repository';
import { FailureLimits } from './failure-limits';
import { ThrottleGuard } from './throttle.guard';
import { THROTTLE_REDIS, ThrottleRedisModule } from './throttle-redis.module';
import { ThrottlerScriptStorage } from './throttler-storage';
import { throttleKey, throttlers } from './throttle-policies';
import { UntrustedProxyWarning } from './untrusted-proxy-warning';

/** Counters in Redis, so a limit holds across all API replicas. */
@Module({
  imports: [
    ThrottleRedisModule,
    ThrottlerModule.forRootAsync({
      imports: [ThrottleRedisModule],
      inject: [CONFIG, THROTTLE_REDIS],
      useFactory: (config: Config, redis: Redis) => ({
        throttlers: throttlers(config),
        generateKey: throttleKey,
        // Our 429 carries Retry-After; the per-limit X-RateLimit-* headers would only add noise.
        setHeaders: false,
        storage: new ThrottlerScriptStorage(redis),
      }),
    }),
  ],
  providers: [
    ThrottleGuard,
    FailureCountersRepository,
    FailureLimits,
    AcceptedWebhooks,
    BudgetCounter,
    UntrustedProxyWarning,
  ],
  exports: [ThrottleGuard, FailureLimits, AcceptedWebhooks, BudgetCounter],
})
export class ThrottlingModule {}
