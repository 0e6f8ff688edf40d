import { getCurrentScope, onScopeDispose, readonly, ref } from 'vue';

export type EventSourceState = 'connecting' | 'open' | 'closed';

export interface EventSourceOptions {
  /** Built anew for every connection: a fresh access token, and where to resume. */
  url: () => Promise<string> | string;
  /** Named SSE events (`event: log` → `log`) and what to do with their parsed `data`. */
  on: Record<string, (data: unknown, event: MessageEvent<string>) => void>;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * The app's one way to follow a server-sent event stream. The browser's EventSource retries a
 * dropped connection by itself (and sends Last-Event-ID); once it gives up (an error answer such
 * as an expired token's 401), this opens a new one after a growing pause. It closes with the
 * component or scope that opened it.
 */
export function useEventSource(options: EventSourceOptions) {
  const initialBackoff = options.initialBackoffMs ?? 1000;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const state = ref<EventSourceState>('closed');
  let source: EventSource | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let backoff = initialBackoff;
  /** false once close() is called: nothing reconnects after that */
  let wanted = false;
  /** tells a url() still resolving that it belongs to a connection that was given up */
  let generation = 0;

  function listen(es: EventSource): void {
    for (const [name, handler] of Object.entries(options.on)) {
      es.addEventListener(name, (event) => {
        const message = event as MessageEvent<string>;
        let data: unknown;
        try {
          data = JSON.parse(message.data);
        } catch {
          return;
        }
        handler(data, message);
      });
    }
  }

  async function open(): Promise<void> {
    const mine = ++generation;
    state.value = 'connecting';
    let url: string;
    try {
      url = await options.url();
    } catch {
      scheduleReconnect();
      return;
    }
    if (!wanted || mine !== generation) return;
    const es = new EventSource(url);
    source = es;
    es.onopen = () => {
      backoff = initialBackoff;
      state.value = 'open';
    };
    es.onerror = () => {
      // CONNECTING: the browser is already retrying. CLOSED: it gave up, so it is our turn.
      if (es.readyState === EventSource.CLOSED) scheduleReconnect();
      else state.value = 'connecting';
    };
    listen(es);
  }

  function scheduleReconnect(): void {
    source?.close();
    source = null;
    if (!wanted) return;
    state.value = 'connecting';
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void open(), backoff);
    backoff = Math.min(backoff * 2, maxBackoff);
  }

  function connect(): void {
    close();
    wanted = true;
    backoff = initialBackoff;
    void open();
  }

  function close(): void {
    wanted = false;
    generation++;
    clearTimeout(retryTimer);
    source?.close();
    source = null;
    state.value = 'closed';
  }

  if (getCurrentScope()) onScopeDispose(close);

  return { state: readonly(state), connect, close };
}
