import { Injectable } from '@nestjs/common';
import { MicroBatcher } from '../common/micro-batcher';
import { ExecutionRow } from '../database/database.types';
import { QueueRepository } from '../queue/queue.repository';
import { ExecutionsRepository, NewExecution } from './executions.repository';

/**
 * Durable before acknowledged: executions are committed to PostgreSQL, then queued. When the
 * queueing fails after the commit they stay `queued` (the worker's sweeper enqueues them later)
 * and the error reaches the caller, which answers 503 rather than claim the work was queued.
 */
@Injectable()
export class ExecutionDispatcher {
  /** Callers enqueueing at the same time (webhooks under load) share one bulk add: one round trip. */
  private readonly adds: MicroBatcher<string[], void>;

  constructor(
    private readonly executions: ExecutionsRepository,
    queue: QueueRepository,
  ) {
    this.adds = new MicroBatcher(
      async (lists) => {
        await queue.queueAll(
          'execution.run',
          lists.flat().map((executionId) => ({ executionId })),
        );
        return lists.map(() => undefined);
      },
      { maxConcurrent: 2, maxItems: 500 },
    );
  }

  /** One multi-row INSERT (a single statement is its own transaction), then one bulk add. */
  async createAndQueue(rows: NewExecution[]): Promise<ExecutionRow[]> {
    const created = await this.executions.createMany(rows);
    await this.enqueue(created.map((row) => row.id));
    return created;
  }

  /** For executions already committed by the caller's own transaction (e.g. with their delivery). */
  async enqueue(executionIds: string[]): Promise<void> {
    if (executionIds.length > 0) await this.adds.add(executionIds);
  }
}
