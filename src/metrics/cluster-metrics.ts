import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { QUEUE_NAMES } from '../queue/queue.definitions';
import { JOB_STATES, MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';

/**
 * Gauges read from Redis when Prometheus scrapes. When Redis does not answer they are left empty
 * rather than stale, so "no data" alerts fire instead of a frozen queue depth.
 */
@Injectable()
export class ClusterMetrics implements OnModuleInit {
  private readonly logger = new Logger(ClusterMetrics.name);

  constructor(
    private readonly metrics: MetricsService,
    private readonly repository: MetricsRepository,
  ) {}

  onModuleInit(): void {
    const queueJobs: Gauge<'queue' | 'state'> = new Gauge({
      name: 'agented_queue_jobs',
      help: 'Jobs in each BullMQ queue by state (cluster-wide; every API replica reports the same)',
      labelNames: ['queue', 'state'] as const,
      registers: [this.metrics.registry],
      collect: () =>
        this.refresh(queueJobs, async () => {
          for (const queue of QUEUE_NAMES) {
            const counts = await this.repository.jobCounts(queue);
            for (const state of JOB_STATES) queueJobs.set({ queue, state }, counts[state]);
          }
        }),
    });
    const workersOnline: Gauge = new Gauge({
      name: 'agented_workers_online',
      help: 'Worker processes with a live heartbeat (cluster-wide)',
      registers: [this.metrics.registry],
      collect: () =>
        this.refresh(workersOnline, async () => workersOnline.set(await this.repository.onlineWorkers())),
    });
  }

  private async refresh(gauge: Gauge<string>, read: () => Promise<void>): Promise<void> {
    try {
      await read();
    } catch (err) {
      gauge.reset();
      this.logger.warn(`metrics: cannot read cluster state: ${(err as Error).message}`);
    }
  }
}
