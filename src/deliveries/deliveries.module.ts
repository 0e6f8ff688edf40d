import { Module } from '@nestjs/common';
import { ExecutionDispatcherModule } from '../executions/execution-dispatcher.module';
import { TriggersModule } from '../triggers/triggers.module';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';

/** Received deliveries: their storage (used by webhook intake) and the operator's view: list, show, replay. */
@Module({
  imports: [TriggersModule, ExecutionDispatcherModule],
  controllers: [DeliveriesController],
  providers: [DeliveriesService, DeliveriesRepository],
  exports: [DeliveriesRepository],
})
export class DeliveriesModule {}
