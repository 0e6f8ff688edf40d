import { Logger } from '@nestjs/common';
import { describe, expect, it, vi } from 'vitest';
import { newTestService } from '../../test/helpers/service-test';
import { ClusterMetrics } from './cluster-metrics';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';

function setup() {
  const metrics = new MetricsService();
  const { sut, mocks } = newTestService(ClusterMetrics, {
    values: [{ provide: MetricsService, useValue: metrics }],
  });
  const repository = mocks.get(MetricsRepository);
  repository.jobCounts.mockResolvedValue({ waiting: 3, active: 1, delayed: 0, failed: 2 });
  repository.onlineWorkers.mockResolvedValue(4);
  sut.onModuleInit();
  return { sut, metrics, repository };
}

describe(ClusterMetrics.name, () => {
  it('should read queue depth and live workers at scrape time', async () => {
    const { metrics, repository } = setup();
    const { body } = await metrics.render();
    expect(body).toContain('agented_queue_jobs{queue="executions",state="waiting"} 3');
    expect(body).toContain('agented_queue_jobs{queue="executions",state="failed"} 2');
    expect(body).toContain('agented_workers_online 4');

    repository.onlineWorkers.mockResolvedValue(1);
    expect((await metrics.render()).body).toContain('agented_workers_online 1');
  });

  it('should drop stale values when Redis does not answer, and still render the rest', async () => {
    const { metrics, repository } = setup();
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await metrics.render();
    repository.jobCounts.mockRejectedValue(new Error('Connection is closed.'));
    repository.onlineWorkers.mockRejectedValue(new Error('Connection is closed.'));

    const { body } = await metrics.render();

    expect(body).not.toMatch(/^agented_queue_jobs\{/m);
    expect(body).toContain('agented_workers_online 0');
    expect(body).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(warn).toHaveBeenCalledWith('metrics: cannot read cluster state: Connection is closed.');
    warn.mockRestore();
  });
});
