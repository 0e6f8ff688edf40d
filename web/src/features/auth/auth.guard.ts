import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router';
import type { Role } from './auth.types';
import { useAuthStore } from './auth.store';

declare module 'vue-router' {
  interface RouteMeta {
    /** reachable without signing in (the sign-in page) */
    public?: boolean;
    /** the lowest role that may open it; any signed-in user when absent */
    minRole?: Role;
  }
}

/**
 * Before each navigation: restore the session from the refresh cookie once, send strangers to
 * sign in (coming back afterwards), and keep people out of pages their role cannot use.
 */
export async function authGuard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const auth = useAuthStore();
  await auth.restore();
  if (to.meta.public) return auth.signedIn && to.name === 'login' ? { name: 'dashboard' } : true;
  if (!auth.signedIn) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  if (to.meta.minRole && !auth.can(to.meta.minRole)) return { name: 'dashboard' };
  return true;
}
