import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { ExecutionStatus } from '../database/database.types';
import { RedisConnections } from '../redis/redis-connections';
import { RedisKeys } from '../redis/redis-keys';

export interface ExecutionStatusMessage {
  id: string;
  botId: string;
  status: ExecutionStatus;
}

type StatusListener = (message: ExecutionStatusMessage) => void;

/** One Redis subscriber per API process for the status channel, fanned out to every `/api/events` client. */
@Injectable()
export class ExecutionStatusFeed implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(ExecutionStatusFeed.name);
  private readonly listeners = new Set<StatusListener>();
  private subscriber?: Redis;

  constructor(
    private readonly connections: RedisConnections,
    private readonly keys: RedisKeys,
  ) {}

  onModuleInit(): void {
    // ioredis subscribes again by itself after a reconnect.
    const subscriber = this.connections.dedicated('events-subscriber');
    subscriber.on('message', (_channel: string, raw: string) => this.fanOut(raw));
    subscriber.subscribe(this.keys.eventsChannel).catch((err: Error) => {
      this.logger.warn(`subscribing to execution events failed: ${err.message}`);
    });
    this.subscriber = subscriber;
  }

  subscribe(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.subscriber) await this.connections.close(this.subscriber);
  }

  private fanOut(raw: string): void {
    let message: ExecutionStatusMessage;
    try {
      const { id, botId, status } = JSON.parse(raw) as ExecutionStatusMessage;
      message = { id, botId, status };
    } catch {
      return;
    }
    for (const listener of this.listeners) listener(message);
  }
}
