import { Global, Module } from '@nestjs/common';
import { QueueRepository } from './queue.repository';
import { WorkerHeartbeatRepository } from './worker-heartbeat.repository';

/** The queues, and which of their workers are alive (the reaper and the metrics both ask). */
@Global()
@Module({
  providers: [QueueRepository, WorkerHeartbeatRepository],
  exports: [QueueRepository, WorkerHeartbeatRepository],
})
export class QueueModule {}
