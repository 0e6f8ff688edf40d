import { describe, expect, it, vi } from 'vitest';
import { MicroBatcher } from './micro-batcher';

const double = async (items: number[]) => items.map((n) => n * 2);

describe(MicroBatcher.name, () => {
  it('should answer each caller with its own result', async () => {
    const batcher = new MicroBatcher(double, { maxConcurrent: 1, maxItems: 10 });
    await expect(Promise.all([1, 2, 3].map((n) => batcher.add(n)))).resolves.toEqual([2, 4, 6]);
  });

  it('should run callers that arrive together as one batch', async () => {
    const run = vi.fn(double);
    const batcher = new MicroBatcher(run, { maxConcurrent: 1, maxItems: 10 });
    await Promise.all([1, 2, 3].map((n) => batcher.add(n)));
    expect(run.mock.calls).toEqual([[[1, 2, 3]]]);
  });

  it('should gather callers that arrive while a batch runs into the next one', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const run = vi.fn(async (items: number[]) => {
      if (items.includes(1)) await gate;
      return double(items);
    });
    const batcher = new MicroBatcher(run, { maxConcurrent: 1, maxItems: 10 });
    const first = batcher.add(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((n) => batcher.add(n));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(run).toHaveBeenCalledTimes(1);
    release();
    await Promise.all([first, ...later]);
    expect(run.mock.calls).toEqual([[[1]], [[2, 3, 4]]]);
  });

  it('should cap a batch by item count and by weight', async () => {
    const run = vi.fn(double);
    const byCount = new MicroBatcher(run, { maxConcurrent: 5, maxItems: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => byCount.add(n)));
    expect(run.mock.calls).toEqual([[[1, 2]], [[3, 4]], [[5]]]);

    run.mockClear();
    const byWeight = new MicroBatcher(run, {
      maxConcurrent: 5,
      maxItems: 10,
      maxWeight: 10,
      weigh: (n) => n,
    });
    await Promise.all([4, 5, 20, 1].map((n) => byWeight.add(n)));
    expect(run.mock.calls).toEqual([[[4, 5]], [[20]], [[1]]]);
  });

  it('should retry a failed batch item by item so only the bad item fails', async () => {
    const run = vi.fn(async (items: number[]) => {
      if (items.includes(13)) throw new Error('unlucky');
      return double(items);
    });
    const batcher = new MicroBatcher(run, { maxConcurrent: 1, maxItems: 10 });
    const results = await Promise.allSettled([1, 13, 3].map((n) => batcher.add(n)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: new Error('unlucky') },
      { status: 'fulfilled', value: 6 },
    ]);
  });
});
