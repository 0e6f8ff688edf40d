import { Module } from '@nestjs/common';
import { ExecutionLogsRepository } from './execution-logs.repository';
import { ExecutionMaintenanceRepository } from './execution-maintenance.repository';
import { ExecutionRunsRepository } from './execution-runs.repository';
import { ExecutionsRepository } from './executions.repository';

const REPOSITORIES = [
  ExecutionsRepository,
  ExecutionRunsRepository,
  ExecutionLogsRepository,
  ExecutionMaintenanceRepository,
];

/**
 * Where executions are kept, one instance per process whatever imports it: rows in PostgreSQL
 * (the live streams in Redis are the live log's, `LiveLogModule`), one repository per caller —
 * the API's, the runner's, the log rows, the maintenance queries.
 */
@Module({
  providers: REPOSITORIES,
  exports: REPOSITORIES,
})
export class ExecutionDataModule {}
