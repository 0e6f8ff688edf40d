import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { Config } from '../config/config.schema';
import { InjectConfig } from '../config/config.module';

/**
 * Owns every Redis connection of the process and closes them on shutdown.
 * `command()` fails fast while disconnected (callers answer 503); `dedicated()` connections
 * (blocking reads, subscribers, BullMQ workers) wait and reconnect by themselves.
 */
@Injectable()
export class RedisConnections implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisConnections.name);
  private readonly all = new Set<Redis>();
  private shared?: Redis;

  constructor(@InjectConfig() private readonly config: Config) {}

  /** Gives the command connection a moment to come up so the first requests don't see 503. */
  async onModuleInit(): Promise<void> {
    const client = this.command();
    if (client.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        client.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, 3_000);
      client.once('ready', done);
    });
  }

  command(): Redis {
    this.shared ??= this.open('command', {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 5_000,
    });
    return this.shared;
  }

  dedicated(name: string, options: RedisOptions = {}): Redis {
    return this.open(name, { maxRetriesPerRequest: null, ...options });
  }

  private open(name: string, options: RedisOptions): Redis {
    const client = new Redis(this.config.REDIS_URL, {
      connectionName: `agented-${name}`,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      ...options,
    });
    let warned = false;
    client.on('error', (err: Error) => {
      if (!warned) this.logger.warn(`redis (${name}): ${err.message}`);
      warned = true;
    });
    client.on('ready', () => (warned = false));
    this.all.add(client);
    return client;
  }

  async close(client: Redis): Promise<void> {
    this.all.delete(client);
    // quit() on a client still waiting for its first connection waits forever; nothing to flush there.
    if (client.status !== 'ready') return client.disconnect();
    await client.quit().catch(() => client.disconnect());
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.all].map((c) => this.close(c)));
  }
}
