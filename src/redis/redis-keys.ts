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

  /** Set of the ids of workers that have beaten: where to look for heartbeat keys without a SCAN. */
  get workerIds(): string {
    return `${this.prefix}workers`;
  }

  /** Denylisted access-token id (jti), kept until the token would have expired anyway. */
  revokedToken(jti: string): string {
    return `${this.prefix}auth:revoked-token:${jti}`;
  }

  /** A signed-out or revoked session (refresh family): its access tokens stop working too. */
  revokedSession(sessionId: string): string {
    return `${this.prefix}auth:revoked-session:${sessionId}`;
  }

  /** A session seen not revoked in PostgreSQL (filled on a miss, so a flush of Redis costs one look). */
  liveSession(sessionId: string): string {
    return `${this.prefix}auth:live-session:${sessionId}`;
  }

  /** JSON: a user's current role and token cutoff, or that the user is gone; cached from PostgreSQL. */
  userStanding(userId: string): string {
    return `${this.prefix}auth:user:${userId}`;
  }

  /** A terminal session's record (JSON), kept alive by its owner's heartbeat. */
  terminalSession(id: string): string {
    return `${this.prefix}terminals:session:${id}`;
  }

  /** Set of terminal session ids; members whose record expired are pruned when listed. */
  get terminalIndex(): string {
    return `${this.prefix}terminals:index`;
  }

  /** One stream per terminal session: its output (capped scrollback), then an end marker. */
  terminalOutput(id: string): string {
    return `${this.prefix}terminals:output:${id}`;
  }

  /** Pub/sub: every terminal output entry as it is appended, for the replicas' open sockets. */
  get terminalOutputChannel(): string {
    return `${this.prefix}terminals:output`;
  }

  /** Pub/sub: input, resize and kill requests for a session; its owner applies them. */
  get terminalInput(): string {
    return `${this.prefix}terminals:input`;
  }

  /** The throttler's counters live under this (set as the key prefix of its connection). */
  get throttlePrefix(): string {
    return `${this.prefix}throttle:`;
  }
}
