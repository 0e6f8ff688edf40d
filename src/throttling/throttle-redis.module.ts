import { Module } from '@nestjs/common';
import { RedisConnections } from '../redis/redis-connections';
import { RedisKeys } from '../redis/redis-keys';

/** The connection every rate-limit counter goes through (the throttler's and the failure counters). */
export const THROTTLE_REDIS = Symbol('THROTTLE_REDIS');

@Module({
  providers: [
    {
      provide: THROTTLE_REDIS,
      inject: [RedisConnections, RedisKeys],
      useFactory: (redis: RedisConnections, keys: RedisKeys) =>
        // Its own connection for the key prefix (the throttler's storage builds key names itself).
        // A count takes well under a millisecond; while Redis is away, give up after half a second
        // (see ThrottleGuard for what happens then) instead of holding the request.
        redis.dedicated('throttler', {
          keyPrefix: keys.throttlePrefix,
          maxRetriesPerRequest: 1,
          commandTimeout: 500,
          // Every request counts against its limits: counts made in the same event-loop turn
          // (concurrent requests) share one socket write instead of one each (B1 in bench/README.md).
          enableAutoPipelining: true,
        }),
    },
  ],
  exports: [THROTTLE_REDIS],
})
export class ThrottleRedisModule {}
