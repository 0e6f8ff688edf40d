import { ClientRequest, IncomingHttpHeaders, IncomingMessage, request as httpRequest } from 'node:http';

/** A `text/event-stream` client: sends any header, sees comments and the server's close. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

export interface LogEventData {
  seq: number;
  stream: string;
  text: string;
  ts: string;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  /** true once the server has ended the response */
  serverClosed = false;
  private readonly changeListeners = new Set<() => void>();
  private closedByClient = false;

  private constructor(
    private readonly req: ClientRequest,
    private readonly res: IncomingMessage,
  ) {}

  get status(): number {
    return this.res.statusCode ?? 0;
  }

  get headers(): IncomingHttpHeaders {
    return this.res.headers;
  }

  /** Opens the stream and fails unless the server answers 200. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = await SseClient.request(url, headers);
    if (client.status !== 200)
      throw new Error(`SSE ${url} answered ${client.status}: ${JSON.stringify(await client.json())}`);
    return client;
  }

  /**
   * Like open, but any status is returned (error bodies are JSON). Plain node:http with no agent:
   * one socket per client, closed for real by close() (fetch's pool would keep or reopen sockets).
   */
  static request(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(url, { agent: false, headers: { Accept: 'text/event-stream', ...headers } });
      req.on('error', reject);
      req.on('response', (res) => {
        const client = new SseClient(req, res);
        if (res.statusCode === 200) client.pump();
        resolve(client);
      });
      req.end();
    });
  }

  /** The body of a non-200 answer. */
  async json(): Promise<unknown> {
    let text = '';
    for await (const chunk of this.res) text += String(chunk);
    return JSON.parse(text);
  }

  /** Data of every `log` event so far, parsed. */
  get logs(): LogEventData[] {
    return this.events.filter((e) => e.event === 'log').map((e) => JSON.parse(e.data) as LogEventData);
  }

  get logSeqs(): number[] {
    return this.logs.map((l) => l.seq);
  }

  named(event: string): SseEvent[] {
    return this.events.filter((e) => e.event === event);
  }

  /** Resolves once `done()` holds; rejects with what was received when it does not in time. */
  waitFor(done: (c: SseClient) => boolean, timeoutMs = 5_000): Promise<void> {
    if (done(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done(this)) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `SSE condition not met in ${timeoutMs} ms; closed=${this.serverClosed}; events: ` +
              JSON.stringify(this.events.slice(-20)),
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.changeListeners.delete(check);
      };
      this.changeListeners.add(check);
    });
  }

  waitForClose(timeoutMs = 5_000): Promise<void> {
    return this.waitFor((c) => c.serverClosed, timeoutMs);
  }

  close(): void {
    this.closedByClient = true;
    this.req.destroy();
  }

  private pump(): void {
    let buffer = '';
    let current: Partial<SseEvent> = {};
    this.res.setEncoding('utf8');
    this.res.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (current.data !== undefined) {
            this.events.push({ event: current.event ?? 'message', data: current.data, id: current.id });
          }
          current = {};
        } else if (line.startsWith(':')) {
          this.comments.push(line.slice(1).trim());
        } else {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'data')
            current.data = current.data === undefined ? value : `${current.data}\n${value}`;
          else if (field === 'event') current.event = value;
          else if (field === 'id') current.id = value;
        }
      }
      this.notify();
    });
    // 'close' covers both a clean end and the server cutting the connection.
    this.res.on('close', () => {
      this.serverClosed = !this.closedByClient;
      this.notify();
    });
    this.res.on('error', () => undefined);
  }

  private notify(): void {
    for (const listener of [...this.changeListeners]) listener();
  }
}
