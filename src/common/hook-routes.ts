import { FastifyRequest } from 'fastify';

/** Where webhooks arrive: `/hooks/:token` (generic) and `/hooks/github`. */
export const HOOKS_PREFIX = '/hooks/';
export const GITHUB_HOOK_URL = `${HOOKS_PREFIX}github`;

/** By the matched route pattern (the URL holds the token), or the URL before routing. */
export const isHookRoute = (req: FastifyRequest): boolean =>
  (req.routeOptions.url ?? req.url).startsWith(HOOKS_PREFIX);
