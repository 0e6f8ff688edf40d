import { FastifyRequest } from 'fastify';

/** API keys are recognisable by their prefix, so one `Authorization: Bearer` header serves both kinds. */
export const API_KEY_PREFIX = 'agd_';

export const MISSING_CREDENTIALS = 'Sign in first: send Authorization: Bearer <access token or API key>';

export function bearerToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

export function queryToken(req: FastifyRequest): string | undefined {
  const value = (req.query as Record<string, unknown> | undefined)?.access_token;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function isApiKey(credential: string): boolean {
  return credential.startsWith(API_KEY_PREFIX);
}
