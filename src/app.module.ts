import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { SentryModule } from '@sentry/nestjs/setup';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { ValidationPipe } from './common/validation';
import { AccessControlModule } from './auth/access-control.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BotsModule } from './bots/bots.module';
import { ConfigModule } from './config/config.module';
import { ApiConfig } from './config/config.schema';
import { CryptoModule } from './crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { ExecutionsModule } from './executions/executions.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './redis/redis.module';
import { StreamsModule } from './streams/streams.module';
import { TemplatesModule } from './templates/templates.module';
import { TerminalsModule } from './terminals/terminals.module';
import { TriggersModule } from './triggers/triggers.module';
import { UsersModule } from './users/users.module';
import { WebModule } from './web/web.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The API process: stateless, any number of replicas. */
@Module({})
export class AppModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // Its only part is a global interceptor naming Sentry transactions; without a DSN it would
        // only cost every request an interceptor chain (measured in bench/README.md, B1).
        ...(config.SENTRY_DSN ? [SentryModule.forRoot()] : []),
        LoggingModule.forApi(config),
        MetricsModule.forApi(),
        DatabaseModule,
        RedisModule,
        QueueModule,
        HealthModule,
        WebModule,
        CryptoModule,
        BotsModule,
        TriggersModule,
        WebhooksModule,
        DeliveriesModule,
        TemplatesModule,
        ExecutionsModule,
        StreamsModule,
        TerminalsModule,
        AuditModule,
        UsersModule,
        ApiKeysModule,
        AuthModule,
        // The global guards: deny by default, roles, rate limits. Keep it last.
        AccessControlModule,
      ],
      providers: [
        { provide: APP_PIPE, useClass: ValidationPipe },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
