import { Injectable } from '@nestjs/common';
import { Kysely, sql } from 'kysely';
import { ApiKeyRow, Database, Role } from '../database/database.types';

export interface NewApiKey {
  userId: string;
  name: string;
  role: Role;
  keyHash: string;
}

/** A key that works, and the role its creator has now. */
export type ActiveApiKey = ApiKeyRow & { creator_role: Role };

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly db: Kysely<Database>) {}

  create(k: NewApiKey): Promise<ApiKeyRow> {
    return this.db
      .insertInto('api_keys')
      .values({ user_id: k.userId, name: k.name, role: k.role, key_hash: k.keyHash })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  listActive(): Promise<ApiKeyRow[]> {
    return this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
  }

  findActiveByHash(keyHash: string): Promise<ActiveApiKey | undefined> {
    return this.active().where('api_keys.key_hash', '=', keyHash).executeTakeFirst();
  }

  findActiveById(id: string): Promise<ActiveApiKey | undefined> {
    return this.active().where('api_keys.id', '=', id).executeTakeFirst();
  }

  /** Keys not revoked, with their creator's current role; a key whose creator is gone is not one. */
  private active() {
    return this.db
      .selectFrom('api_keys')
      .innerJoin('users', 'users.id', 'api_keys.user_id')
      .selectAll('api_keys')
      .select('users.role as creator_role')
      .where('api_keys.revoked_at', 'is', null);
  }

  /** At most one write per key and minute, however busy the key is. */
  async touch(id: string): Promise<void> {
    await this.db
      .updateTable('api_keys')
      .set({ last_used_at: new Date() })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb('last_used_at', 'is', null),
          eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`),
        ]),
      )
      .execute();
  }

  revoke(id: string): Promise<ApiKeyRow | undefined> {
    return this.db
      .updateTable('api_keys')
      .set({ revoked_at: new Date() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }
}
