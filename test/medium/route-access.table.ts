import { Role } from '../../src/database/database.types';

/**
 * THE access table: every route the API serves, with who may call it. `route-access.test.ts`
 * fails when a registered route is missing here (or listed here but gone), and checks each row:
 * anonymous → 401 unless public; each role → 403 below the minimum, allowed from it on.
 * Adding a route means adding its row.
 */
export type Access = 'public' | Role;

export interface RouteAccess {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** the route as registered (`:param`, `*`) */
  route: string;
  access: Access;
  /** why a public route is public, when it is not obvious */
  note?: string;
}

export const ROUTE_ACCESS: RouteAccess[] = [
  // operations
  { method: 'GET', route: '/health/live', access: 'public', note: 'load-balancer probe' },
  { method: 'GET', route: '/health/ready', access: 'public', note: 'load-balancer probe' },
  { method: 'GET', route: '/metrics', access: 'public', note: 'guarded by its own METRICS_TOKEN' },

  // OpenAPI UI and document
  { method: 'GET', route: '/docs', access: 'public' },
  { method: 'GET', route: '/docs/', access: 'public' },
  { method: 'GET', route: '/docs/*', access: 'public' },
  { method: 'GET', route: '/docs/LICENSE', access: 'public' },
  { method: 'GET', route: '/docs/index.html', access: 'public' },
  { method: 'GET', route: '/docs/swagger-ui-init.js', access: 'public' },
  { method: 'GET', route: '/docs/docs/swagger-ui-init.js', access: 'public' },
  { method: 'GET', route: '/docs/json', access: 'public' },
  { method: 'GET', route: '/docs-yaml', access: 'public' },

  // the web UI (files of the test's WEB_DIST_DIR, and the client-side routing fallback)
  { method: 'GET', route: '/index.html', access: 'public' },
  { method: 'GET', route: '/assets/app.js', access: 'public' },
  { method: 'GET', route: '/*', access: 'public' },

  // auth
  { method: 'POST', route: '/api/auth/login', access: 'public' },
  {
    method: 'POST',
    route: '/api/auth/refresh',
    access: 'public',
    note: 'the refresh token is the credential',
  },
  { method: 'POST', route: '/api/auth/logout', access: 'viewer' },
  { method: 'GET', route: '/api/auth/me', access: 'viewer' },

  // administration
  { method: 'GET', route: '/api/users', access: 'admin' },
  { method: 'POST', route: '/api/users', access: 'admin' },
  { method: 'PATCH', route: '/api/users/:id', access: 'admin' },
  { method: 'DELETE', route: '/api/users/:id', access: 'admin' },
  { method: 'GET', route: '/api/api-keys', access: 'admin' },
  { method: 'POST', route: '/api/api-keys', access: 'admin' },
  { method: 'DELETE', route: '/api/api-keys/:id', access: 'admin' },
  { method: 'GET', route: '/api/audit', access: 'admin' },
  { method: 'POST', route: '/api/terminals', access: 'admin' },
  { method: 'GET', route: '/api/terminals', access: 'admin' },
  { method: 'DELETE', route: '/api/terminals/:id', access: 'admin' },
  {
    method: 'GET',
    route: '/api/terminals/:id/ws',
    access: 'admin',
    note: 'WebSocket; checked before the upgrade, also by ?access_token=',
  },

  // bots and triggers
  { method: 'GET', route: '/api/bots', access: 'viewer' },
  { method: 'POST', route: '/api/bots', access: 'operator' },
  { method: 'GET', route: '/api/bots/:id', access: 'viewer' },
  { method: 'PATCH', route: '/api/bots/:id', access: 'operator' },
  { method: 'DELETE', route: '/api/bots/:id', access: 'operator' },
  { method: 'POST', route: '/api/bots/:id/run', access: 'operator' },
  { method: 'POST', route: '/api/bots/:id/preview', access: 'operator' },
  { method: 'GET', route: '/api/bots/:id/secrets', access: 'operator', note: 'names only' },
  { method: 'PUT', route: '/api/bots/:id/secrets/:name', access: 'operator' },
  { method: 'DELETE', route: '/api/bots/:id/secrets/:name', access: 'operator' },
  { method: 'GET', route: '/api/bots/:id/triggers', access: 'viewer' },
  { method: 'POST', route: '/api/bots/:id/triggers', access: 'operator' },
  { method: 'PATCH', route: '/api/triggers/:id', access: 'operator' },
  { method: 'DELETE', route: '/api/triggers/:id', access: 'operator' },
  { method: 'POST', route: '/api/triggers/:id/rotate-secret', access: 'operator' },

  // webhooks: the signature is the credential
  { method: 'POST', route: '/hooks/:token', access: 'public' },
  { method: 'POST', route: '/hooks/github', access: 'public' },

  // deliveries (CONTRACT.md: operator): payloads may carry what senders consider private
  { method: 'GET', route: '/api/deliveries', access: 'operator' },
  { method: 'GET', route: '/api/deliveries/:id', access: 'operator' },
  { method: 'POST', route: '/api/deliveries/:id/replay', access: 'operator' },

  // executions and live streams
  { method: 'GET', route: '/api/executions', access: 'viewer' },
  { method: 'GET', route: '/api/executions/:id', access: 'viewer' },
  { method: 'GET', route: '/api/executions/:id/logs', access: 'viewer' },
  { method: 'POST', route: '/api/executions/:id/cancel', access: 'operator' },
  { method: 'POST', route: '/api/executions/:id/retry', access: 'operator' },
  { method: 'GET', route: '/api/executions/:id/stream', access: 'viewer' },
  { method: 'GET', route: '/api/events', access: 'viewer' },
];
