import { ServerResponse } from 'node:http';

export interface SseOptions {
  heartbeatMs: number;
  /** A client that lets more than this pile up unsent is cut off; it resumes with Last-Event-ID. */
  maxBufferedBytes: number;
}

/** One `text/event-stream` frame. Data is JSON: one line, so it never needs several `data:` fields. */
export function sseFrame(event: string, data: unknown, id?: number): string {
  const idLine = id === undefined ? '' : `id: ${id}\n`;
  return `event: ${event}\n${idLine}data: ${JSON.stringify(data)}\n\n`;
}

/** One open `text/event-stream` response: framing, heartbeats, backpressure and closing. */
export class SseConnection {
  private readonly closeListeners: (() => void)[] = [];
  private readonly heartbeat: NodeJS.Timeout;
  private open = true;

  constructor(
    private readonly raw: ServerResponse,
    private readonly options: SseOptions,
  ) {
    raw.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      // nginx and similar proxies would otherwise hold events back in their buffers
      'X-Accel-Buffering': 'no',
    });
    raw.flushHeaders();
    raw.on('close', () => this.closed());
    this.heartbeat = setInterval(() => this.write(': ping\n\n'), options.heartbeatMs);
  }

  get isOpen(): boolean {
    return this.open;
  }

  send(event: string, data: unknown, id?: number): void {
    this.write(sseFrame(event, data, id));
  }

  /** A frame built by `sseFrame`, e.g. one shared by every client following the same entry. */
  sendFrame(frame: string): void {
    this.write(frame);
  }

  /** Frames built by `sseFrame`, in one write: a page of history is one write, not a thousand. */
  sendFrames(frames: string[]): void {
    if (frames.length > 0) this.write(frames.join(''));
  }

  /** Resolves once the client has taken what was written (or is gone): for paced replays. */
  drained(): Promise<void> {
    if (!this.open || !this.raw.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.raw.off('drain', done);
        this.raw.off('close', done);
        resolve();
      };
      this.raw.on('drain', done);
      this.raw.on('close', done);
    });
  }

  onClose(listener: () => void): void {
    if (this.open) this.closeListeners.push(listener);
    else listener();
  }

  close(): void {
    if (this.open) this.raw.end();
    this.closed();
  }

  private write(chunk: string): void {
    if (!this.open) return;
    this.raw.write(chunk);
    if (this.raw.writableLength > this.options.maxBufferedBytes) {
      this.raw.destroy();
      this.closed();
    }
  }

  private closed(): void {
    if (!this.open) return;
    this.open = false;
    clearInterval(this.heartbeat);
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
