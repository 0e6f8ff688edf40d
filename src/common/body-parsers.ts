import { FastifyInstance, FastifyRequest } from 'fastify';

export const HOOKS_PREFIX = '/hooks/';

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact bytes received; set for webhook routes, whose signatures cover them. */
    rawBody?: Buffer;
  }
}

const isHookRoute = (req: FastifyRequest) => (req.routeOptions.url ?? req.url).startsWith(HOOKS_PREFIX);

/**
 * Webhook routes get the raw bytes whatever the content type (the signature is checked before
 * parsing, and a body that is not JSON becomes a 400 there). Other routes parse JSON strictly.
 */
export function registerBodyParsers(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  const parse = (req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void) => {
    if (isHookRoute(req)) {
      req.rawBody = body;
      return done(null, body);
    }
    if (body.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(Object.assign(new Error('Request body is not valid JSON'), { statusCode: 400 }));
    }
  };
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, parse);
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (req, body, done) => {
    if (isHookRoute(req)) {
      req.rawBody = body as Buffer;
      return done(null, body);
    }
    done(Object.assign(new Error('Send JSON with Content-Type: application/json'), { statusCode: 415 }));
  });
}
