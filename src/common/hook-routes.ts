import { FastifyRequest } from 'fastify';

/** Where webhooks arrive: `/hooks/:token` (generic) and `/hooks/github`; said only here. */
export const HOOKS_ROUTE = 'hooks';
export const GITHUB_HOOK_NAME = 'github';
export const HOOKS_PREFIX = `/${HOOKS_ROUTE}/`;
export const GITHUB_HOOK_URL = `${HOOKS_PREFIX}${GITHUB_HOOK_NAME}`;

/** By the matched route pattern (the URL holds the token), or the URL before routing. */
export const isHookRoute = (req: FastifyRequest): boolean =>
  (req.routeOptions.url ?? req.url).startsWith(HOOKS_PREFIX);
