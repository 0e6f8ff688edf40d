import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { CredentialFailuresGuard } from './credential-failures.guard';
import { ThrottleGuard } from '../throttling/throttle.guard';
import { ThrottlingModule } from '../throttling/throttling.module';
import { AuthGuard } from './auth.guard';
import { AuthModule } from './auth.module';

/**
 * The global guards, in order: who is calling and may they (AuthGuard, behind the per-IP limit
 * of refused credentials, which must come before the lookup it saves), then how often
 * (throttling, per caller once the caller is known). Sign-in's failures are counted around its
 * handler, the only place that knows a password was wrong.
 */
@Module({
  imports: [AuthModule, ThrottlingModule, DiscoveryModule],
  providers: [
    AuthGuard,
    { provide: APP_GUARD, useClass: CredentialFailuresGuard },
    { provide: APP_GUARD, useClass: ThrottleGuard },
  ],
})
export class AccessControlModule {}
