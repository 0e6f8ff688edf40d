import { Global, Module } from '@nestjs/common';
import Redis from 'ioredis';
import { Config } from '../config/config.schema';
import { CONFIG } from '../config/config.module';
import { RedisConnections } from './redis-connections';
import { RedisKeys } from './redis-keys';

@Global()
@Module({
  providers: [
    RedisConnections,
    { provide: RedisKeys, inject: [CONFIG], useFactory: (c: Config) => new RedisKeys(c.REDIS_PREFIX) },
    { provide: Redis, inject: [RedisConnections], useFactory: (c: RedisConnections) => c.command() },
  ],
  exports: [RedisConnections, RedisKeys, Redis],
})
export class RedisModule {}
