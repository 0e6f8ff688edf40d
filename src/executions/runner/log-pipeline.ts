import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { LogStream } from '../../database/database.types';
import { LogLine } from '../../live-log/log-stream.codec';
import { LineSplitter, splitBytes } from './line-splitter';
import { SecretMasker } from './secret-masker';

export type OutputStream = Exclude<LogStream, 'system'>;

/** What the log shows for a line of output: readable text, and the line as printed when it differs. */
export interface LogEntry {
  text: string;
  raw?: string;
}

/** Reads a process's output lines (complete, masked) and says what the log shows for each. */
export interface LineInterpreter {
  line(stream: OutputStream, text: string): LogEntry[];
  /** the output ended: whatever the interpreter still holds */
  end(): LogEntry[];
}

/**
 * A CLI's JSON event can be far longer than a log line (a tool result with a whole file): it is
 * read whole up to this size, and its readable lines are capped instead.
 */
const INTERPRETED_LINE_MAX_BYTES = 1024 * 1024;

/**
 * While Redis or PostgreSQL is away, lines wait in the worker. Past this much for one execution
 * its output is paused (the process blocks on a full pipe) rather than the worker's memory
 * growing with the outage; nothing is dropped, the run goes on when the sink is back.
 */
const DEFAULT_MAX_PENDING_BYTES = 8 * 1024 * 1024;

/**
 * How often an execution's lines go to PostgreSQL by default: about once a second, each execution
 * at its own pace between 0.5 and 1.5 s. Executions started together (a webhook fanning out to many
 * bots) would otherwise flush in the same event-loop turn every second, and every live line in
 * the worker waited behind those inserts (B2 in bench/README.md: p99 18–31 → 9–16 ms).
 */
const recordFlushMs = (): number => 500 + Math.floor(Math.random() * 1_000);

/** Where an execution's lines go: the live Redis stream and the PostgreSQL record. */
export interface LogSinks {
  /** Appends to the live stream; entry ids must rise, so lines are sent in seq order, one batch at a time. */
  live(lines: LogLine[]): Promise<void>;
  /** The highest seq already in the live stream (a failed batch may have been partly applied). */
  liveLastSeq(): Promise<number>;
  /** Idempotent insert: resending a batch after an error is safe. */
  record(lines: LogLine[]): Promise<void>;
}

export interface LogPipelineOptions {
  maxLineBytes: number;
  /** every line, of every stream, passes through it before it goes anywhere */
  masker?: SecretMasker;
  liveFlushMs?: number;
  liveBatchMax?: number;
  recordFlushMs?: number;
  recordBatchMax?: number;
  retryMs?: number;
  /** how many times the final flush of each sink is tried before giving up */
  closeAttempts?: number;
  /**
   * Bytes of lines a sink may hold unsent before `onBackpressure(true)` asks for the output to
   * pause; `onBackpressure(false)` follows once both sinks are down to half of it again.
   */
  maxPendingBytes?: number;
  onBackpressure?: (paused: boolean) => void;
  onError?: (sink: 'live' | 'record', err: unknown) => void;
  now?: () => number;
}

interface BatcherOptions {
  intervalMs: number;
  maxBatch: number;
  /** pending lines weighing this much are sent without waiting for the tick */
  maxBatchBytes: number;
  retryMs: number;
  send(lines: LogLine[]): Promise<void>;
  /** after a send that succeeded */
  onSent?: () => void;
  /** after a failed send: the highest seq the sink already holds */
  resync?: () => Promise<number>;
  onError(err: unknown): void;
}

/** About how much a line weighs: characters of its text and raw text. */
const sizeOf = (line: LogLine) => line.text.length + (line.raw?.length ?? 0);

/**
 * Collects lines for one sink and sends them in batches: a tick after the first pending line (or at
 * once when a batch is full), one send in flight at a time, failed batches kept and retried.
 */
class Batcher {
  private pending: LogLine[] = [];
  private bytes = 0;
  private timer?: NodeJS.Timeout;
  private sending?: Promise<void>;
  private needsResync = false;
  private closed = false;

  constructor(private readonly opts: BatcherOptions) {}

  /** A batch's worth is waiting: send now rather than at the next tick. */
  private get full(): boolean {
    return this.pending.length >= this.opts.maxBatch || this.bytes >= this.opts.maxBatchBytes;
  }

  /** About how much the unsent lines weigh (characters of text and raw). */
  get pendingBytes(): number {
    return this.bytes;
  }

  add(line: LogLine): void {
    this.pending.push(line);
    this.bytes += sizeOf(line);
    this.schedule(this.full ? 0 : this.opts.intervalMs);
  }

