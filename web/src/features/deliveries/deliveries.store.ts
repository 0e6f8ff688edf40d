import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as api from '../../api/deliveries.api';
import type { DeliveryDetail, DeliverySummary } from './deliveries.types';

const PAGE_SIZE = 50;

/** Deliveries by id, one paged list (per trigger, or all) and the details opened so far. */
export const useDeliveriesStore = defineStore('deliveries', () => {
  const byId = ref<Record<string, DeliverySummary>>({});
  const details = ref<Record<string, DeliveryDetail>>({});
  const listIds = ref<string[]>([]);
  const triggerId = ref<string | undefined>();
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  let generation = 0;

  const items = computed(() =>
    listIds.value.map((id) => byId.value[id]).filter((d): d is DeliverySummary => d !== undefined),
  );
  const hasMore = computed(() => nextCursor.value !== null);

  async function fetchPage(cursor?: string): Promise<void> {
    const mine = generation;
    loading.value = true;
    try {
      const page = await api.listDeliveries({ triggerId: triggerId.value, cursor, limit: PAGE_SIZE });
      if (mine !== generation) return;
      for (const d of page.items) byId.value[d.id] = d;
      listIds.value.push(...page.items.map((d) => d.id).filter((id) => !listIds.value.includes(id)));
      nextCursor.value = page.nextCursor;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  async function load(forTrigger?: string): Promise<void> {
    generation++;
    triggerId.value = forTrigger;
    listIds.value = [];
    nextCursor.value = null;
    await fetchPage();
  }

  async function loadMore(): Promise<void> {
    if (nextCursor.value && !loading.value) await fetchPage(nextCursor.value);
  }

  async function fetchDetail(id: string): Promise<DeliveryDetail> {
    const detail = await api.getDelivery(id);
    details.value[id] = detail;
    return detail;
  }

  /** Runs it again; the detail is fetched anew so the new executions show. */
  async function replay(id: string): Promise<string[]> {
    const { executionIds } = await api.replayDelivery(id);
    await fetchDetail(id);
    return executionIds;
  }

  function reset(): void {
    generation++;
    byId.value = {};
    details.value = {};
    listIds.value = [];
    triggerId.value = undefined;
    nextCursor.value = null;
    loading.value = false;
  }

  return { byId, details, items, triggerId, hasMore, loading, load, loadMore, fetchDetail, replay, reset };
});
