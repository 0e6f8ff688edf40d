import { ref, shallowRef } from 'vue';
import { freshAccessToken } from '../../../api/client';
import { executionStreamUrl } from '../../../api/executions.api';
import { useEventSource } from '../../../app/composables/useEventSource';
import { type AnsiSegment, parseAnsi } from '../ansi';
import type { EndEvent, LogLine, StatusEvent } from '../executions.types';
import { endEventSchema, logLineSchema, parsed, statusEventSchema } from '../stream-events';

export interface RenderedLine {
  seq: number;
  stream: LogLine['stream'];
  ts: string;
  segments: AnsiSegment[];
}

export interface ExecutionLogOptions {
  /** The page keeps at most this many lines; older ones leave the DOM (the API still has them). */
  maxLines?: number;
  onStatus?: (event: StatusEvent) => void;
  onEnd?: (event: EndEvent) => void;
}

const DEFAULT_MAX_LINES = 5000;

// Lines can arrive by the thousand per second on a replay: render once per frame, not per line.
const nextFrame: (cb: () => void) => void =
  typeof requestAnimationFrame === 'function'
    ? (cb) => requestAnimationFrame(cb)
    : (cb) => setTimeout(cb, 16);

/**
 * Follows an execution's live log: every line once, in seq order, whatever the reconnects.
 * The server resumes after the last seq it is told; a line at or below it is a repeat and dropped.
 */
export function useExecutionLog(executionId: string, options: ExecutionLogOptions = {}) {
  const maxLines = options.maxLines ?? DEFAULT_MAX_LINES;
  const lines = shallowRef<RenderedLine[]>([]);
  /** lines received but no longer kept on the page */
  const hiddenLines = ref(0);
  const end = ref<EndEvent | null>(null);
  let lastSeq = 0;
  let pending: RenderedLine[] = [];
  let flushing = false;

  function flush(): void {
    flushing = false;
    if (pending.length === 0) return;
    const all = lines.value.concat(pending);
    pending = [];
    const excess = Math.max(0, all.length - maxLines);
    hiddenLines.value += excess;
    lines.value = excess > 0 ? all.slice(excess) : all;
  }

  function append(line: LogLine): void {
    if (line.seq <= lastSeq) return;
    lastSeq = line.seq;
    pending.push({ seq: line.seq, stream: line.stream, ts: line.ts, segments: parseAnsi(line.text) });
    if (!flushing) {
      flushing = true;
      nextFrame(flush);
    }
  }

  const stream = useEventSource({
    // A new connection resumes after the last line shown (the browser's own retries send Last-Event-ID).
    url: async () => executionStreamUrl(executionId, await freshAccessToken(), lastSeq),
    on: {
      log: (data) => {
        const line = parsed(logLineSchema, 'log', data);
        if (line) append(line);
      },
      status: (data) => {
        const event = parsed(statusEventSchema, 'status', data);
        if (event) options.onStatus?.(event);
      },
      end: (data) => {
        // The server closes the stream after this; it must not be reopened.
        stream.close();
        flush();
        const event = parsed(endEventSchema, 'end', data);
        if (!event) return;
        end.value = event;
        options.onEnd?.(event);
      },
    },
  });
  stream.connect();

  return { lines, hiddenLines, end, state: stream.state, close: stream.close };
}