  /** Stops ticking and sends everything still pending, retrying a few times. */
  async drain(attempts: number): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    for (let attempt = 1; ; attempt++) {
      try {
        while (this.pending.length > 0) await this.sendNext();
        return;
      } catch (err) {
        if (attempt >= attempts) throw err;
        await sleep(this.opts.retryMs);
      }
    }
  }

  /**
   * Stops ticking and hands what is still pending (after sending what exceeds one batch) to `last`
   * instead of `send`, retrying a few times: a sink's final write with the caller's own.
   */
  async drainInto<T>(attempts: number, last: (lines: LogLine[]) => Promise<T>): Promise<T> {
    this.closed = true;
    clearTimeout(this.timer);
    for (let attempt = 1; ; attempt++) {
      try {
        // A send in flight still holds its lines in `pending`; a failed one leaves them there.
        await this.sending?.catch(() => undefined);
        while (this.pending.length > this.opts.maxBatch) await this.sendNext();
        const result = await last([...this.pending]);
        this.take(this.pending.length);
        return result;
      } catch (err) {
        if (attempt >= attempts) throw err;
        await sleep(this.opts.retryMs);
      }
    }
  }

  private schedule(ms: number): void {
    // A send in flight reschedules itself when it ends; an earlier tick already covers a later one.
    if (this.closed || this.sending || (this.timer && ms > 0)) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    try {
      await this.sendNext();
    } catch (err) {
      this.opts.onError(err);
      if (!this.closed) this.timer = setTimeout(() => void this.tick(), this.opts.retryMs);
      return;
    }
    if (this.pending.length > 0) {
      this.schedule(this.full ? 0 : this.opts.intervalMs);
    }
  }

  private sendNext(): Promise<void> {
    this.sending ??= this.send().finally(() => (this.sending = undefined));
    return this.sending;
  }

  private async send(): Promise<void> {
    if (this.needsResync && this.opts.resync) {
      const top = await this.opts.resync();
      // Lines are pending in seq order: the ones the sink already holds are a prefix.
      const kept = this.pending.findIndex((l) => l.seq > top);
      this.take(kept === -1 ? this.pending.length : kept);
      this.needsResync = false;
    }
    const batch = this.pending.slice(0, this.opts.maxBatch);
    if (batch.length === 0) return;
    try {
      await this.opts.send(batch);
    } catch (err) {
      this.needsResync = true;
      throw err;
    }
    this.take(batch.length);
    this.opts.onSent?.();
  }

  /** Drops the first `count` pending lines: they reached the sink. */
  private take(count: number): void {
    for (const line of this.pending.splice(0, count)) this.bytes -= sizeOf(line);
  }
}

/**
 * One execution's output: lines from stdout, stderr and the worker itself get the next `seq`
 * (one sequence across all three) and go to Redis every few milliseconds and to PostgreSQL
 * about once a second, never one round trip per line.
 */
export class LogPipeline {
  private seq: number;
  private splitters: Record<OutputStream, LineSplitter>;
  private interpreter?: LineInterpreter;
  private readonly live: Batcher;
  private readonly record: Batcher;
  private readonly now: () => number;
  private readonly closeAttempts: number;
  private readonly maxLineBytes: number;
  private readonly masker: SecretMasker;
  private readonly maxPendingBytes: number;
  private readonly onBackpressure: (paused: boolean) => void;
  private paused = false;

  constructor(startSeq: number, sinks: LogSinks, opts: LogPipelineOptions) {
    this.seq = startSeq;
    this.now = opts.now ?? Date.now;
    this.closeAttempts = opts.closeAttempts ?? 5;
    this.maxLineBytes = opts.maxLineBytes;
    this.masker = opts.masker ?? SecretMasker.none;
    this.splitters = this.newSplitters(opts.maxLineBytes);
    const retryMs = opts.retryMs ?? 500;
    const onError = opts.onError ?? (() => undefined);
    this.maxPendingBytes = opts.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES;
    this.onBackpressure = opts.onBackpressure ?? (() => undefined);
    const onSent = () => this.resumeIfDrained();
    this.live = new Batcher({
      // Browsers watch these: a line waits at most 2 ms for company. Lines arriving during a send
      // in flight still go out together, so batches grow with load (B2 in bench/README.md).
      intervalMs: opts.liveFlushMs ?? 2,
      maxBatch: opts.liveBatchMax ?? 500,
      maxBatchBytes: this.maxPendingBytes / 4,
      retryMs,
      send: (lines) => sinks.live(lines),
      resync: () => sinks.liveLastSeq(),
      onSent,
      onError: (err) => onError('live', err),
    });
    this.record = new Batcher({
      intervalMs: opts.recordFlushMs ?? recordFlushMs(),
      maxBatch: opts.recordBatchMax ?? 5_000,
      // A chatty process fills this long before the tick; it must not have to wait for it.
      maxBatchBytes: this.maxPendingBytes / 4,
      retryMs,
      send: (lines) => sinks.record(lines),
      onSent,
      onError: (err) => onError('record', err),
    });
  }

