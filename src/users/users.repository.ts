import { Injectable } from '@nestjs/common';
import { Kysely, Transaction, sql } from 'kysely';
import { Database, Role, UserRow } from '../database/database.types';

type Db = Kysely<Database> | Transaction<Database>;

export interface UserChanges {
  email?: string;
  password_hash?: string;
  role?: Role;
}

// Any constant works; it only has to be the same on every replica.
const FIRST_ADMIN_LOCK = 0x61676e74;

@Injectable()
export class UsersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  list(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().orderBy('email').execute();
  }

  findById(id: string, db: Db = this.db): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Email by user id, for the ids that still exist. */
  async emailsOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('users').select(['id', 'email']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.email]));
  }

  findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  async any(): Promise<boolean> {
    const row = await this.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    return row !== undefined;
  }

  create(email: string, passwordHash: string, role: Role): Promise<UserRow> {
    return this.db
      .insertInto('users')
      .values({ email, password_hash: passwordHash, role })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Creates the admin only while the table is empty; replicas starting at once create one. */
  createFirstAdmin(email: string, passwordHash: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`.execute(trx);
      const existing = await trx.selectFrom('users').select('id').limit(1).executeTakeFirst();
      if (existing) return false;
      await trx.insertInto('users').values({ email, password_hash: passwordHash, role: 'admin' }).execute();
      return true;
    });
  }

  /**
   * Runs `work` in a transaction that holds the admin rows locked, so two requests cannot each
   * remove "one of two" admins and leave none.
   */
  withAdminsLocked<T>(work: (adminIds: string[], trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const admins = await trx
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'admin')
        .forUpdate()
        .execute();
      return work(
        admins.map((a) => a.id),
        trx,
      );
    });
  }

  update(id: string, changes: UserChanges, db: Db = this.db): Promise<UserRow | undefined> {
    return db
      .updateTable('users')
      .set({ ...changes, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async delete(id: string, db: Db = this.db): Promise<boolean> {
    const res = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return res.numDeletedRows > 0n;
  }
}
