import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { Config } from '../config/config.schema';
import { CONFIG } from '../config/config.module';
import { RedisConnections } from '../redis/redis-connections';
import { RedisKeys } from '../redis/redis-keys';
import { ThrottleGuard } from './throttle.guard';
import { ThrottlerScriptStorage } from './throttler-storage';
import { throttleKey, throttlers } from './throttle-policies';

/** Counters in Redis, so a limit holds across all API replicas. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [CONFIG, RedisConnections, RedisKeys],
      useFactory: (config: Config, redis: RedisConnections, keys: RedisKeys) => ({
        throttlers: throttlers(config),
        generateKey: throttleKey,
        // Our 429 carries Retry-After; the per-limit X-RateLimit-* headers would only add noise.
        setHeaders: false,
        storage: new ThrottlerScriptStorage(
          // Its own connection for the key prefix (the storage builds key names itself). A count
          // takes well under a millisecond; while Redis is away, give up after half a second
          // (see ThrottleGuard for what happens then) instead of holding the request.
          redis.dedicated('throttler', {
            keyPrefix: keys.throttlePrefix,
            maxRetriesPerRequest: 1,
            commandTimeout: 500,
            // Every request counts against its limits: counts made in the same event-loop turn
            // (concurrent requests) share one socket write instead of one each (B1 in bench/README.md).
            enableAutoPipelining: true,
          }),
        ),
      }),
    }),
  ],
  providers: [ThrottleGuard],
  exports: [ThrottleGuard],
})
export class ThrottlingModule {}
