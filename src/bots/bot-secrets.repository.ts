import { Injectable } from '@nestjs/common';
import { Kysely, sql } from 'kysely';
import { Database } from '../database/database.types';

/** Bot secrets as stored: values sealed by SecretBox, never decrypted here. */
@Injectable()
export class BotSecretsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsert(botId: string, name: string, valueEncrypted: string): Promise<void> {
    await this.db
      .insertInto('bot_secrets')
      .values({ bot_id: botId, name, value_encrypted: valueEncrypted })
      .onConflict((oc) =>
        oc
          .columns(['bot_id', 'name'])
          .doUpdateSet({ value_encrypted: valueEncrypted, updated_at: sql`now()` }),
      )
      .execute();
  }

  async delete(botId: string, name: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('bot_secrets')
      .where('bot_id', '=', botId)
      .where('name', '=', name)
      .executeTakeFirst();
    return res.numDeletedRows > 0n;
  }

  /** Names per bot, sorted; bots without secrets are absent from the map. */
  async namesByBot(botIds: string[]): Promise<Map<string, string[]>> {
    const byBot = new Map<string, string[]>();
    if (botIds.length === 0) return byBot;
    const rows = await this.db
      .selectFrom('bot_secrets')
      .select(['bot_id', 'name'])
      .where('bot_id', 'in', botIds)
      .orderBy('bot_id')
      .orderBy('name')
      .execute();
    for (const { bot_id, name } of rows) byBot.set(bot_id, [...(byBot.get(bot_id) ?? []), name]);
    return byBot;
  }
}
