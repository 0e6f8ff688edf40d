export interface MicroBatcherOptions<I> {
  /** Batches running at once; callers arriving meanwhile wait and share the next batch. */
  maxConcurrent: number;
  maxItems: number;
  /** A batch also closes once its items weigh this much (with `weigh`); it always takes one item. */
  maxWeight?: number;
  weigh?: (item: I) => number;
}

interface Waiting<I, O> {
  item: I;
  resolve(result: O): void;
  reject(err: unknown): void;
}

/**
 * Group commit for round trips: callers that arrive together, or while earlier batches are still
 * running, share one call of `run` (one statement, one pipeline). A call made at low load goes out
 * at once (after the current I/O phase, so requests read in the same loop turn still share it);
 * under load batches grow instead of round trips queueing up.
 *
 * `run` answers item by item, in order. When a batch fails, its items are tried one by one, so
 * one bad item (a value the database refuses) fails only its own caller: `run` must therefore be
 * all-or-nothing (one statement) or idempotent (jobs keyed by id).
 */
export class MicroBatcher<I, O> {
  private pending: Waiting<I, O>[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly options: MicroBatcherOptions<I>,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.options.maxConcurrent || this.pending.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.running < this.options.maxConcurrent && this.pending.length > 0) {
        const batch = this.take();
        this.running++;
        void this.execute(batch).finally(() => {
          this.running--;
          this.schedule();
        });
      }
    });
  }

  private take(): Waiting<I, O>[] {
    const { maxItems, maxWeight = Infinity, weigh } = this.options;
    let count = 0;
    let weight = 0;
    while (count < this.pending.length && count < maxItems) {
      weight += weigh ? weigh(this.pending[count].item) : 0;
      if (count > 0 && weight > maxWeight) break;
      count++;
    }
    return this.pending.splice(0, count);
  }

  private async execute(batch: Waiting<I, O>[]): Promise<void> {
    try {
      const results = await this.run(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      await Promise.all(batch.map((w) => this.run([w.item]).then(([result]) => w.resolve(result), w.reject)));
    }
  }
}
