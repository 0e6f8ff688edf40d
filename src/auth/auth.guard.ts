import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  OnModuleInit,
  UnauthorizedException,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { FastifyReply, FastifyRequest } from 'fastify';
import { QUERY_TOKEN_ALLOWED } from '../access/access.decorators';
import { accessRuleOf, routesWithoutAccessRule } from '../access/access-rules';
import { AuthenticationService } from './authentication.service';
import { MISSING_CREDENTIALS, bearerToken, queryToken } from '../access/credentials';
import { roleAtLeast } from '../access/roles';

/**
 * The global guard, deny by default: a route is open only when marked `@Public()`, otherwise it
 * needs a valid access token or API key with at least the role of its `@Roles()`. A handler
 * with neither makes the application refuse to start, so an undecided route cannot ship.
 */
@Injectable()
export class AuthGuard implements CanActivate, OnModuleInit {
  constructor(
    private readonly reflector: Reflector,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly authentication: AuthenticationService,
  ) {}

  onModuleInit(): void {
    const missing = routesWithoutAccessRule(this.discovery, this.scanner, this.reflector);
    if (missing.length > 0) {
      throw new Error(
        `Every route needs @Public() or @Roles(...) (from src/access/access.decorators); missing on: ${missing.join(', ')}`,
      );
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = accessRuleOf(this.reflector, context.getHandler(), context.getClass());
    // Unreachable after the start-up check; fail closed all the same.
    if (!rule) throw new ForbiddenException('This route has no access rule');
    if ('public' in rule) return true;

    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const allowQuery = this.reflector.getAllAndOverride<boolean>(QUERY_TOKEN_ALLOWED, [
      context.getHandler(),
      context.getClass(),
    ]);
    const credential = bearerToken(req) ?? (allowQuery ? queryToken(req) : undefined);
    try {
      if (!credential) throw new UnauthorizedException(MISSING_CREDENTIALS);
      req.identity = await this.authentication.authenticate(credential);
    } catch (err) {
      if (err instanceof UnauthorizedException) {
        void http.getResponse<FastifyReply>().header('WWW-Authenticate', 'Bearer realm="agented"');
      }
      throw err;
    }
    if (!roleAtLeast(req.identity.role, rule.minRole)) {
      throw new ForbiddenException(
        `This needs the ${rule.minRole} role or higher; you have ${req.identity.role}`,
      );
    }
    return true;
  }
}
