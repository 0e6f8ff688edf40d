import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { DelayedError, Job, Worker, WorkerOptions, WaitingError } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import { workerIdOf } from '../config/config';
import { InjectConfig } from '../config/config.module';
import { Config } from '../config/config.schema';
import { RedisConnections } from '../redis/redis-connections';
import { RedisKeys } from '../redis/redis-keys';
import { reportJobFailure } from '../sentry/sentry';
import { INTERRUPTIBLE_JOBS, InterruptibleJobs } from './interruptible-jobs';
import { JOB_HANDLER, JobHandler } from './on-job.decorator';
import { JOBS, JobName, JobPayloads, QUEUE_NAMES, QUEUE_SETTINGS, QueueName } from './queue.definitions';

/** Worker settings per queue. */
const QUEUE_OPTIONS: Record<QueueName, (config: Config) => Partial<WorkerOptions>> = {
  // A stalled execution is not re-run behind our back: the reaper fails it ("worker lost").
  executions: (config) => ({ concurrency: config.WORKER_CONCURRENCY, maxStalledCount: 0 }),
  // Short jobs that only queue an execution; the scheduler's next tick is computed here too.
  schedules: () => ({ concurrency: 4, settings: QUEUE_SETTINGS.schedules }),
};

/** A job's payload holds the ids it is about (executionId, triggerId): they tag its report. */
const idsOf = (job: Job): Record<string, string> =>
  Object.fromEntries(
    Object.entries((job.data ?? {}) as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );

type AnyHandler = (payload: JobPayloads[JobName], job: Job) => ReturnType<JobHandler<JobName>>;

/**
 * Runs BullMQ workers for every queue and dispatches jobs to their `@OnJob` handlers. On
 * shutdown it stops taking jobs, lets running ones finish for SHUTDOWN_GRACE_SECONDS, then stops
 * the rest, whose handlers hand their executions back to the queue.
 */
@Injectable()
export class WorkerHost implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerHost.name);
  private readonly handlers = new Map<JobName, AnyHandler>();
  private readonly workers: Worker[] = [];

  constructor(
    @InjectConfig() private readonly config: Config,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly redis: RedisConnections,
    private readonly keys: RedisKeys,
    @Inject(INTERRUPTIBLE_JOBS) private readonly running: InterruptibleJobs,
  ) {}

  /** Boot fails here, before any job is taken, when a job has no handler. */
  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!wrapper.isDependencyTreeStatic() || !instance || typeof instance !== 'object') continue;
      for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const fn = (instance as Record<string, unknown>)[method];
        const name = typeof fn === 'function' ? this.reflector.get<JobName>(JOB_HANDLER, fn) : undefined;
        if (!name) continue;
        if (this.handlers.has(name)) throw new Error(`job ${name} has more than one @OnJob handler`);
        this.handlers.set(name, (fn as AnyHandler).bind(instance));
      }
    }
    const missing = Object.keys(JOBS).filter((name) => !this.handlers.has(name as JobName));
    if (missing.length) throw new Error(`no @OnJob handler for job(s): ${missing.join(', ')}`);
  }

  /** After every module's init: the heartbeat is up and leftovers of a previous run are reaped. */
  onApplicationBootstrap(): void {
    const id = workerIdOf(this.config);
    for (const queue of QUEUE_NAMES) {
      const worker = new Worker(queue, (job, token) => this.process(job, token), {
        connection: this.redis.dedicated(`bullmq-worker-${queue}`),
        prefix: this.keys.bullPrefix,
        name: id,
        ...QUEUE_OPTIONS[queue](this.config),
      });
      worker.on('error', (err) => this.logger.warn(`queue ${queue}: ${err.message}`));
      worker.on('failed', (job, err) => {
        this.logger.warn(`job ${job?.name} ${job?.id} failed: ${err.message}`);
        // Only the last attempt: a failure BullMQ will retry is not an incident yet.
        if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
          reportJobFailure(err, { ...idsOf(job), job: job.name, workerId: id });
        }
      });
      this.workers.push(worker);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const closed = Promise.all(this.workers.map((w) => w.close()));
    const graceOver = sleep(this.config.SHUTDOWN_GRACE_SECONDS * 1_000, 'grace-over', { ref: false });
    if ((await Promise.race([closed, graceOver])) === 'grace-over' && this.running.size > 0) {
      this.logger.warn(`shutdown: handing ${this.running.size} running job(s) back to the queue`);
      this.running.interruptAll();
    }
    await closed;
  }

  private async process(job: Job, token: string | undefined): Promise<void> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    const result = await handler(job.data as JobPayloads[JobName], job);
    // The job still holds jobId = executionId, so adding a new job would be ignored as a
    // duplicate. Moving this same job back to waiting (or delayed) keeps the id and hands it to
    // the next worker; WaitingError / DelayedError tell BullMQ not to mark it completed.
    if (result === 'hand-back') {
      await job.moveToWait(token);
      throw new WaitingError();
    }
    if (result) {
      await job.moveToDelayed(Date.now() + result.retryAfterMs, token);
      throw new DelayedError();
    }
  }
}
