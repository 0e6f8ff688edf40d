import { Module } from '@nestjs/common';
import { CancelChannel } from './cancel-channel';
import { ExecutionEventsRepository } from './execution-events.repository';

/**
 * The live log's writers and readers, one instance per process whatever imports it (so one
 * log-writer connection, not one per importing module), and the cancel channel.
 */
@Module({
  providers: [ExecutionEventsRepository, CancelChannel],
  exports: [ExecutionEventsRepository, CancelChannel],
})
export class LiveLogModule {}
