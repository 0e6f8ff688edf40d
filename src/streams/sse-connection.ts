import { ServerResponse } from 'node:http';

export interface SseOptions {
  heartbeatMs: number;
  /** A client that lets more than this pile up unsent is cut off; it resumes with Last-Event-ID. */
  maxBufferedBytes: number;
}

/** How many characters of frames are joined into one write. */
const WRITE_CHARS = 64 * 1024;

/** Frames joined into chunks of up to WRITE_CHARS (a longer frame is a chunk of its own). */
function* chunksOf(frames: string[]): Generator<string> {
  let chunk = '';
  for (const frame of frames) {
    if (chunk.length > 0 && chunk.length + frame.length > WRITE_CHARS) {
      yield chunk;
      chunk = '';
    }
    chunk += frame;
  }
  if (chunk.length > 0) yield chunk;
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

  /**
   * Whether frames written in one turn (all of it stays buffered until the turn ends) keep well
   * under what a client may have waiting: half of it. Node counts a string by its characters.
   */
  fitsAtOnce(frames: string[]): boolean {
    let chars = 0;
    for (const frame of frames) chars += frame.length;
    return chars <= this.options.maxBufferedBytes / 2;
  }

  /**
   * Frames built by `sseFrame`, joined into writes of up to WRITE_CHARS: what one read of the
   * live stream brought is a few writes, not one per line.
   */
  sendFrames(frames: string[]): void {
    for (const chunk of chunksOf(frames)) this.write(chunk);
  }

  /**
   * Like sendFrames, but each write waits until the client has taken the one before: for pages of
   * history, which may be far larger than a client is allowed to have waiting (everything written
   * in one turn stays buffered until the turn ends).
   */
  async sendFramesPaced(frames: string[]): Promise<void> {
    for (const chunk of chunksOf(frames)) {
      if (!this.open) return;
      this.write(chunk);
      await this.drained();
    }
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
