import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Our 429: `{statusCode, error, message}` plus `Retry-After`, set by the global exception filter
 * from `retryAfter` (and by the few plain Fastify routes from the same field).
 */
export class TooManyRequestsException extends HttpException {
  constructor(
    what: string,
    readonly retryAfter: number,
  ) {
    super(
      { message: `Too many ${what}; retry in ${retryAfter} s`, retryAfter },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** Seconds, at least 1: a Retry-After of 0 invites an immediate retry that is refused again. */
export const retryAfterSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));
