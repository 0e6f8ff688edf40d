import { Module } from '@nestjs/common';
import { BotsModule } from '../bots/bots.module';
import { LiveLogModule } from '../live-log/live-log.module';
import { ExecutionDataModule } from './execution-data.module';
import { ExecutionDispatcherModule } from './execution-dispatcher.module';
import { ExecutionsController } from './executions.controller';
import { ExecutionsService } from './executions.service';

/** The executions API: read, page logs, cancel, retry. */
@Module({
  imports: [ExecutionDataModule, LiveLogModule, ExecutionDispatcherModule, BotsModule],
  controllers: [ExecutionsController],
  providers: [ExecutionsService],
  exports: [ExecutionDataModule],
})
export class ExecutionsModule {}
