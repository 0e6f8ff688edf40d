import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UnauthorizedException,
} from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Observable, catchError, from, mergeMap, throwError } from 'rxjs';
import { Failure, FailureLimits } from './failure-limits';
import { byEmail, byIp } from './throttle-policies';

/**
 * Sign-in's per-email limits count failed sign-ins only (a 401 from the handler), per email from
 * this IP and per email from everywhere: the owner, signing in from their own address, is not
 * locked out by a stranger's wrong guesses unless the stranger makes enough of them from many
 * addresses to pass the ceiling. Checked before the handler hashes the password.
 * (The per-IP limit, ThrottleGuard's `login-ip`, counts every attempt, so bursts stay bounded.)
 */
@Injectable()
export class LoginFailuresInterceptor implements NestInterceptor {
  constructor(private readonly failures: FailureLimits) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const email = byEmail(req);
    const counted: Failure[] = [
      { kind: 'login-email-ip', tracker: `${email}|${byIp(req)}` },
      { kind: 'login-email', tracker: email },
    ];
    await this.failures.check(...counted);
    return next
      .handle()
      .pipe(
        catchError((err: unknown) =>
          err instanceof UnauthorizedException
            ? from(this.failures.record(...counted)).pipe(mergeMap(() => throwError(() => err)))
            : throwError(() => err),
        ),
      );
  }
}
