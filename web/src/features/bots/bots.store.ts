import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as api from '../../api/bots.api';
import type { Bot, BotInput } from './bots.types';

export const useBotsStore = defineStore('bots', () => {
  const byId = ref<Record<string, Bot>>({});
  const loaded = ref(false);

  const sorted = computed(() => Object.values(byId.value).sort((a, b) => a.name.localeCompare(b.name)));

  function upsert(bot: Bot): Bot {
    byId.value[bot.id] = bot;
    return bot;
  }

  async function load(): Promise<void> {
    const bots = await api.listBots();
    byId.value = Object.fromEntries(bots.map((b) => [b.id, b]));
    loaded.value = true;
  }

  /** The list once per session, for names and pickers; load() refreshes it. */
  async function ensureLoaded(): Promise<void> {
    if (!loaded.value) await load();
  }

  const fetchOne = async (id: string) => upsert(await api.getBot(id));
  const create = async (input: BotInput) => upsert(await api.createBot(input));
  const update = async (id: string, input: Partial<BotInput>) => upsert(await api.updateBot(id, input));

  async function remove(id: string): Promise<void> {
    await api.deleteBot(id);
    delete byId.value[id];
  }

  async function run(id: string, input?: Record<string, unknown>): Promise<string> {
    return (await api.runBot(id, input)).executionId;
  }

  async function setSecret(id: string, name: string, value: string): Promise<void> {
    await api.putSecret(id, name, value);
    await refreshSecretNames(id);
  }

  async function deleteSecret(id: string, name: string): Promise<void> {
    await api.deleteSecret(id, name);
    await refreshSecretNames(id);
  }

  async function refreshSecretNames(id: string): Promise<void> {
    const { names } = await api.listSecretNames(id);
    const bot = byId.value[id];
    if (bot) byId.value[id] = { ...bot, secretNames: names };
  }

  function nameOf(id: string): string {
    return byId.value[id]?.name ?? id.slice(0, 8);
  }

  function reset(): void {
    byId.value = {};
    loaded.value = false;
  }

  return {
    byId,
    sorted,
    loaded,
    load,
    ensureLoaded,
    fetchOne,
    create,
    update,
    remove,
    run,
    setSecret,
    deleteSecret,
    nameOf,
    reset,
  };
});
