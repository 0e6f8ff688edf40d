import { onMounted, ref } from 'vue';
import { ApiError } from '../../../api/client';
import { getReadiness } from '../../../api/health.api';

export type ServerHealth =
  { state: 'checking' } | { state: 'ready' } | { state: 'unavailable'; message: string };

/** Asks the server once, on mount, whether it can reach PostgreSQL and Redis. */
export function useServerHealth() {
  const health = ref<ServerHealth>({ state: 'checking' });

  async function check(): Promise<void> {
    health.value = { state: 'checking' };
    try {
      await getReadiness();
      health.value = { state: 'ready' };
    } catch (err) {
      const message = err instanceof ApiError ? err.message : 'The server cannot be reached.';
      health.value = { state: 'unavailable', message };
    }
  }

  onMounted(check);
  return { health, check };
}
