import { defineStore } from 'pinia';
import { ref } from 'vue';
import * as api from '../../api/triggers.api';
import type { Trigger, TriggerInput, WebhookTriggerWithSecret } from './triggers.types';

export const useTriggersStore = defineStore('triggers', () => {
  const byId = ref<Record<string, Trigger>>({});

  /** Oldest first, as the server lists them. */
  function forBot(botId: string): Trigger[] {
    return Object.values(byId.value)
      .filter((t) => t.botId === botId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Keeps the secret out of the store: it is shown once by whoever asked for it. */
  function upsert(trigger: Trigger | WebhookTriggerWithSecret): void {
    if ('secret' in trigger) {
      const { secret: _secret, ...described } = trigger;
      byId.value[trigger.id] = described;
    } else {
      byId.value[trigger.id] = trigger;
    }
  }

  async function loadForBot(botId: string): Promise<void> {
    const triggers = await api.listTriggers(botId);
    for (const t of forBot(botId)) delete byId.value[t.id];
    triggers.forEach(upsert);
  }

  async function create(botId: string, input: TriggerInput) {
    const created = await api.createTrigger(botId, input);
    upsert(created);
    return created;
  }

  async function setEnabled(id: string, enabled: boolean): Promise<void> {
    upsert(await api.setTriggerEnabled(id, enabled));
  }

  async function remove(id: string): Promise<void> {
    await api.deleteTrigger(id);
    delete byId.value[id];
  }

  async function rotateSecret(id: string): Promise<WebhookTriggerWithSecret> {
    const rotated = await api.rotateTriggerSecret(id);
    upsert(rotated);
    return rotated;
  }

  function reset(): void {
    byId.value = {};
  }

  return { byId, forBot, loadForBot, create, setEnabled, remove, rotateSecret, reset };
});
