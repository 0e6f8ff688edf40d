import { Module } from '@nestjs/common';
import { ExecutionDispatcherModule } from '../executions/execution-dispatcher.module';
import { TriggersModule } from '../triggers/triggers.module';
import { DeliveriesRepository } from '../webhooks/deliveries.repository';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';

/** The operator's view of received deliveries: list, show, replay. */
@Module({
  imports: [TriggersModule, ExecutionDispatcherModule],
  controllers: [DeliveriesController],
  providers: [DeliveriesService, DeliveriesRepository],
})
export class DeliveriesModule {}
