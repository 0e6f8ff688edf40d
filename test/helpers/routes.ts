import { channel } from 'node:diagnostics_channel';
import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute {
  method: string;
  url: string;
}

/**
 * Records every route of each Fastify instance created while recording, as Fastify adds it:
 * Nest controllers, raw routes, plugins (static files, Swagger UI) alike. Fastify announces
 * each new instance on the `fastify.initialization` diagnostics channel, before any route exists.
 */
export function recordRoutes(): { routes: RegisteredRoute[]; stop(): void } {
  const routes: RegisteredRoute[] = [];
  const init = channel('fastify.initialization');
  const onInit = (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance };
    fastify.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
  };
  init.subscribe(onInit);
  return { routes, stop: () => init.unsubscribe(onInit) };
}
