import { onMounted, onUnmounted, ref, watch } from 'vue';
import { listExecutions } from '../../../api/executions.api';
import { errorMessage } from '../../../app/format';
import { useExecutionsStore } from '../../executions/executions.store';
import type { ExecutionStatus } from '../../executions/executions.types';

/** The API pages at most this many; a count that reaches it shows as "200+". */
const COUNT_LIMIT = 200;
const RECENT_MS = 24 * 60 * 60 * 1000;
/** Status changes can come by the hundred: count again at most this often. */
const RECOUNT_DELAY_MS = 1000;

export interface ExecutionCount {
  count: number;
  capped: boolean;
}

export interface ExecutionCounts {
  running: ExecutionCount;
  queued: ExecutionCount;
  /** failed or timed out in the last 24 hours */
  failed: ExecutionCount;
}

async function countOf(status: ExecutionStatus, since?: number): Promise<ExecutionCount> {
  const page = await listExecutions({ status, limit: COUNT_LIMIT });
  const items = since === undefined ? page.items : page.items.filter((e) => Date.parse(e.queuedAt) >= since);
  return { count: items.length, capped: page.nextCursor !== null && items.length === page.items.length };
}

/** Running, queued and recently failed executions, counted again when statuses change. */
export function useExecutionCounts() {
  const counts = ref<ExecutionCounts | null>(null);
  const problem = ref('');
  const executions = useExecutionsStore();
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function count(): Promise<void> {
    try {
      const since = Date.now() - RECENT_MS;
      const [running, queued, failed, timedOut] = await Promise.all([
        countOf('running'),
        countOf('queued'),
        countOf('failed', since),
        countOf('timed_out', since),
      ]);
      counts.value = {
        running,
        queued,
        failed: { count: failed.count + timedOut.count, capped: failed.capped || timedOut.capped },
      };
      problem.value = '';
    } catch (err) {
      problem.value = errorMessage(err);
    }
  }

  watch(
    () => executions.changes,
    () => {
      clearTimeout(timer);
      timer = setTimeout(() => void count(), RECOUNT_DELAY_MS);
    },
  );
  onMounted(count);
  onUnmounted(() => clearTimeout(timer));
  return { counts, problem, count };
}
