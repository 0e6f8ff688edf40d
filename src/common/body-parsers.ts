import { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './error-body';
import { isHookRoute } from './hook-routes';
import { readJsonInput } from './json-input';

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact bytes received; set for webhook routes, whose signatures cover them. */
    rawBody?: Buffer;
  }
}

/**
 * Webhook routes get the raw bytes whatever the content type (the signature is checked before
 * parsing, and a body that is not JSON, or not input we take, becomes a 400 there). Other routes
 * parse JSON strictly, held to the rules of `readJsonInput` before any handler sees it.
 */
export function registerBodyParsers(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  const parse = (req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void) => {
    if (isHookRoute(req)) {
      req.rawBody = body;
      return done(null, body);
    }
    if (body.length === 0) return done(null, undefined);
    const input = readJsonInput(body.toString('utf8'), { notJson: 'Request body is not valid JSON' });
    if (input.ok) return done(null, input.value);
    done(Object.assign(new Error(input.problem), { statusCode: 400 }));
  };
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, parse);
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (req, body, done) => {
    if (isHookRoute(req)) {
      req.rawBody = body as Buffer;
      return done(null, body);
    }
    done(Object.assign(new Error('Send JSON with Content-Type: application/json'), { statusCode: 415 }));
  });

  // Body errors (over the limit, not JSON, wrong type) are answered by Fastify before Nest's filter
  // sees the request; keep the contract's `{statusCode, error, message}` (Fastify's adds `code`).
  // Set per route: Nest replaces the instance's error handler after its routes took the old one.
  const bodyErrorHandler = (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
    const status = err.statusCode ?? 500;
    if (status < 400 || status >= 500) throw err;
    const message =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? `Request body is too large: the limit is ${bodyLimit} bytes (WEBHOOK_MAX_BYTES)`
        : err.message;
    void reply.status(status).send(errorBody(status, message));
  };
  fastify.addHook('onRoute', (route) => {
    route.errorHandler ??= bodyErrorHandler;
  });
}
