import { DynamicModule, Module } from '@nestjs/common';
import { workerIdOf } from './config/config';
import { ConfigModule } from './config/config.module';
import { Config } from './config/config.schema';
import { CryptoModule } from './crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import { ExecutionMaintenanceModule } from './executions/maintenance/maintenance.module';
import { ExecutionRunnerModule } from './executions/runner/runner.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './redis/redis.module';
import { SchedulesModule } from './schedules/schedules.module';

/** The worker process: runs executions; any number of replicas. */
@Module({})
export class WorkerModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forWorker(config, workerIdOf(config)),
        MetricsModule.forWorker(),
        DatabaseModule,
        RedisModule,
        QueueModule,
        CryptoModule,
        ExecutionRunnerModule,
        ExecutionMaintenanceModule,
        SchedulesModule,
      ],
    };
  }
}
