import { createRequire } from 'node:module';

/** The members of a `ws` client the tests use; `ws` ships no types and @types/ws is not installed. */
interface WsClient {
  send(data: string): void;
  close(): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'open', listener: () => void): void;
  on(event: 'close', listener: (code: number) => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  on(event: 'unexpected-response', listener: (req: unknown, res: { statusCode: number }) => void): void;
}

const WebSocketClient = createRequire(__filename)('ws') as new (url: string) => WsClient;

export interface TestSocket {
  /** every output frame so far, concatenated */
  readonly output: string;
  send(data: string): void;
  /** resolves with the output once `text` appears in it */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  /** resolves with the close code */
  closed: Promise<number>;
  close(): void;
}

/** Opens a WebSocket; rejects with the HTTP status when the server refuses the upgrade. */
export function openSocket(url: string): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocketClient(url);
    let output = '';
    const waiters = new Set<() => void>();
    const closed = new Promise<number>((done) => ws.on('close', (code) => done(code)));
    ws.on('message', (data) => {
      output += data.toString('utf8');
      for (const check of [...waiters]) check();
    });
    ws.on('unexpected-response', (_req, res) => reject(new RefusedError(res.statusCode)));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        get output() {
          return output;
        },
        send: (data) => ws.send(data),
        close: () => ws.close(),
        closed,
        waitFor: (text, timeoutMs = 5_000) =>
          new Promise((found, fail) => {
            const check = () => {
              const hit = typeof text === 'string' ? output.includes(text) : text.test(output);
              if (!hit) return;
              waiters.delete(check);
              clearTimeout(timer);
              found(output);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(
                new Error(
                  `${String(text)} not seen within ${timeoutMs} ms; output: ${JSON.stringify(output)}`,
                ),
              );
            }, timeoutMs);
            waiters.add(check);
            check();
          }),
      }),
    );
  });
}

export class RefusedError extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}
