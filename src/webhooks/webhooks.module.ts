import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { ExecutionDispatcherModule } from '../executions/execution-dispatcher.module';
import { ThrottlingModule } from '../throttling/throttling.module';
import { TriggersModule } from '../triggers/triggers.module';
import { DeliveryIntake } from './delivery-intake';
import { GithubWebhooksController } from './github-webhooks.controller';
import { GithubWebhooksService } from './github-webhooks.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [TriggersModule, ExecutionDispatcherModule, DeliveriesModule, ThrottlingModule],
  controllers: [WebhooksController, GithubWebhooksController],
  providers: [WebhooksService, GithubWebhooksService, DeliveryIntake],
})
export class WebhooksModule {}
