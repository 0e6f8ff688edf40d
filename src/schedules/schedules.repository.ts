import { Injectable } from '@nestjs/common';
import { Kysely } from 'kysely';
import { Database, ExecutionRow } from '../database/database.types';
import { ScheduleInput } from '../executions/execution-input';

export interface NewTickExecution {
  triggerId: string;
  botId: string;
  scheduledAt: Date;
  input: ScheduleInput;
}

@Injectable()
export class SchedulesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The tick's new execution; undefined when the tick already has one (the unique tick index). */
  createTickExecution(t: NewTickExecution): Promise<Pick<ExecutionRow, 'id'> | undefined> {
    return this.db
      .insertInto('executions')
      .values({
        bot_id: t.botId,
        trigger_id: t.triggerId,
        trigger_type: 'schedule',
        scheduled_at: t.scheduledAt,
        input: JSON.stringify(t.input),
      })
      .onConflict((oc) =>
        oc.columns(['trigger_id', 'scheduled_at']).where('scheduled_at', 'is not', null).doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
  }

  findTickExecution(
    triggerId: string,
    scheduledAt: Date,
  ): Promise<Pick<ExecutionRow, 'id' | 'status'> | undefined> {
    return this.db
      .selectFrom('executions')
      .select(['id', 'status'])
      .where('trigger_id', '=', triggerId)
      .where('scheduled_at', '=', scheduledAt)
      .executeTakeFirst();
  }
}
