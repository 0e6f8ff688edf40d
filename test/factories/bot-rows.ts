import { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import { BotRow, Database, NewBot } from '../../src/database/database.types';

/** A bot row as the database returns it, for unit specs that never touch the database. */
export function botRow(changes: Partial<BotRow> = {}): BotRow {
  return {
    id: 'b1',
    name: 'reviewer',
    description: '',
    backend: 'command',
    model: null,
    prompt_template: '',
    command: null,
    workdir: null,
    timeout_seconds: 60,
    enabled: true,
    options: {},
    created_at: new Date(),
    updated_at: new Date(),
    ...changes,
  };
}

/** A bot written straight to the database: a command bot running `echo hi` unless told otherwise. */
export function insertBot(db: Kysely<Database>, fields: Partial<NewBot> = {}): Promise<BotRow> {
  const backend = fields.backend ?? 'command';
  return db
    .insertInto('bots')
    .values({
      name: `bot-${randomBytes(4).toString('hex')}`,
      backend,
      command: backend === 'command' ? ['echo', 'hi'] : null,
      ...fields,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
