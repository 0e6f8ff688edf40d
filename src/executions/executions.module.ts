import { Module } from '@nestjs/common';
import { ExecutionDispatcherModule } from './execution-dispatcher.module';
import { ExecutionEventsRepository } from './execution-events.repository';
import { ExecutionsController } from './executions.controller';
import { ExecutionsRepository } from './executions.repository';
import { ExecutionsService } from './executions.service';

/** The executions API: read, page logs, cancel, retry. */
@Module({
  imports: [ExecutionDispatcherModule],
  controllers: [ExecutionsController],
  providers: [ExecutionsService, ExecutionsRepository, ExecutionEventsRepository],
  exports: [ExecutionsRepository, ExecutionEventsRepository],
})
export class ExecutionsModule {}
