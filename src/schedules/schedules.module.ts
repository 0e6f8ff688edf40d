import { Module } from '@nestjs/common';
import { ExecutionDispatcherModule } from '../executions/execution-dispatcher.module';
import { TriggersRepository } from '../triggers/triggers.repository';
import { ScheduleFirer } from './schedule-firer';
import { ScheduleReconciler } from './schedule-reconciler';
import { ScheduleSync } from '../triggers/schedule-sync';
import { SchedulesRepository } from './schedules.repository';

/** The worker's schedule side: fires each tick once, and keeps the schedulers in step with the triggers. */
@Module({
  imports: [ExecutionDispatcherModule],
  providers: [ScheduleFirer, ScheduleReconciler, ScheduleSync, SchedulesRepository, TriggersRepository],
})
export class SchedulesModule {}
