import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisConnections } from '../redis/redis-connections';
import { RedisKeys } from '../redis/redis-keys';

/**
 * The cancel channel: the API publishes an execution's id and every worker hears it (the one
 * running that execution stops it). Pub/sub keeps no message for a worker that was away, so the
 * cancel flag in PostgreSQL stays the record; this channel only makes the stop prompt.
 */
@Injectable()
export class CancelChannel {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly connections: RedisConnections,
  ) {}

  async requestCancel(executionId: string): Promise<void> {
    await this.redis.publish(this.keys.cancelChannel, executionId);
  }

  /**
   * Hears every cancel from now on, on a connection of its own (RedisConnections closes it at
   * shutdown; ioredis subscribes again by itself after a reconnect).
   */
  async subscribe(onCancel: (executionId: string) => void): Promise<void> {
    const subscriber = this.connections.dedicated('cancel-subscriber');
    subscriber.on('message', (_channel: string, executionId: string) => {
      onCancel(executionId);
    });
    await subscriber.subscribe(this.keys.cancelChannel);
  }
}
