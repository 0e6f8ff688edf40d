import { Kysely, sql } from 'kysely';

// Bot secrets, raw CLI lines beside their readable text, and token counts (issue 4). Forward-only.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('bot_secrets')
    .addColumn('bot_id', 'uuid', (c) => c.notNull().references('bots.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // AES-256-GCM under MASTER_KEY (SecretBox); the plaintext is never stored
    .addColumn('value_encrypted', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('bot_secrets_pkey', ['bot_id', 'name'])
    .addCheckConstraint('bot_secrets_name_check', sql`name ~ '^[A-Z_][A-Z0-9_]{0,63}$'`)
    .execute();

  await db.schema.alterTable('execution_logs').addColumn('raw', 'text').execute();

  await db.schema
    .alterTable('executions')
    .addColumn('input_tokens', 'bigint')
    .addColumn('output_tokens', 'bigint')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
