import { Module } from '@nestjs/common';
import { BotSecretsController } from './bot-secrets.controller';
import { BotSecretsRepository } from './bot-secrets.repository';
import { BotSecretsService } from './bot-secrets.service';
import { BotsController } from './bots.controller';
import { BotsRepository } from './bots.repository';
import { BotsService } from './bots.service';

@Module({
  controllers: [BotsController, BotSecretsController],
  providers: [BotsService, BotsRepository, BotSecretsService, BotSecretsRepository],
  exports: [BotsRepository],
})
export class BotsModule {}
