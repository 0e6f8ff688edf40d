import { Module } from '@nestjs/common';
import { ExecutionDispatcher } from './execution-dispatcher';
import { ExecutionsRepository } from './executions.repository';

/** Creating and queueing executions, for every feature that starts one. */
@Module({ providers: [ExecutionDispatcher, ExecutionsRepository], exports: [ExecutionDispatcher] })
export class ExecutionDispatcherModule {}
