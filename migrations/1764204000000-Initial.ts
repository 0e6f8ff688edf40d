import { Kysely, sql } from 'kysely';

// Migrations are forward-only and never edited once merged: add a new file instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('bots')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('backend', 'text', (c) => c.notNull())
    .addColumn('model', 'text')
    .addColumn('prompt_template', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('command', sql`text[]`)
    .addColumn('workdir', 'text')
    .addColumn('timeout_seconds', 'integer', (c) => c.notNull().defaultTo(600))
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('options', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('bots_name_key', ['name'])
    .addCheckConstraint(
      'bots_backend_check',
      sql`backend in ('claude', 'codex', 'gemini', 'opencode', 'command')`,
    )
    .addCheckConstraint('bots_timeout_check', sql`timeout_seconds between 1 and 86400`)
    .execute();

  await db.schema
    .createTable('triggers')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('bot_id', 'uuid', (c) => c.notNull().references('bots.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('config', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('token', 'text')
    .addColumn('secret_encrypted', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('triggers_token_key', ['token'])
    .addCheckConstraint('triggers_type_check', sql`type in ('webhook', 'github', 'schedule')`)
    .execute();
  await db.schema.createIndex('triggers_bot_id_idx').on('triggers').column('bot_id').execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('trigger_id', 'uuid', (c) => c.references('triggers.id').onDelete('set null'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('dedup_key', 'text', (c) => c.notNull())
    .addColumn('event', 'text')
    .addColumn('headers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('deliveries_dedup_key_key', ['dedup_key'])
    .addCheckConstraint('deliveries_source_check', sql`source in ('webhook', 'github')`)
    .execute();
  await db.schema
    .createIndex('deliveries_trigger_received_idx')
    .on('deliveries')
    .columns(['trigger_id', 'received_at desc'])
    .execute();

  await db.schema
    .createTable('executions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('bot_id', 'uuid', (c) => c.notNull().references('bots.id').onDelete('cascade'))
    .addColumn('trigger_id', 'uuid', (c) => c.references('triggers.id').onDelete('set null'))
    .addColumn('trigger_type', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'uuid', (c) => c.references('deliveries.id').onDelete('set null'))
    .addColumn('retry_of', 'uuid', (c) => c.references('executions.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('input', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('queued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('exit_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('worker_id', 'text')
    .addColumn('cost_usd', 'numeric(12, 6)')
    .addColumn('cancel_requested_at', 'timestamptz')
    .addCheckConstraint(
      'executions_status_check',
      sql`status in ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out')`,
    )
    .addCheckConstraint(
      'executions_trigger_type_check',
      sql`trigger_type in ('webhook', 'github', 'schedule', 'manual', 'retry', 'replay')`,
    )
    .execute();
  await db.schema
    .createIndex('executions_queued_at_idx')
    .on('executions')
    .columns(['queued_at desc', 'id desc'])
    .execute();
  await db.schema
    .createIndex('executions_bot_queued_at_idx')
    .on('executions')
    .columns(['bot_id', 'queued_at desc', 'id desc'])
    .execute();
  await db.schema.createIndex('executions_delivery_id_idx').on('executions').column('delivery_id').execute();
  await db.schema
    .createIndex('executions_active_idx')
    .on('executions')
    .column('status')
    .where(sql.ref('status'), 'in', ['queued', 'running'])
    .execute();

  await db.schema
    .createTable('execution_logs')
    .addColumn('execution_id', 'uuid', (c) => c.notNull().references('executions.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('stream', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('ts', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('execution_logs_pkey', ['execution_id', 'seq'])
    .addCheckConstraint('execution_logs_stream_check', sql`stream in ('stdout', 'stderr', 'system')`)
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
