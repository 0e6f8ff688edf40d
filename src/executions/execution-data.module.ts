import { Module } from '@nestjs/common';
import { ExecutionsRepository } from './executions.repository';

/**
 * Where executions are kept, one instance per process whatever imports it: rows in PostgreSQL
 * (the live streams in Redis are the live log's, `LiveLogModule`).
 */
@Module({
  providers: [ExecutionsRepository],
  exports: [ExecutionsRepository],
})
export class ExecutionDataModule {}
