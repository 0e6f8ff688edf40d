import { Module } from '@nestjs/common';
import { ExecutionEventsRepository } from '../execution-events.repository';
import { ExecutionsRepository } from '../executions.repository';
import { ExecutionReaper } from './execution-reaper';
import { QueuedSweeper } from './queued-sweeper';
import { WorkerHeartbeat } from './worker-heartbeat';
import { WorkerHeartbeatRepository } from './worker-heartbeat.repository';

/** Worker-side recovery: heartbeat, reaper of lost workers' executions, sweeper of job-less ones. */
@Module({
  providers: [
    WorkerHeartbeat,
    WorkerHeartbeatRepository,
    ExecutionReaper,
    QueuedSweeper,
    ExecutionsRepository,
    ExecutionEventsRepository,
  ],
})
export class ExecutionMaintenanceModule {}
