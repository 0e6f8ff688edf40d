import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as api from '../../api/executions.api';
import type { Execution, ExecutionEvent, ExecutionFilters, StatusEvent } from './executions.types';

const PAGE_SIZE = 50;

const newestFirst = (a: Execution, b: Execution) =>
  b.queuedAt.localeCompare(a.queuedAt) || b.id.localeCompare(a.id);

function matches(execution: Execution | ExecutionEvent, filters: ExecutionFilters): boolean {
  return (
    (!filters.botId || execution.botId === filters.botId) &&
    (!filters.status || execution.status === filters.status)
  );
}

/** What a status event says about an execution; the stream sends absent numbers (cost, tokens) as null. */
function changedFields(event: ExecutionEvent | StatusEvent): Partial<Execution> {
  const fields: Partial<Execution> = { status: event.status };
  for (const key of ['attempt', 'exitCode', 'error', 'workerId', 'startedAt', 'finishedAt'] as const) {
    if (key in event) Object.assign(fields, { [key]: (event as StatusEvent)[key] });
  }
  return fields;
}

/**
 * Executions by id, the list the executions page shows (filters, cursor paging) and live status
 * changes from `/api/events` folded into both.
 */
export const useExecutionsStore = defineStore('executions', () => {
  const byId = ref<Record<string, Execution>>({});
  const listIds = ref<string[]>([]);
  const filters = ref<ExecutionFilters>({});
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  /** bumps on every status change seen, so counters elsewhere know to look again */
  const changes = ref(0);
  /** which list load is current, so an answer to an older filter is dropped */
  let listGeneration = 0;
  /** while the list is on screen, new executions that fit its filter join it */
  let listShown = false;

  /** The loaded list, newest first; an item whose status left the filter drops out. */
  const items = computed(() =>
    listIds.value
      .map((id) => byId.value[id])
      .filter((e): e is Execution => e !== undefined && matches(e, filters.value))
      .sort(newestFirst),
  );
  const hasMore = computed(() => nextCursor.value !== null);

  function upsert(execution: Execution): Execution {
    byId.value[execution.id] = execution;
    return execution;
  }

  function addToList(ids: string[]): void {
    const known = new Set(listIds.value);
    listIds.value.push(...ids.filter((id) => !known.has(id)));
  }

  async function load(next: ExecutionFilters = {}): Promise<void> {
    const mine = ++listGeneration;
    listShown = true;
    filters.value = { ...next };
    listIds.value = [];
    nextCursor.value = null;
    loading.value = true;
    try {
      const page = await api.listExecutions({ ...filters.value, limit: PAGE_SIZE });
      if (mine !== listGeneration) return;
      addToList(page.items.map((e) => upsert(e).id));
      nextCursor.value = page.nextCursor;
    } finally {
      if (mine === listGeneration) loading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    const cursor = nextCursor.value;
    if (!cursor || loading.value) return;
    const mine = listGeneration;
    loading.value = true;
    try {
      const page = await api.listExecutions({ ...filters.value, limit: PAGE_SIZE, cursor });
      if (mine !== listGeneration) return;
      addToList(page.items.map((e) => upsert(e).id));
      nextCursor.value = page.nextCursor;
    } finally {
      if (mine === listGeneration) loading.value = false;
    }
  }

  async function fetchOne(id: string): Promise<Execution> {
    return upsert(await api.getExecution(id));
  }

  /** A status change from a stream: shown at once, then the full record (times, exit code) fetched. */
  async function applyStatus(event: ExecutionEvent | StatusEvent): Promise<void> {
    changes.value++;
    const known = byId.value[event.id];
    if (known) upsert({ ...known, ...changedFields(event) });
    const listed = listIds.value.includes(event.id);
    if (!listed && !(listShown && matches(event, filters.value))) return;
    const fresh = await fetchOne(event.id).catch(() => undefined);
    // A new execution that fits the current filter joins the top of the list.
    if (fresh && !listed && matches(fresh, filters.value)) addToList([fresh.id]);
  }

  /** The list is off screen: stop fetching executions only it would show. */
  function hideList(): void {
    listShown = false;
  }

  async function cancel(id: string): Promise<void> {
    upsert(await api.cancelExecution(id));
  }

  async function retry(id: string): Promise<string> {
    const { executionId } = await api.retryExecution(id);
    return executionId;
  }

  function reset(): void {
    listGeneration++;
    listShown = false;
    byId.value = {};
    listIds.value = [];
    filters.value = {};
    nextCursor.value = null;
    loading.value = false;
    changes.value = 0;
  }

  return {
    byId,
    items,
    filters,
    hasMore,
    loading,
    changes,
    load,
    loadMore,
    fetchOne,
    applyStatus,
    hideList,
    cancel,
    retry,
    reset,
  };
});
