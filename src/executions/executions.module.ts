import { Module } from '@nestjs/common';
import { BotsModule } from '../bots/bots.module';
import { LiveLogModule } from '../live-log/live-log.module';
import { ExecutionDataModule } from './execution-data.module';
import { ExecutionDispatcherModule } from './execution-dispatcher.module';
import { BotRunsController } from './bot-runs.controller';
import { ExecutionsController } from './executions.controller';
import { ExecutionsService } from './executions.service';

/** The executions API: read, page logs, cancel, retry, and a bot's manual run. */
@Module({
  imports: [ExecutionDataModule, LiveLogModule, ExecutionDispatcherModule, BotsModule],
  controllers: [ExecutionsController, BotRunsController],
  providers: [ExecutionsService],
  exports: [ExecutionDataModule],
})
export class ExecutionsModule {}
