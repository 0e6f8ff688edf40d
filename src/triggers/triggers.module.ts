import { Module } from '@nestjs/common';
import { BotsModule } from '../bots/bots.module';
import { ScheduleSync } from './schedule-sync';
import { TriggersController } from './triggers.controller';
import { TriggersRepository } from './triggers.repository';
import { TriggersService } from './triggers.service';

@Module({
  imports: [BotsModule],
  controllers: [TriggersController],
  providers: [TriggersService, TriggersRepository, ScheduleSync],
  exports: [TriggersRepository],
})
export class TriggersModule {}
