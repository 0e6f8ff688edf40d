import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { FastifyRequest } from 'fastify';
import { isDependencyError } from '../common/dependency-errors';
import { FailureLimits } from './failure-limits';
import { byIp, isLoginRoute, isWebhookRoute } from './throttle-policies';
import { TooManyRequestsException } from './too-many-requests';

/**
 * @nestjs/throttler's guard with our 429 (TooManyRequestsException), whichever named limit was
 * hit. On webhook routes it also refuses a source IP that has sent too many failed deliveries,
 * before the trigger lookup they cost; the webhook services count those failures.
 */
@Injectable()
export class ThrottleGuard extends ThrottlerGuard {
  // A property: the constructor is the throttler's, with its own injection decorators.
  @Inject(FailureLimits) private readonly failures!: FailureLimits;

  /**
   * When Redis is unreachable the counters are too. Sign-in then answers 503: no unthrottled
   * password guessing. Other routes are not stopped by the limiter: they need Redis for their own
   * work (token checks, queueing) and answer 503 there when they must, after any durable write.
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      if (!isWebhookRoute(context)) return await super.canActivate(context);
      // Side by side: the failure count's GET shares the round trip of the source IP's count.
      const req = context.switchToHttp().getRequest<FastifyRequest>();
      const [allowed] = await Promise.all([
        super.canActivate(context),
        this.failures.check({ kind: 'webhook', tracker: byIp(req) }),
      ]);
      return allowed;
    } catch (err) {
      if (isDependencyError(err) && !isLoginRoute(context)) return true;
      throw err;
    }
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const what = isLoginRoute(context) ? 'sign-in attempts' : 'requests';
    throw new TooManyRequestsException(what, Math.max(1, detail.timeToBlockExpire));
  }
}
