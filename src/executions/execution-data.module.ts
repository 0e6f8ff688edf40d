import { Module } from '@nestjs/common';
import { ExecutionEventsRepository } from './execution-events.repository';
import { ExecutionsRepository } from './executions.repository';

/**
 * Where executions are kept, one instance of each per process whatever imports it: rows in
 * PostgreSQL, live streams in Redis (so one log-writer connection, not one per importing module).
 */
@Module({
  providers: [ExecutionsRepository, ExecutionEventsRepository],
  exports: [ExecutionsRepository, ExecutionEventsRepository],
})
export class ExecutionDataModule {}
