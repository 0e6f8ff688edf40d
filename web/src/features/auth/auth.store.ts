import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as api from '../../api/auth.api';
import { clearSession, refreshSession, setSession } from '../../api/client';
import { type Role, type User, roleAtLeast } from './auth.types';

export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null);
  /** whether the session cookie has been tried since the page loaded */
  let restoring: Promise<void> | null = null;

  const signedIn = computed(() => user.value !== null);

  function can(minimum: Role): boolean {
    return user.value !== null && roleAtLeast(user.value.role, minimum);
  }

  async function login(email: string, password: string): Promise<void> {
    const pair = await api.login(email, password);
    setSession(pair);
    user.value = pair.user;
  }

  /** A page load starts without an access token: the refresh cookie may still hold a session. */
  function restore(): Promise<void> {
    restoring ??= refreshSession().then((pair) => {
      if (pair) user.value = pair.user;
    });
    return restoring;
  }

  async function logout(): Promise<void> {
    try {
      await api.logout();
    } finally {
      reset();
    }
  }

  /** Forgets the session on this page (the server side is ended by logout). */
  function reset(): void {
    clearSession();
    user.value = null;
    restoring = Promise.resolve();
  }

  return { user, signedIn, can, login, restore, logout, reset };
});
