import { FastifyRequest } from 'fastify';

/** API keys are recognisable by their prefix, so one `Authorization: Bearer` header serves both kinds. */
export const API_KEY_PREFIX = 'agd_';

export const MISSING_CREDENTIALS = 'Sign in first: send Authorization: Bearer <access token or API key>';

/** The credential of an `Authorization: Bearer <credential>` header. */
export function bearerOf(header: string | undefined): string | undefined {
  return header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
}

export function bearerToken(req: FastifyRequest): string | undefined {
  return bearerOf(req.headers.authorization);
}

export function queryToken(req: FastifyRequest): string | undefined {
  const value = (req.query as Record<string, unknown> | undefined)?.access_token;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function isApiKey(credential: string): boolean {
  return credential.startsWith(API_KEY_PREFIX);
}