  /** The seq of the last line so far: a status event written now goes after it. */
  get lastSeq(): number {
    return this.seq;
  }

  /**
   * From now on output lines go through `interpreter` (a CLI's output; what ran before it, like a
   * clone, is logged as it is). Call it between processes, after `endOutput()`.
   */
  interpret(interpreter: LineInterpreter): void {
    this.interpreter = interpreter;
    this.splitters = this.newSplitters(Math.max(INTERPRETED_LINE_MAX_BYTES, this.maxLineBytes));
  }

  write(stream: OutputStream, chunk: Buffer): void {
    for (const text of this.splitters[stream].push(chunk)) this.output(stream, text);
  }

  /** The streams ended: their unterminated last lines become lines too. */
  endOutput(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      for (const text of this.splitters[stream].end()) this.output(stream, text);
    }
    for (const entry of this.interpreter?.end() ?? []) this.addEntry('stdout', entry);
  }

  /** A line from the worker itself ("started: …", "exit code 1", "git clone failed: …"). */
  system(text: string): void {
    this.add('system', this.masker.mask(text));
  }

  /** Sends everything still pending to both sinks; throws the first error after trying both. */
  async close(): Promise<void> {
    const results = await Promise.allSettled([
      this.record.drain(this.closeAttempts),
      this.live.drain(this.closeAttempts),
    ]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * Like close(), but the record's remaining lines go to `last`, which stores them with what the
   * caller writes at the end (an execution's final row): one commit instead of two. The live
   * sink settles on its own, so that a line missing there never keeps the row from being written.
   * The row's statement is built a turn later, once the last live lines are on their way: when many
   * executions end together, their viewers get those lines before the worker builds every row
   * (B2 in bench/README.md: the slowest line of a run, median of seven, 42 → 33 ms).
   */
  closeWith<T>(last: (lines: LogLine[]) => Promise<T>): { recorded: Promise<T>; live: Promise<void> } {
    const live = this.live.drain(this.closeAttempts);
    const recorded = nextTurn().then(() => this.record.drainInto(this.closeAttempts, last));
    return { recorded, live };
  }

  private newSplitters(maxBytes: number): Record<OutputStream, LineSplitter> {
    return {
      stdout: new LineSplitter(maxBytes, this.masker),
      stderr: new LineSplitter(Math.min(maxBytes, this.maxLineBytes), this.masker),
    };
  }

  private output(stream: OutputStream, text: string): void {
    if (!this.interpreter) return this.add(stream, text);
    for (const entry of this.interpreter.line(stream, text)) this.addEntry(stream, entry);
  }

  /**
   * An interpreted line: masked again (JSON parsing may have turned an escaped value back into
   * the plain one), its text capped like any line, the raw text kept beside the first piece.
   */
  private addEntry(stream: LogStream, entry: LogEntry): void {
    const pieces = splitBytes(this.masker.mask(entry.text), this.maxLineBytes);
    const raw =
      entry.raw === undefined ? undefined : splitBytes(this.masker.mask(entry.raw), this.maxLineBytes)[0];
    pieces.forEach((text, i) => this.add(stream, text, i === 0 && raw !== text ? raw : undefined));
  }

  /**
   * Text here is already masked, once, where it came in: by the line splitter (output), by
   * addEntry (interpreted output) or by system(). A second pass per line would only cost.
   */
  private add(stream: LogStream, text: string, raw?: string): void {
    const line: LogLine = { seq: ++this.seq, stream, text, ts: this.now() };
    if (raw !== undefined) line.raw = raw;
    this.live.add(line);
    this.record.add(line);
    if (!this.paused && this.backlogBytes > this.maxPendingBytes) {
      this.paused = true;
      this.onBackpressure(true);
    }
  }

  /** What the sink furthest behind still holds. */
  private get backlogBytes(): number {
    return Math.max(this.live.pendingBytes, this.record.pendingBytes);
  }

  private resumeIfDrained(): void {
    if (!this.paused) return;
    if (this.backlogBytes > this.maxPendingBytes / 2) return;
    this.paused = false;
    this.onBackpressure(false);
  }
}
