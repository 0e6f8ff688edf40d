import { type Ref, ref } from 'vue';

export interface Action {
  /** true while an action runs: buttons that start another one are disabled */
  busy: Ref<boolean>;
  /** the last action's failure, for an ErrorBanner; cleared when the next one starts */
  error: Ref<unknown>;
  act: (action: () => Promise<unknown>) => Promise<void>;
}

/** Runs a view's actions one way: a failure lands in `error` for the banner instead of rejecting. */
export function useAction(): Action {
  const busy = ref(false);
  const error = ref<unknown>(null);

  async function act(action: () => Promise<unknown>): Promise<void> {
    busy.value = true;
    error.value = null;
    try {
      await action();
    } catch (err) {
      error.value = err;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, act };
}
