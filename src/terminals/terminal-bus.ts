import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisConnections } from '../redis/redis-connections';
import { RedisKeys } from '../redis/redis-keys';
import { TerminalEvent, TerminalInputMessage, TerminalOutputMessage } from './terminal-sessions.repository';

type OutputListener = (event: TerminalEvent) => void;
type InputHandler = (message: TerminalInputMessage) => void;

/**
 * The one terminal subscriber of this API process: input for the PTYs it owns, and output for
 * the sockets it serves, whatever the number of sessions and browsers.
 */
@Injectable()
export class TerminalBus implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(TerminalBus.name);
  private readonly followers = new Map<string, Set<OutputListener>>();
  private inputHandler?: InputHandler;
  private connection?: Redis;

  constructor(
    private readonly connections: RedisConnections,
    private readonly keys: RedisKeys,
  ) {}

  onModuleInit(): void {
    const connection = this.connections.dedicated('terminals');
    connection.on('message', (channel: string, raw: string) => this.dispatch(channel, raw));
    // Queued until connected; a Redis outage at boot must not hold the API back.
    connection.subscribe(this.keys.terminalInput, this.keys.terminalOutputChannel).catch((err: Error) => {
      this.logger.warn(`terminal subscribe failed: ${err.message}`);
    });
    this.connection = connection;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.connection) await this.connections.close(this.connection);
  }

  /** The owner's single handler of input, resize and kill requests (for any session). */
  onInput(handler: InputHandler): void {
    this.inputHandler = handler;
  }

  /** Output events of one session as they are appended, until unsubscribed. */
  follow(id: string, listener: OutputListener): () => void {
    let listeners = this.followers.get(id);
    if (!listeners) this.followers.set(id, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.followers.delete(id);
    };
  }

  private dispatch(channel: string, raw: string): void {
    try {
      if (channel === this.keys.terminalInput) {
        this.inputHandler?.(JSON.parse(raw) as TerminalInputMessage);
        return;
      }
      const { id, ...event } = JSON.parse(raw) as TerminalOutputMessage;
      for (const listener of [...(this.followers.get(id) ?? [])]) listener(event);
    } catch (err) {
      this.logger.error(`terminal message on ${channel} failed: ${(err as Error).message}`);
    }
  }
}
