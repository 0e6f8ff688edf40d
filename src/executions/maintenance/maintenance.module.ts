import { Module } from '@nestjs/common';
import { LiveLogModule } from '../../live-log/live-log.module';
import { ExecutionDataModule } from '../execution-data.module';
import { ExecutionReaper } from './execution-reaper';
import { QueuedSweeper } from './queued-sweeper';
import { WorkerHeartbeat } from './worker-heartbeat';

/** Worker-side recovery: heartbeat, reaper of lost workers' executions, sweeper of job-less ones. */
@Module({
  imports: [ExecutionDataModule, LiveLogModule],
  providers: [WorkerHeartbeat, ExecutionReaper, QueuedSweeper],
})
export class ExecutionMaintenanceModule {}
