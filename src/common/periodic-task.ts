import { Logger } from '@nestjs/common';

/**
 * Runs `task` every `intervalMs`, never two at once; a failing run is logged (once per streak of
 * failures, so an outage doesn't flood the log) and the next one is tried on time.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly task: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.schedule(this.intervalMs);
  }

  /** Runs once now (awaited), then every interval. */
  async startNow(): Promise<void> {
    await this.tick();
  }

  /** No new runs; waits for the one in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    this.running = this.task().then(
      () => {
        if (this.failing) this.logger.log(`${this.name}: recovered`);
        this.failing = false;
      },
      (err: unknown) => {
        if (!this.failing)
          this.logger.warn(`${this.name} failed: ${err instanceof Error ? err.message : err}`);
        this.failing = true;
      },
    );
    await this.running;
    this.running = undefined;
    this.schedule(this.intervalMs);
  }
}
