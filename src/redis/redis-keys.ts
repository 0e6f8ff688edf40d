/** Every Redis key and channel name, under one prefix so replicas and test runs can share a server. */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** BullMQ adds `:<queue>:…` after this. */
  get bullPrefix(): string {
    return `${this.prefix}bull`;
  }

  /** One stream per execution: log lines, status changes and the end marker, in order. */
  logStream(executionId: string): string {
    return `${this.prefix}logs:${executionId}`;
  }

  /** Pub/sub: `{id, botId, status}` for every status change. */
  get eventsChannel(): string {
    return `${this.prefix}events`;
  }

  /** Pub/sub: execution ids whose running process must be stopped. */
  get cancelChannel(): string {
    return `${this.prefix}cancel`;
  }

  workerHeartbeat(workerId: string): string {
    return `${this.prefix}workers:${workerId}`;
  }

  get workersPattern(): string {
    return `${this.prefix}workers:*`;
  }
}
