import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { ThrottleGuard } from '../throttling/throttle.guard';
import { ThrottlingModule } from '../throttling/throttling.module';
import { AuthGuard } from './auth.guard';
import { AuthModule } from './auth.module';

/** The global guards, in order: who is calling and may they (AuthGuard), then how often (throttling). */
@Module({
  imports: [AuthModule, ThrottlingModule, DiscoveryModule],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: ThrottleGuard },
  ],
})
export class AccessControlModule {}
