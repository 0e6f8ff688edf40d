import { UseInterceptors, applyDecorators } from '@nestjs/common';
import { LoginFailuresInterceptor } from './login-failures.interceptor';
import { markLoginRoute } from './throttle-policies';

/**
 * The sign-in route: limited per client IP on top of the global limit, and by its failures per
 * email (see FailurePolicy). The interceptor that counts those wraps this route only: a global
 * one would wrap every handler, and hold its observables for as long as an SSE stream runs.
 */
export const LoginThrottle = () =>
  applyDecorators(markLoginRoute(), UseInterceptors(LoginFailuresInterceptor));
