import { Kysely, sql } from 'kysely';

// The tick a schedule execution belongs to, unique per trigger: however often BullMQ delivers a
// tick's job (a retry, a stalled job taken over), it starts one execution (issue 4). Forward-only.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('executions').addColumn('scheduled_at', 'timestamptz').execute();
  await db.schema
    .createIndex('executions_schedule_tick_key')
    .unique()
    .on('executions')
    .columns(['trigger_id', 'scheduled_at'])
    .where(sql.ref('scheduled_at'), 'is not', null)
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
