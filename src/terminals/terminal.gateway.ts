import {
  ForbiddenException,
  HttpException,
  Injectable,
  OnModuleInit,
  UnauthorizedException,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import fastifyWebsocket from '@fastify/websocket';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticationService } from '../auth/authentication.service';
import { MISSING_CREDENTIALS, bearerToken, queryToken } from '../access/credentials';
import { roleAtLeast } from '../access/roles';
import { isDependencyError } from '../common/dependency-errors';
import { errorBody } from '../common/error-body';
import { CLOSE_INTERNAL, TerminalAttachment, TerminalSocket } from './terminal-attachment';
import { TerminalUpgradeThrottle } from './terminal-upgrade-throttle';
import { TerminalIdParamSchema } from './terminals.dto';
import { TerminalsService } from './terminals.service';

export const TERMINAL_WS_ROUTE = '/api/terminals/:id/ws';

type Params = { id: string };

/**
 * `GET /api/terminals/:id/ws`. Nest guards do not run on a raw Fastify route, so the rate limit
 * and the credential (`?access_token=`, or the Authorization header for non-browser clients)
 * are checked in a preValidation hook: a refusal is a plain HTTP 429/401/403/404 before the
 * upgrade. Once open, the socket lives only as long as its credential keeps admitting it.
 */
@Injectable()
export class TerminalGateway implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly authentication: AuthenticationService,
    private readonly terminals: TerminalsService,
    private readonly attachment: TerminalAttachment,
    private readonly throttle: TerminalUpgradeThrottle,
  ) {}

  async onModuleInit(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await fastify.register(async (scope) => {
      await scope.register(fastifyWebsocket, { options: { maxPayload: 1024 * 1024 } });
      scope.get<{ Params: Params }>(
        TERMINAL_WS_ROUTE,
        { websocket: true, preValidation: (req, reply) => this.admit(req, reply) },
        (socket, req) => {
          const terminalSocket = socket as TerminalSocket;
          // Set by admit(), which refuses the upgrade otherwise.
          if (!req.identity) terminalSocket.close(CLOSE_INTERNAL, 'not admitted');
          else void this.attachment.attach(req.params.id, terminalSocket, req.identity);
        },
      );
    });
  }

  private async admit(req: FastifyRequest<{ Params: Params }>, reply: FastifyReply): Promise<void> {
    try {
      await this.throttle.count(req.ip);
      const credential = bearerToken(req) ?? queryToken(req);
      if (!credential) throw new UnauthorizedException(MISSING_CREDENTIALS);
      const identity = await this.authentication.authenticate(credential);
      if (!roleAtLeast(identity.role, 'admin')) {
        throw new ForbiddenException(`This needs the admin role or higher; you have ${identity.role}`);
      }
      const params = TerminalIdParamSchema.safeParse(req.params);
      if (!params.success) throw new HttpException('id: must be a UUID', 400);
      await this.terminals.admit(identity, params.data.id);
      req.identity = identity;
    } catch (err) {
      await refuse(reply, err);
    }
  }
}

/** The API's error shape, as the global filter writes it for Nest routes. */
async function refuse(reply: FastifyReply, err: unknown): Promise<void> {
  let status = 500;
  let message = 'Unexpected error; it has been logged.';
  if (err instanceof HttpException) [status, message] = [err.getStatus(), err.message];
  else if (isDependencyError(err)) {
    [status, message] = [503, 'A backing service (PostgreSQL or Redis) is unreachable; retry shortly.'];
  } else reply.log.error(err);
  if (status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="agented"');
  const retryAfter = err instanceof HttpException ? retryAfterOf(err) : undefined;
  if (retryAfter !== undefined) void reply.header('Retry-After', String(retryAfter));
  await reply.code(status).send(errorBody(status, message));
}

function retryAfterOf(err: HttpException): number | undefined {
  const body = err.getResponse();
  return typeof body === 'object' && 'retryAfter' in body && typeof body.retryAfter === 'number'
    ? body.retryAfter
    : undefined;
}
