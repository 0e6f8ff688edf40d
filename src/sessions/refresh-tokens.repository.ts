import { Injectable } from '@nestjs/common';
import { Kysely } from 'kysely';
import { Database, RefreshTokenRow } from '../database/database.types';

export type RotateOutcome =
  | { status: 'rotated'; previous: RefreshTokenRow }
  /** the token had been used before: its whole family is now revoked */
  | { status: 'reused'; previous: RefreshTokenRow }
  | { status: 'invalid' };

export interface NewRefreshToken {
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
}

@Injectable()
export class RefreshTokensRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(t: NewRefreshToken): Promise<void> {
    await this.db
      .insertInto('refresh_tokens')
      .values({ user_id: t.userId, family_id: t.familyId, token_hash: t.tokenHash, expires_at: t.expiresAt })
      .execute();
  }

  /**
   * Marks `tokenHash` used and stores its successor, in one transaction. The row lock makes two
   * concurrent uses of one token a reuse for the second, as the rotation rule demands.
   */
  rotate(tokenHash: string, next: Omit<NewRefreshToken, 'userId' | 'familyId'>): Promise<RotateOutcome> {
    return this.db.transaction().execute(async (trx): Promise<RotateOutcome> => {
      const row = await trx
        .selectFrom('refresh_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .forUpdate()
        .executeTakeFirst();
      if (!row || row.revoked_at !== null) return { status: 'invalid' };
      if (row.used_at !== null) {
        await trx
          .updateTable('refresh_tokens')
          .set({ revoked_at: new Date() })
          .where('family_id', '=', row.family_id)
          .where('revoked_at', 'is', null)
          .execute();
        return { status: 'reused', previous: row };
      }
      if (row.expires_at.getTime() <= Date.now()) return { status: 'invalid' };
      await trx.updateTable('refresh_tokens').set({ used_at: new Date() }).where('id', '=', row.id).execute();
      await trx
        .insertInto('refresh_tokens')
        .values({
          user_id: row.user_id,
          family_id: row.family_id,
          token_hash: next.tokenHash,
          expires_at: next.expiresAt,
        })
        .execute();
      return { status: 'rotated', previous: row };
    });
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.db
      .updateTable('refresh_tokens')
      .set({ revoked_at: new Date() })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Whether the family was revoked (sign-out, reuse). A family without rows is not: see endAll. */
  async isFamilyRevoked(familyId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('refresh_tokens')
      .select('id')
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is not', null)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.db.deleteFrom('refresh_tokens').where('user_id', '=', userId).execute();
  }

  /** Housekeeping at sign-in: a user's expired tokens are of no use to anyone. */
  async deleteExpiredForUser(userId: string): Promise<void> {
    await this.db
      .deleteFrom('refresh_tokens')
      .where('user_id', '=', userId)
      .where('expires_at', '<', new Date())
      .execute();
  }
}
