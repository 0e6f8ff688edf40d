import { Module } from '@nestjs/common';
import { ExecutionDataModule } from './execution-data.module';
import { ExecutionDispatcher } from './execution-dispatcher';

/** Creating and queueing executions, for every feature that starts one. */
@Module({ imports: [ExecutionDataModule], providers: [ExecutionDispatcher], exports: [ExecutionDispatcher] })
export class ExecutionDispatcherModule {}
