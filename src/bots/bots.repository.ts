import { Injectable } from '@nestjs/common';
import { Kysely } from 'kysely';
import { BotRow, BotUpdate, Database, NewBot } from '../database/database.types';

@Injectable()
export class BotsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  list(): Promise<BotRow[]> {
    return this.db.selectFrom('bots').selectAll().orderBy('name').execute();
  }

  findById(id: string): Promise<BotRow | undefined> {
    return this.db.selectFrom('bots').selectAll().where('id', '=', id).executeTakeFirst();
  }

  create(bot: NewBot): Promise<BotRow> {
    return this.db.insertInto('bots').values(bot).returningAll().executeTakeFirstOrThrow();
  }

  update(id: string, changes: BotUpdate): Promise<BotRow | undefined> {
    return this.db
      .updateTable('bots')
      .set({ ...changes, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async delete(id: string): Promise<boolean> {
    const res = await this.db.deleteFrom('bots').where('id', '=', id).executeTakeFirst();
    return res.numDeletedRows > 0n;
  }
}
