import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { reportRequestError } from '../sentry/sentry';
import { isDependencyError } from './dependency-errors';
import { ErrorBody, errorBody } from './error-body';

/** Every error leaves as `{statusCode, error, message}`; outages as 503, bugs as a logged 500. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500 && body.statusCode !== 503) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
      // pino-http set the id on the raw request; it ties the Sentry issue to the access log line.
      const raw = host.switchToHttp().getRequest<FastifyRequest | undefined>()?.raw as
        { id?: string } | undefined;
      reportRequestError(exception, raw?.id);
    }
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.destroy();
      return;
    }
    if (exception instanceof HttpException) {
      const retryAfter = (exception.getResponse() as { retryAfter?: number }).retryAfter;
      if (retryAfter !== undefined) void reply.header('Retry-After', String(retryAfter));
    }
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      const message =
        typeof res === 'string'
          ? res
          : Array.isArray((res as { message?: unknown }).message)
            ? (res as { message: string[] }).message.join('; ')
            : String((res as { message?: unknown }).message ?? exception.message);
      return errorBody(status, message);
    }
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      return errorBody(fastifyStatus, (exception as Error).message);
    }
    if (isDependencyError(exception)) {
      return errorBody(
        HttpStatus.SERVICE_UNAVAILABLE,
        'A backing service (PostgreSQL or Redis) is unreachable; retry shortly.',
      );
    }
    return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'Unexpected error; it has been logged.');
  }
}
