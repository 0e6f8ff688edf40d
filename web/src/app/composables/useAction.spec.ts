import { describe, expect, it } from 'vitest';
import { useAction } from './useAction';

describe(useAction.name, () => {
  it('should be busy while the action runs and keep its failure for the banner', async () => {
    const { busy, error, act } = useAction();
    const failure = new Error('nope');
    let fail!: (err: Error) => void;
    const running = act(() => new Promise((_, reject) => (fail = reject)));
    expect(busy.value).toBe(true);

    fail(failure);
    await running;
    expect(busy.value).toBe(false);
    expect(error.value).toBe(failure);
  });

  it('should clear the previous failure when the next action starts', async () => {
    const { error, act } = useAction();
    await act(() => Promise.reject(new Error('first')));
    await act(() => Promise.resolve());
    expect(error.value).toBeNull();
  });
});
