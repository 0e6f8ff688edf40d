import { Module } from '@nestjs/common';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionsService } from './sessions.service';
import { TokenRevocationsRepository } from './token-revocations.repository';
import { UserStandingRepository } from './user-standing.repository';

@Module({
  providers: [SessionsService, RefreshTokensRepository, TokenRevocationsRepository, UserStandingRepository],
  exports: [SessionsService, TokenRevocationsRepository],
})
export class SessionsModule {}
