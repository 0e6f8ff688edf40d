import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as api from '../../api/settings.api';
import type { Role } from '../auth/auth.types';
import type { ApiKey, CreatedApiKey, UserAccount } from './settings.types';

/** Users and API keys, for admins. */
export const useSettingsStore = defineStore('settings', () => {
  const users = ref<Record<string, UserAccount>>({});
  const apiKeys = ref<Record<string, ApiKey>>({});

  const sortedUsers = computed(() =>
    Object.values(users.value).sort((a, b) => a.email.localeCompare(b.email)),
  );
  const sortedApiKeys = computed(() =>
    Object.values(apiKeys.value).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
  );

  async function loadUsers(): Promise<void> {
    users.value = Object.fromEntries((await api.listUsers()).map((u) => [u.id, u]));
  }

  async function createUser(input: { email: string; password: string; role: Role }): Promise<void> {
    const user = await api.createUser(input);
    users.value[user.id] = user;
  }

  async function setRole(id: string, role: Role): Promise<void> {
    const user = await api.updateUser(id, { role });
    users.value[user.id] = user;
  }

  async function deleteUser(id: string): Promise<void> {
    await api.deleteUser(id);
    delete users.value[id];
  }

  async function loadApiKeys(): Promise<void> {
    apiKeys.value = Object.fromEntries((await api.listApiKeys()).map((k) => [k.id, k]));
  }

  /** The answer holds the key; only its description is kept here. */
  async function createApiKey(input: { name: string; role: Role }): Promise<CreatedApiKey> {
    const created = await api.createApiKey(input);
    const { key: _key, ...described } = created;
    apiKeys.value[created.id] = described;
    return created;
  }

  async function revokeApiKey(id: string): Promise<void> {
    await api.revokeApiKey(id);
    delete apiKeys.value[id];
  }

  function reset(): void {
    users.value = {};
    apiKeys.value = {};
  }

  return {
    users,
    apiKeys,
    sortedUsers,
    sortedApiKeys,
    loadUsers,
    createUser,
    setRole,
    deleteUser,
    loadApiKeys,
    createApiKey,
    revokeApiKey,
    reset,
  };
});
