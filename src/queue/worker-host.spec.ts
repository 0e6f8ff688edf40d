import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { Config } from '../config/config.schema';
import { RedisConnections } from '../redis/redis-connections';
import { RedisKeys } from '../redis/redis-keys';
import { JobPayloads } from './queue.definitions';
import { OnJob } from './on-job.decorator';
import { WorkerHost } from './worker-host';

class RunHandler {
  @OnJob('execution.run')
  async handle(_payload: JobPayloads['execution.run']): Promise<void> {}
}

class FireHandler {
  @OnJob('schedule.fire')
  async handle(_payload: JobPayloads['schedule.fire']): Promise<void> {}
}

class Unrelated {
  async work(): Promise<void> {}
}

function setup(...instances: object[]) {
  const discovery = {
    getProviders: () => instances.map((instance) => ({ instance, isDependencyTreeStatic: () => true })),
  } as unknown as DiscoveryService; // only getProviders is used at boot
  const sut = new WorkerHost(
    {} as Config,
    discovery,
    new MetadataScanner(),
    new Reflector(),
    {} as RedisConnections,
    new RedisKeys('t:'),
    { size: 0, interruptAll: () => undefined },
  );
  return { sut };
}

describe(WorkerHost.name, () => {
  it('should refuse to boot when a job has no handler', () => {
    const { sut } = setup(new Unrelated());
    expect(() => sut.onModuleInit()).toThrow('no @OnJob handler for job(s): execution.run, schedule.fire');
  });

  it('should refuse to boot when a job has two handlers', () => {
    const { sut } = setup(new RunHandler(), new RunHandler(), new FireHandler());
    expect(() => sut.onModuleInit()).toThrow('job execution.run has more than one @OnJob handler');
  });

  it('should boot when every job has exactly one handler', () => {
    const { sut } = setup(new RunHandler(), new FireHandler(), new Unrelated());
    expect(() => sut.onModuleInit()).not.toThrow();
  });
});
