import { Module } from '@nestjs/common';
import { ExecutionDispatcherModule } from '../executions/execution-dispatcher.module';
import { TriggersModule } from '../triggers/triggers.module';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryIntake } from './delivery-intake';
import { GithubWebhooksController } from './github-webhooks.controller';
import { GithubWebhooksService } from './github-webhooks.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [TriggersModule, ExecutionDispatcherModule],
  controllers: [WebhooksController, GithubWebhooksController],
  providers: [WebhooksService, GithubWebhooksService, DeliveryIntake, DeliveriesRepository],
})
export class WebhooksModule {}
