import { DynamicModule, Module } from '@nestjs/common';
import { ThrottlingModule } from '../throttling/throttling.module';
import { ClusterMetrics } from './cluster-metrics';
import { HttpMetrics } from './http-metrics';
import { MetricsRepository } from './metrics.repository';
import { MetricsServer } from './metrics-server';
import { MetricsService } from './metrics.service';

/** One Prometheus registry per process; `MetricsService` is injectable everywhere to feed it. */
@Module({})
export class MetricsModule {
  static forApi(): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      imports: [ThrottlingModule],
      providers: [MetricsService, MetricsServer, MetricsRepository, ClusterMetrics, HttpMetrics],
      exports: [MetricsService],
    };
  }

  static forWorker(): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      providers: [MetricsService, MetricsServer],
      exports: [MetricsService],
    };
  }
}
