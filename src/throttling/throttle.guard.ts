import { ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { isDependencyError } from '../common/dependency-errors';
import { isLoginRoute } from './throttle-policies';

/**
 * @nestjs/throttler's guard with our 429: `{statusCode, error, message}` plus `Retry-After`
 * (set by the global exception filter from `retryAfter`), whichever named limit was hit.
 */
@Injectable()
export class ThrottleGuard extends ThrottlerGuard {
  /**
   * When Redis is unreachable the counters are too. Sign-in then answers 503: no unthrottled
   * password guessing. Other routes are not stopped by the limiter: they need Redis for their own
   * work (token checks, queueing) and answer 503 there when they must, after any durable write.
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await super.canActivate(context);
    } catch (err) {
      if (isDependencyError(err) && !isLoginRoute(context)) return true;
      throw err;
    }
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    const what = isLoginRoute(context) ? 'sign-in attempts' : 'requests';
    throw new HttpException(
      { message: `Too many ${what}; retry in ${retryAfter} s`, retryAfter },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
