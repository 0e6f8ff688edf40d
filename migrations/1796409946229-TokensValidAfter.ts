import { Kysely } from 'kysely';

// A user's access tokens issued before this instant are void (deleted, demoted, new password).
// Redis holds it for the per-request check; this column is what survives a flush of Redis
// (issue 11, F21). Null: no cutoff. Forward-only.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('tokens_valid_after', 'timestamptz').execute();
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
